// The realisasi_indikator file: what an indicator achieved in one period
// ("<satker>/<tahun>/realisasi/<indikator_kode>/<periode>").
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "common/values/periode.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> RealisasiIndikatorKey(const v1::Record& record) {
  const v1::RealisasiIndikator& r = record.realisasi_indikator();
  if (absl::Status st =
          RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) &&
                            !r.indikator_kode().empty() && r.periode() != v1::PERIODE_UNSPECIFIED,
                        "realisasi_indikator satker, tahun, indikator_kode or periode");
      !st.ok()) {
    return st;
  }
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindRealisasi,
                            {r.indikator_kode(), values::FormatPeriode(r.periode())});
}

absl::Status ParseRealisasiIndikator(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::RealisasiIndikator& realisasi = *record.mutable_realisasi_indikator();
    realisasi.set_satker(cells.Satker());
    realisasi.set_tahun(cells.Tahun());
    realisasi.set_indikator_kode(cells.Kode("indikator_kode"));
    realisasi.set_periode(cells.Periode("periode"));
    *realisasi.mutable_realisasi() = cells.Nilai("realisasi");
    realisasi.set_keterangan(cells.OptionalText("keterangan"));
    if (!cells.ok()) return cells.status();
    const std::string what =
        absl::StrCat(values::FormatPeriode(realisasi.periode()), " of ",
                     EntityForMessage(realisasi.tahun(), realisasi.satker(), "indikator",
                                      realisasi.indikator_kode()));
    if (absl::Status s = out->Add(row, "periode", std::move(record), what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::vector<std::string>> FormatRealisasiIndikator(
    const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::RealisasiIndikator& i = record.realisasi_indikator();
    rows.push_back({i.satker(), absl::StrCat(i.tahun()), i.indikator_kode(),
                    values::FormatPeriode(i.periode()), NilaiCell(i.realisasi()), i.keterangan()});
  }
  return rows;
}

}  // namespace

FileCodec RealisasiIndikatorCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_REALISASI_INDIKATOR,
      .name = values::EnumWord(v1::FILE_KIND_REALISASI_INDIKATOR),
      .columns =
          {{"satker"}, {"tahun"}, {"indikator_kode"}, {"periode"}, {"realisasi"}, {"keterangan"}},
      .records = {RecordKind{.entity = v1::Record::kRealisasiIndikator,
                             .key_kind = storage::kKindRealisasi,
                             .key = RealisasiIndikatorKey}},
      .parse = ParseRealisasiIndikator,
      .format = FormatRealisasiIndikator,
  };
}

}  // namespace kinerja::codec
