// The indikator file: indicators of an RKT, PK or IKU document, with target, unit and
// polarity ("<satker>/<tahun>/indikator/<indikator_kode>").
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "common/values/nilai.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> IndikatorKey(const v1::Record& record) {
  const v1::Indikator& r = record.indikator();
  if (absl::Status st =
          RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) && !r.indikator_kode().empty(),
                        "indikator satker, tahun or indikator_kode");
      !st.ok()) {
    return st;
  }
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindIndikator, {r.indikator_kode()});
}

// The unit of the satuan column, kept on the indikator itself (so it survives a document
// that states no target), and the target, unset when the cell is empty; a numeric target
// without a unit of its own takes the satuan column's.
void ReadTargetAndSatuan(CellReader& cells, v1::Indikator* indikator) {
  indikator->set_satuan(cells.OptionalText("satuan"));
  if (!cells.ok() || cells.row().Cell("target").empty()) return;
  v1::Nilai target = cells.Nilai("target");
  if (target.has_angka_e4() && target.satuan().empty()) target.set_satuan(indikator->satuan());
  *indikator->mutable_target() = std::move(target);
}

absl::Status ParseIndikator(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::Indikator& indikator = *record.mutable_indikator();
    indikator.set_satker(cells.Satker());
    indikator.set_tahun(cells.Tahun());
    indikator.set_dokumen(cells.Choice<v1::Dokumen>("dokumen"));
    indikator.set_sasaran_kode(cells.Kode("sasaran_kode"));
    indikator.set_sasaran(cells.Text("sasaran"));
    indikator.set_indikator_kode(cells.Kode("indikator_kode"));
    indikator.set_indikator(cells.Text("indikator"));
    ReadTargetAndSatuan(cells, &indikator);
    indikator.set_polaritas(row.Cell("polaritas").empty()
                                ? v1::POLARITAS_POSITIF
                                : cells.Choice<v1::Polaritas>("polaritas"));
    indikator.set_cara_penghitungan(cells.OptionalText("cara_penghitungan"));
    indikator.set_sumber_data(cells.OptionalText("sumber_data"));
    if (!cells.ok()) return cells.status();
    const std::string what = EntityForMessage(indikator.tahun(), indikator.satker(), "indikator",
                                              indikator.indikator_kode());
    if (absl::Status s = out->Add(row, "indikator_kode", std::move(record), what); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// The satuan column: the indikator's own unit. A record stored before the indikator kept its
// unit has it only on a target whose text does not say it ("12" with unit "Laporan"), so the
// column takes it from there, and the file still imports to the same target.
std::string SatuanCell(const v1::Indikator& indikator) {
  if (!indikator.satuan().empty() || !indikator.has_target()) return indikator.satuan();
  const v1::Nilai& target = indikator.target();
  const absl::StatusOr<v1::Nilai> written = values::ParseNilai(NilaiCell(target), true);
  if (written.ok() && !written->satuan().empty()) return "";
  return target.satuan();
}

std::vector<std::vector<std::string>> FormatIndikator(const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::Indikator& i = record.indikator();
    rows.push_back({i.satker(), absl::StrCat(i.tahun()), values::EnumWord(i.dokumen()),
                    i.sasaran_kode(), i.sasaran(), i.indikator_kode(), i.indikator(),
                    i.has_target() ? NilaiCell(i.target()) : "", SatuanCell(i),
                    i.polaritas() == v1::POLARITAS_NEGATIF ? "negatif" : "positif",
                    i.cara_penghitungan(), i.sumber_data()});
  }
  return rows;
}

}  // namespace

FileCodec IndikatorCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_INDIKATOR,
      .name = values::EnumWord(v1::FILE_KIND_INDIKATOR),
      .columns = {{"satker"},
                  {"tahun"},
                  {"dokumen"},
                  {"sasaran_kode"},
                  {"sasaran"},
                  {"indikator_kode"},
                  {"indikator"},
                  {"target"},
                  {"satuan"},
                  {"polaritas"},
                  {"cara_penghitungan"},
                  {"sumber_data"}},
      .records = {RecordKind{.entity = v1::Record::kIndikator,
                             .key_kind = storage::kKindIndikator,
                             .key = IndikatorKey}},
      .parse = ParseIndikator,
      .format = FormatIndikator,
  };
}

}  // namespace kinerja::codec
