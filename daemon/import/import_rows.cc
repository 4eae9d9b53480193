#include "daemon/import/import_rows.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/values/periode.h"
#include "daemon/import/anggaran_rows.h"
#include "daemon/import/import_cells.h"
#include "daemon/import/import_table.h"

namespace kinerja::import {
namespace {

constexpr ColumnSpec kSatkerColumns[] = {{"kode"}, {"nama"}, {"tingkat"}, {"induk"}};

constexpr ColumnSpec kIndikatorColumns[] = {
    {"satker"},  {"tahun"},          {"dokumen"},           {"sasaran_kode"},
    {"sasaran"}, {"indikator_kode"}, {"indikator"},         {"target"},
    {"satuan"},  {"polaritas"},      {"cara_penghitungan"}, {"sumber_data"},
};

constexpr ColumnSpec kRealisasiIndikatorColumns[] = {
    {"satker"}, {"tahun"}, {"indikator_kode"}, {"periode"}, {"realisasi"}, {"keterangan"},
};

constexpr ColumnSpec kRencanaAksiColumns[] = {
    {"satker"}, {"tahun"},  {"indikator_kode"}, {"aksi_kode"}, {"aksi"},
    {"target"}, {"jadwal"}, {"biaya"},          {"pelaksana"},
};

constexpr ColumnSpec kTotalDokumenColumns[] = {
    {"satker"}, {"tahun"}, {"dokumen"}, {"bagian"}, {"program_kode", true}, {"pagu"}, {"realisasi"},
};

constexpr std::pair<ImportKind, absl::string_view> kKindNames[] = {
    {ImportKind::kSatker, "satker"},
    {ImportKind::kIndikator, "indikator"},
    {ImportKind::kRealisasiIndikator, "realisasi_indikator"},
    {ImportKind::kAnggaran, "anggaran"},
    {ImportKind::kRencanaAksi, "rencana_aksi"},
    {ImportKind::kTotalDokumen, "total_dokumen"},
};

// "<what> <kode> (satker 3604, 2024)": an entity as duplicate messages name it.
std::string Identity(int32_t tahun, absl::string_view satker, absl::string_view what,
                     absl::string_view kode) {
  return absl::StrCat(what, " ", kode, " (satker ", satker, ", ", tahun, ")");
}

absl::Status ReadSatkerRows(const ImportTable& table, ImportFile* out) {
  FirstLines first_lines;
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Satker satker;
    satker.set_kode(cells.Satker("kode"));
    satker.set_nama(cells.Text("nama"));
    satker.set_tingkat(cells.Choice<v1::Tingkat>("tingkat"));
    satker.set_induk(cells.Kode("induk", /*required=*/false));
    if (!cells.ok()) return cells.status();

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
    if (absl::Status s = CheckUnique(row, "kode", satker.kode(),
                                     absl::StrCat("satker ", satker.kode()), &first_lines);
        !s.ok()) {
      return s;
    }
    out->satker.push_back({row.line(), std::move(satker)});
  }
  return absl::OkStatus();
}

// The indikator's target, unset when the cell is empty; a numeric target without a unit of
// its own takes the satuan column's.
void ReadTarget(CellReader& cells, v1::Indikator* indikator) {
  if (!cells.ok() || cells.row().Cell("target").empty()) return;
  v1::Nilai target = cells.Nilai("target");
  const std::string satuan = cells.OptionalText("satuan");
  if (target.has_angka_e4() && target.satuan().empty()) target.set_satuan(satuan);
  *indikator->mutable_target() = std::move(target);
}

absl::Status ReadIndikatorRows(const ImportTable& table, ImportFile* out) {
  FirstLines first_lines;
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Indikator indikator;
    indikator.set_satker(cells.Satker());
    indikator.set_tahun(cells.Tahun());
    indikator.set_dokumen(cells.Choice<v1::Dokumen>("dokumen"));
    indikator.set_sasaran_kode(cells.Kode("sasaran_kode"));
    indikator.set_sasaran(cells.Text("sasaran"));
    indikator.set_indikator_kode(cells.Kode("indikator_kode"));
    indikator.set_indikator(cells.Text("indikator"));
    ReadTarget(cells, &indikator);
    indikator.set_polaritas(row.Cell("polaritas").empty()
                                ? v1::POLARITAS_POSITIF
                                : cells.Choice<v1::Polaritas>("polaritas"));
    indikator.set_cara_penghitungan(cells.OptionalText("cara_penghitungan"));
    indikator.set_sumber_data(cells.OptionalText("sumber_data"));
    if (!cells.ok()) return cells.status();

    const std::string key =
        absl::StrCat(indikator.satker(), "/", indikator.tahun(), "/", indikator.indikator_kode());
    if (absl::Status s = CheckUnique(row, "indikator_kode", key,
                                     Identity(indikator.tahun(), indikator.satker(), "indikator",
                                              indikator.indikator_kode()),
                                     &first_lines);
        !s.ok()) {
      return s;
    }
    out->indikator.push_back({row.line(), std::move(indikator)});
  }
  return absl::OkStatus();
}

absl::Status ReadRealisasiIndikatorRows(const ImportTable& table, ImportFile* out) {
  FirstLines first_lines;
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::RealisasiIndikator realisasi;
    realisasi.set_satker(cells.Satker());
    realisasi.set_tahun(cells.Tahun());
    realisasi.set_indikator_kode(cells.Kode("indikator_kode"));
    realisasi.set_periode(cells.Periode("periode"));
    *realisasi.mutable_realisasi() = cells.Nilai("realisasi");
    realisasi.set_keterangan(cells.OptionalText("keterangan"));
    if (!cells.ok()) return cells.status();

    const std::string periode = values::FormatPeriode(realisasi.periode());
    const std::string key = absl::StrCat(realisasi.satker(), "/", realisasi.tahun(), "/",
                                         realisasi.indikator_kode(), "/", periode);
    if (absl::Status s =
            CheckUnique(row, "periode", key,
                        absl::StrCat(periode, " of ",
                                     Identity(realisasi.tahun(), realisasi.satker(), "indikator",
                                              realisasi.indikator_kode())),
                        &first_lines);
        !s.ok()) {
      return s;
    }
    out->realisasi_indikator.push_back({row.line(), std::move(realisasi)});
  }
  return absl::OkStatus();
}

absl::Status ReadRencanaAksiRows(const ImportTable& table, ImportFile* out) {
  FirstLines first_lines;
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::RencanaAksi aksi;
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

    const std::string key = absl::StrCat(aksi.satker(), "/", aksi.tahun(), "/",
                                         aksi.indikator_kode(), "/", aksi.aksi_kode());
    if (absl::Status s = CheckUnique(
            row, "aksi_kode", key,
            absl::StrCat("aksi ", aksi.aksi_kode(), " of ",
                         Identity(aksi.tahun(), aksi.satker(), "indikator", aksi.indikator_kode())),
            &first_lines);
        !s.ok()) {
      return s;
    }
    out->rencana_aksi.push_back({row.line(), std::move(aksi)});
  }
  return absl::OkStatus();
}

// A total stated by a document: pagu and realisasi may each be empty (not stated there), not
// both; "-" is zero.
absl::Status ReadTotalDokumenRows(const ImportTable& table, ImportFile* out) {
  FirstLines first_lines;
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::TotalDokumen total;
    total.set_satker(cells.Satker());
    total.set_tahun(cells.Tahun());
    total.set_dokumen(cells.Text("dokumen"));
    total.set_bagian(cells.Text("bagian"));
    total.set_program_kode(cells.OptionalText("program_kode"));
    const std::optional<int64_t> pagu = cells.Rupiah("pagu", /*allow_negative=*/false);
    const std::optional<int64_t> realisasi = cells.Rupiah("realisasi", /*allow_negative=*/true);
    if (!cells.ok()) return cells.status();
    if (!pagu && !realisasi) {
      return row.Error("pagu", "expected a stated pagu or realisasi, got neither");
    }
    if (pagu) total.set_pagu_rupiah(*pagu);
    if (realisasi) total.set_realisasi_rupiah(*realisasi);
    const std::string key = absl::StrCat(total.satker(), "/", total.tahun(), "/", total.dokumen(),
                                         "/", total.bagian(), "/", total.program_kode());
    if (absl::Status s = CheckUnique(row, "bagian", key,
                                     absl::StrCat("total of ", total.dokumen(), " ", total.bagian(),
                                                  " ", total.program_kode()),
                                     &first_lines);
        !s.ok()) {
      return s;
    }
    out->total_dokumen.push_back({row.line(), std::move(total)});
  }
  return absl::OkStatus();
}

absl::Span<const ColumnSpec> ColumnsOf(ImportKind kind) {
  switch (kind) {
    case ImportKind::kSatker:
      return kSatkerColumns;
    case ImportKind::kIndikator:
      return kIndikatorColumns;
    case ImportKind::kRealisasiIndikator:
      return kRealisasiIndikatorColumns;
    case ImportKind::kAnggaran:
      return AnggaranColumns();
    case ImportKind::kRencanaAksi:
      return kRencanaAksiColumns;
    case ImportKind::kTotalDokumen:
      return kTotalDokumenColumns;
  }
  return {};
}

absl::Status ReadRows(ImportKind kind, const ImportTable& table, ImportFile* out) {
  switch (kind) {
    case ImportKind::kSatker:
      return ReadSatkerRows(table, out);
    case ImportKind::kIndikator:
      return ReadIndikatorRows(table, out);
    case ImportKind::kRealisasiIndikator:
      return ReadRealisasiIndikatorRows(table, out);
    case ImportKind::kAnggaran:
      return ReadAnggaranRows(table, out);
    case ImportKind::kRencanaAksi:
      return ReadRencanaAksiRows(table, out);
    case ImportKind::kTotalDokumen:
      return ReadTotalDokumenRows(table, out);
  }
  return absl::InvalidArgumentError("unknown import kind");
}

}  // namespace

absl::string_view ImportKindName(ImportKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "";
}

absl::StatusOr<ImportKind> ImportKindFromName(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  std::string listed;
  for (const auto& [kind, kind_name] : kKindNames) {
    if (lower == kind_name) return kind;
    absl::StrAppend(&listed, listed.empty() ? "" : ", ", kind_name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown import kind ", QuoteForMessage(name), "; the kinds are: ", listed));
}

absl::StatusOr<ImportFile> ParseImport(ImportKind kind, absl::string_view file_name,
                                       absl::string_view content) {
  absl::StatusOr<ImportTable> table = ImportTable::Read(file_name, content, ColumnsOf(kind));
  if (!table.ok()) return table.status();
  ImportFile out;
  out.kind = kind;
  if (absl::Status s = ReadRows(kind, *table, &out); !s.ok()) return s;
  return out;
}

}  // namespace kinerja::import
