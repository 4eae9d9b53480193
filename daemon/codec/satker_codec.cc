// The satker file: the registry of satker and their parents, published by RI as reference
// data ("RI/ref/satker/<kode>").
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

// The satker who publishes the registry.
constexpr absl::string_view kRegistryPublisher = "RI";

absl::StatusOr<std::string> SatkerKey(const v1::Record& record) {
  const v1::Satker& s = record.satker();
  if (absl::Status st = RequireFields(!s.kode().empty(), "satker.kode"); !st.ok()) return st;
  return storage::ReferenceKey(kRegistryPublisher, storage::kRefSatker, {s.kode()});
}

// The induk rules: empty exactly for nasional, and never the satker itself.
absl::Status CheckInduk(const ImportRow& row, const v1::Satker& satker) {
  const bool nasional = satker.tingkat() == v1::TINGKAT_NASIONAL;
  if (nasional && !satker.induk().empty()) {
    return row.Expected("induk", "no induk for a nasional satker");
  }
  if (!nasional && satker.induk().empty()) {
    return row.Expected("induk", "the parent satker's code (empty only for nasional)");
  }
  if (satker.induk() == satker.kode()) {
    return row.Expected("induk", "the parent satker's code, not the satker's own");
  }
  return absl::OkStatus();
}

absl::Status ParseSatker(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::Satker& satker = *record.mutable_satker();
    satker.set_kode(cells.Satker("kode"));
    satker.set_nama(cells.Text("nama"));
    satker.set_tingkat(cells.Choice<v1::Tingkat>("tingkat"));
    satker.set_induk(cells.Kode("induk", /*required=*/false));
    if (!cells.ok()) return cells.status();
    if (absl::Status s = CheckInduk(row, satker); !s.ok()) return s;
    const std::string what = absl::StrCat("satker ", satker.kode());
    if (absl::Status s = out->Add(row, "kode", std::move(record), what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::vector<std::string>> FormatSatker(const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::Satker& s = record.satker();
    rows.push_back({s.kode(), s.nama(), values::EnumWord(s.tingkat()), s.induk()});
  }
  return rows;
}

}  // namespace

FileCodec SatkerCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_SATKER,
      .name = values::EnumWord(v1::FILE_KIND_SATKER),
      .columns = {{"kode"}, {"nama"}, {"tingkat"}, {"induk"}},
      .records = {RecordKind{
          .entity = v1::Record::kSatker,
          .section = storage::KeySection::kReference,
          .key_kind = storage::kRefSatker,
          .key = SatkerKey,
          .export_prefix =
              [](const v1::ExportRequest&) { return storage::SatkerPrefix(kRegistryPublisher); },
          .export_selects =
              [](const v1::Record& record, const v1::ExportRequest& request) {
                return request.satker().empty() || record.satker().kode() == request.satker();
              },
      }},
      .parse = ParseSatker,
      .format = FormatSatker,
  };
}

}  // namespace kinerja::codec
