#include "client/output/record_columns.h"

#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/enum_words.h"
#include "common/values/nilai.h"
#include "common/values/periode.h"

namespace kinerja::client {
namespace {

constexpr size_t kTextWidth = 48;     // Longest free text shown in a listing.
constexpr size_t kSummaryWidth = 60;  // Longest text quoted in a summary.

std::string Money(int64_t rupiah, CellStyle style) {
  return style == CellStyle::kHuman ? values::FormatRupiah(rupiah) : absl::StrCat(rupiah);
}

std::string Year(int tahun) { return tahun == 0 ? "" : absl::StrCat(tahun); }

// Column builders; `C` keeps the tables below one line per column.
RecordColumn C(const char* name, std::string (*cell)(const v1::Record&, CellStyle)) {
  return RecordColumn{TextColumn{name}, false, cell};
}
RecordColumn Right(const char* name, std::string (*cell)(const v1::Record&, CellStyle)) {
  return RecordColumn{TextColumn{name, Align::kRight}, false, cell};
}
RecordColumn Text(const char* name, std::string (*cell)(const v1::Record&, CellStyle)) {
  return RecordColumn{TextColumn{name, Align::kLeft, kTextWidth}, false, cell};
}
RecordColumn Detail(const char* name, std::string (*cell)(const v1::Record&, CellStyle)) {
  return RecordColumn{TextColumn{name}, true, cell};
}

// Short names for the cell lambdas' parameters, so that each column stays on one line.
using R = const v1::Record&;
using S = CellStyle;

const std::vector<RecordColumn>& SatkerColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      C("kode", [](R r, S) { return r.satker().kode(); }),
      Text("nama", [](R r, S) { return r.satker().nama(); }),
      C("tingkat", [](R r, S) { return values::EnumWord(r.satker().tingkat()); }),
      C("induk", [](R r, S) { return r.satker().induk(); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& IndikatorColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.indikator().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.indikator().tahun()); }),
      C("dokumen", [](R r, S) { return values::EnumWord(r.indikator().dokumen()); }),
      C("sasaran_kode", [](R r, S) { return r.indikator().sasaran_kode(); }),
      Detail("sasaran", [](R r, S) { return r.indikator().sasaran(); }),
      C("indikator_kode", [](R r, S) { return r.indikator().indikator_kode(); }),
      Text("indikator", [](R r, S) { return r.indikator().indikator(); }),
      C("target",
        [](R r, S) {
          return values::FormatNilai(r.indikator().target(), values::Style::kDisplay);
        }),
      C("satuan", [](R r, S) { return r.indikator().target().satuan(); }),
      C("polaritas", [](R r, S) { return values::EnumWord(r.indikator().polaritas()); }),
      Detail("cara_penghitungan", [](R r, S) { return r.indikator().cara_penghitungan(); }),
      Detail("sumber_data", [](R r, S) { return r.indikator().sumber_data(); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& RealisasiIndikatorColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.realisasi_indikator().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.realisasi_indikator().tahun()); }),
      C("indikator_kode", [](R r, S) { return r.realisasi_indikator().indikator_kode(); }),
      C("periode", [](R r, S) { return values::FormatPeriode(r.realisasi_indikator().periode()); }),
      C("realisasi",
        [](R r, S) {
          return values::FormatNilai(r.realisasi_indikator().realisasi(), values::Style::kDisplay);
        }),
      Text("keterangan", [](R r, S) { return r.realisasi_indikator().keterangan(); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& AnggaranPaguColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.anggaran_pagu().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.anggaran_pagu().tahun()); }),
      C("program_kode", [](R r, S) { return r.anggaran_pagu().program_kode(); }),
      Detail("program", [](R r, S) { return r.anggaran_pagu().program(); }),
      C("kegiatan_kode", [](R r, S) { return r.anggaran_pagu().kegiatan_kode(); }),
      C("rincian_kode", [](R r, S) { return r.anggaran_pagu().rincian_kode(); }),
      Text("kegiatan", [](R r, S) { return r.anggaran_pagu().kegiatan(); }),
      Right("pagu", [](R r, S s) { return Money(r.anggaran_pagu().pagu_rupiah(), s); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& AnggaranRealisasiColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.anggaran_realisasi().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.anggaran_realisasi().tahun()); }),
      C("program_kode", [](R r, S) { return r.anggaran_realisasi().program_kode(); }),
      C("kegiatan_kode", [](R r, S) { return r.anggaran_realisasi().kegiatan_kode(); }),
      C("rincian_kode", [](R r, S) { return r.anggaran_realisasi().rincian_kode(); }),
      C("periode", [](R r, S) { return values::FormatPeriode(r.anggaran_realisasi().periode()); }),
      Right("realisasi",
            [](R r, S s) { return Money(r.anggaran_realisasi().realisasi_rupiah(), s); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& RencanaAksiColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.rencana_aksi().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.rencana_aksi().tahun()); }),
      C("indikator_kode", [](R r, S) { return r.rencana_aksi().indikator_kode(); }),
      C("aksi_kode", [](R r, S) { return r.rencana_aksi().aksi_kode(); }),
      Text("aksi", [](R r, S) { return r.rencana_aksi().aksi(); }),
      C("target",
        [](R r, S) {
          return values::FormatNilai(r.rencana_aksi().target(), values::Style::kDisplay);
        }),
      C("jadwal",
        [](R r, S) { return values::FormatJadwal(values::PeriodesOf(r.rencana_aksi().jadwal())); }),
      Right("biaya", [](R r, S s) { return Money(r.rencana_aksi().biaya_rupiah(), s); }),
      C("pelaksana", [](R r, S) { return r.rencana_aksi().pelaksana(); }),
  };
  return *columns;
}

const std::vector<RecordColumn>& CatatanColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.catatan().satker(); }),
      C("penulis", [](R r, S) { return r.catatan().penulis(); }),
      C("topik", [](R r, S) { return r.catatan().topik(); }),
      Text("teks", [](R r, S) { return r.catatan().teks(); }),
  };
  return *columns;
}

// A stated amount: "" when the document does not state it.
std::string Stated(bool stated, int64_t rupiah, CellStyle style) {
  return stated ? Money(rupiah, style) : "";
}

const std::vector<RecordColumn>& TotalDokumenColumns() {
  static const auto* columns = new std::vector<RecordColumn>{
      Detail("satker", [](R r, S) { return r.total_dokumen().satker(); }),
      Detail("tahun", [](R r, S) { return Year(r.total_dokumen().tahun()); }),
      C("dokumen", [](R r, S) { return r.total_dokumen().dokumen(); }),
      Text("bagian", [](R r, S) { return r.total_dokumen().bagian(); }),
      C("program_kode", [](R r, S) { return r.total_dokumen().program_kode(); }),
      Right("pagu",
            [](R r, S s) {
              return Stated(r.total_dokumen().has_pagu_rupiah(), r.total_dokumen().pagu_rupiah(),
                            s);
            }),
      Right("realisasi",
            [](R r, S s) {
              return Stated(r.total_dokumen().has_realisasi_rupiah(),
                            r.total_dokumen().realisasi_rupiah(), s);
            }),
  };
  return *columns;
}

// "LKj Ikhtisar Eksekutif, program CQ: pagu 235.639.061.000, realisasi 228.965.412.716".
std::string TotalDokumenSummary(const v1::TotalDokumen& t, size_t width) {
  std::string out = absl::StrCat(t.dokumen(), " ", Truncate(t.bagian(), width));
  if (!t.program_kode().empty()) absl::StrAppend(&out, ", program ", t.program_kode());
  absl::StrAppend(&out, ":");
  if (t.has_pagu_rupiah()) absl::StrAppend(&out, " pagu ", values::FormatRupiah(t.pagu_rupiah()));
  if (t.has_realisasi_rupiah()) {
    absl::StrAppend(&out, t.has_pagu_rupiah() ? "," : "", " realisasi ",
                    values::FormatRupiah(t.realisasi_rupiah()));
  }
  return out;
}

// "6709" or "6709/L01".
std::string Line(const std::string& kegiatan, const std::string& rincian) {
  return rincian.empty() ? kegiatan : absl::StrCat(kegiatan, "/", rincian);
}

}  // namespace

const std::vector<RecordColumn>& RecordColumns(v1::Record::EntityCase kind) {
  switch (kind) {
    case v1::Record::kSatker:
      return SatkerColumns();
    case v1::Record::kIndikator:
      return IndikatorColumns();
    case v1::Record::kRealisasiIndikator:
      return RealisasiIndikatorColumns();
    case v1::Record::kAnggaranPagu:
      return AnggaranPaguColumns();
    case v1::Record::kAnggaranRealisasi:
      return AnggaranRealisasiColumns();
    case v1::Record::kRencanaAksi:
      return RencanaAksiColumns();
    case v1::Record::kCatatan:
      return CatatanColumns();
    case v1::Record::kTotalDokumen:
      return TotalDokumenColumns();
    case v1::Record::ENTITY_NOT_SET:
      break;
  }
  static const auto* none = new std::vector<RecordColumn>();
  return *none;
}

std::string RecordKindName(v1::Record::EntityCase kind) {
  const google::protobuf::FieldDescriptor* field =
      v1::Record::descriptor()->FindFieldByNumber(static_cast<int>(kind));
  return field == nullptr ? "" : field->name();
}

std::string RecordSummary(const v1::Record& r) {
  const auto text = [](const std::string& t) { return Truncate(t, kSummaryWidth); };
  switch (r.entity_case()) {
    case v1::Record::kSatker:
      return absl::StrCat(r.satker().kode(), " ", text(r.satker().nama()), " (",
                          values::EnumWord(r.satker().tingkat()),
                          r.satker().induk().empty() ? "" : ", induk ", r.satker().induk(), ")");
    case v1::Record::kIndikator:
      return absl::StrCat(r.indikator().indikator_kode(), " ", text(r.indikator().indikator()),
                          ": target ",
                          values::FormatNilai(r.indikator().target(), values::Style::kDisplay));
    case v1::Record::kRealisasiIndikator:
      return absl::StrCat(
          r.realisasi_indikator().indikator_kode(), " ",
          values::FormatPeriode(r.realisasi_indikator().periode()), ": realisasi ",
          values::FormatNilai(r.realisasi_indikator().realisasi(), values::Style::kDisplay));
    case v1::Record::kAnggaranPagu:
      return absl::StrCat(Line(r.anggaran_pagu().kegiatan_kode(), r.anggaran_pagu().rincian_kode()),
                          " ", text(r.anggaran_pagu().kegiatan()), ": pagu ",
                          values::FormatRupiah(r.anggaran_pagu().pagu_rupiah()));
    case v1::Record::kAnggaranRealisasi:
      return absl::StrCat(
          Line(r.anggaran_realisasi().kegiatan_kode(), r.anggaran_realisasi().rincian_kode()), " ",
          values::FormatPeriode(r.anggaran_realisasi().periode()), ": realisasi ",
          values::FormatRupiah(r.anggaran_realisasi().realisasi_rupiah()));
    case v1::Record::kRencanaAksi:
      return absl::StrCat(r.rencana_aksi().indikator_kode(), "/", r.rencana_aksi().aksi_kode(), " ",
                          text(r.rencana_aksi().aksi()), ": ",
                          values::FormatJadwal(values::PeriodesOf(r.rencana_aksi().jadwal())),
                          ", biaya ", values::FormatRupiah(r.rencana_aksi().biaya_rupiah()));
    case v1::Record::kCatatan:
      return absl::StrCat(r.catatan().penulis(), " on ", r.catatan().topik(), ": ",
                          text(r.catatan().teks()));
    case v1::Record::kTotalDokumen:
      return TotalDokumenSummary(r.total_dokumen(), kSummaryWidth);
    case v1::Record::ENTITY_NOT_SET:
      break;
  }
  return "";
}

}  // namespace kinerja::client
