// The total_dokumen file: totals a document states, so that its own rows can be checked
// against them ("<satker>/<tahun>/total/<dokumen>/<bagian>/<program_kode or ->").
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/enum_words.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> TotalDokumenKey(const v1::Record& record) {
  const v1::TotalDokumen& r = record.total_dokumen();
  if (absl::Status st = RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) &&
                                          !r.dokumen().empty() && !r.bagian().empty(),
                                      "total_dokumen satker, tahun, dokumen or bagian");
      !st.ok()) {
    return st;
  }
  absl::StatusOr<absl::string_view> program = CodeOrDash(r.program_kode(), "program_kode");
  if (!program.ok()) return program.status();
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindTotal,
                            {r.dokumen(), r.bagian(), *program});
}

// pagu and realisasi may each be empty (not stated there), not both; "-" is zero.
absl::Status ParseTotalDokumen(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::TotalDokumen& total = *record.mutable_total_dokumen();
    total.set_satker(cells.Satker());
    total.set_tahun(cells.Tahun());
    total.set_dokumen(cells.Text("dokumen"));
    total.set_bagian(cells.Text("bagian"));
    total.set_program_kode(cells.OptionalKeyKode("program_kode"));
    const std::optional<int64_t> pagu = cells.Rupiah("pagu", /*allow_negative=*/false);
    const std::optional<int64_t> realisasi = cells.Rupiah("realisasi", /*allow_negative=*/true);
    if (!cells.ok()) return cells.status();
    if (!pagu && !realisasi) {
      return row.Error("pagu", "expected a stated pagu or realisasi, got neither");
    }
    if (pagu) total.set_pagu_rupiah(*pagu);
    if (realisasi) total.set_realisasi_rupiah(*realisasi);
    const std::string what =
        absl::StrCat("total of ", total.dokumen(), " ", total.bagian(), " ", total.program_kode());
    if (absl::Status s = out->Add(row, "bagian", std::move(record), what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::vector<std::string>> FormatTotalDokumen(const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::TotalDokumen& t = record.total_dokumen();
    rows.push_back({t.satker(), absl::StrCat(t.tahun()), t.dokumen(), t.bagian(), t.program_kode(),
                    t.has_pagu_rupiah() ? values::FormatRupiah(t.pagu_rupiah()) : "",
                    t.has_realisasi_rupiah() ? values::FormatRupiah(t.realisasi_rupiah()) : ""});
  }
  return rows;
}

}  // namespace

FileCodec TotalDokumenCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_TOTAL_DOKUMEN,
      .name = values::EnumWord(v1::FILE_KIND_TOTAL_DOKUMEN),
      .columns = {{"satker"},
                  {"tahun"},
                  {"dokumen"},
                  {"bagian"},
                  {"program_kode", true},
                  {"pagu"},
                  {"realisasi"}},
      .records = {RecordKind{.entity = v1::Record::kTotalDokumen,
                             .key_kind = storage::kKindTotal,
                             .key = TotalDokumenKey}},
      .parse = ParseTotalDokumen,
      .format = FormatTotalDokumen,
  };
}

}  // namespace kinerja::codec
