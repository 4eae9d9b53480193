// The rencana_aksi file: actions per indicator with target, schedule, cost and the sub-unit
// responsible ("<satker>/<tahun>/aksi/<indikator_kode>/<aksi_kode>").
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/enum_words.h"
#include "common/values/periode.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> RencanaAksiKey(const v1::Record& record) {
  const v1::RencanaAksi& r = record.rencana_aksi();
  if (absl::Status st = RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) &&
                                          !r.indikator_kode().empty() && !r.aksi_kode().empty(),
                                      "rencana_aksi satker, tahun, indikator_kode or aksi_kode");
      !st.ok()) {
    return st;
  }
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindAksi,
                            {r.indikator_kode(), r.aksi_kode()});
}

absl::Status ParseRencanaAksi(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::RencanaAksi& aksi = *record.mutable_rencana_aksi();
    aksi.set_satker(cells.Satker());
    aksi.set_tahun(cells.Tahun());
    aksi.set_indikator_kode(cells.Kode("indikator_kode"));
    aksi.set_aksi_kode(cells.Kode("aksi_kode"));
    aksi.set_aksi(cells.Text("aksi"));
    *aksi.mutable_target() = cells.Nilai("target");
    for (const v1::Periode periode : cells.Jadwal("jadwal")) aksi.add_jadwal(periode);
    aksi.set_biaya_rupiah(cells.Rupiah("biaya", /*allow_negative=*/false).value_or(0));
    aksi.set_pelaksana(cells.Text("pelaksana"));
    if (!cells.ok()) return cells.status();
    const std::string what = absl::StrCat(
        "aksi ", aksi.aksi_kode(), " of ",
        EntityForMessage(aksi.tahun(), aksi.satker(), "indikator", aksi.indikator_kode()));
    if (absl::Status s = out->Add(row, "aksi_kode", std::move(record), what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::vector<std::string>> FormatRencanaAksi(const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::RencanaAksi& a = record.rencana_aksi();
    rows.push_back({a.satker(), absl::StrCat(a.tahun()), a.indikator_kode(), a.aksi_kode(),
                    a.aksi(), NilaiCell(a.target()),
                    values::FormatJadwal(values::PeriodesOf(a.jadwal())),
                    values::FormatRupiah(a.biaya_rupiah()), a.pelaksana()});
  }
  return rows;
}

}  // namespace

FileCodec RencanaAksiCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_RENCANA_AKSI,
      .name = values::EnumWord(v1::FILE_KIND_RENCANA_AKSI),
      .columns = {{"satker"},
                  {"tahun"},
                  {"indikator_kode"},
                  {"aksi_kode"},
                  {"aksi"},
                  {"target"},
                  {"jadwal"},
                  {"biaya"},
                  {"pelaksana"}},
      .records = {RecordKind{.entity = v1::Record::kRencanaAksi,
                             .key_kind = storage::kKindAksi,
                             .key = RencanaAksiKey}},
      .parse = ParseRencanaAksi,
      .format = FormatRencanaAksi,
  };
}

}  // namespace kinerja::codec
