// Output of `report lkj`: the LKj report's indicator and budget tables.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/report/lkj_layout.h"
#include "client/output/multi_table_csv.h"
#include "client/output/output_internal.h"
#include "client/output/query_output.h"
#include "client/output/text_table.h"
#include "common/values/angka.h"
#include "common/values/nilai.h"
#include "common/values/periode.h"

namespace kinerja::client {
namespace {

using internal::Flag;
using internal::PercentText;
using internal::WriteJson;
using report::LkjAnggaranLine;
using report::LkjTitle;
using report::LkjAnggaranLines;
using report::LkjBulanTanpaLaporan;
using report::LkjIndikatorLine;
using report::LkjIndikatorLines;

// Longest texts shown in table output: a program's name (~65 characters) fits whole.
constexpr size_t kSasaranWidth = 40;
constexpr size_t kIndikatorWidth = 56;
constexpr size_t kUraianWidth = 66;

std::string Shown(const std::string& percent, absl::string_view sign) {
  return percent.empty() ? "-" : absl::StrCat(percent, sign);
}

void WriteIndikatorTable(const v1::LkjResponse& r, std::ostream& out) {
  out << "Indikator kinerja\n";
  if (r.indikator().empty()) {
    out << "no indicators\n";
    return;
  }
  TextTable table(
      {TextColumn{"no", Align::kRight}, TextColumn{"sasaran", Align::kLeft, kSasaranWidth},
       TextColumn{"indikator", Align::kLeft, kIndikatorWidth}, TextColumn{"target"},
       TextColumn{"realisasi"}, TextColumn{"capaian", Align::kRight}, TextColumn{"flags"}});
  for (LkjIndikatorLine& line : LkjIndikatorLines(r)) {
    table.AddRow({std::move(line.no), std::move(line.sasaran), std::move(line.indikator),
                  std::move(line.target), std::move(line.realisasi), Shown(line.capaian, "%"),
                  std::move(line.flags)});
  }
  table.WriteAligned(out);
}

void WriteAnggaranTable(const v1::LkjResponse& r, std::ostream& out) {
  out << "Realisasi anggaran\n";
  TextTable table({TextColumn{"program"}, TextColumn{"kegiatan"},
                   TextColumn{"uraian", Align::kLeft, kUraianWidth},
                   TextColumn{"pagu", Align::kRight}, TextColumn{"realisasi", Align::kRight},
                   TextColumn{"penyerapan %", Align::kRight}, TextColumn{"flags"}});
  for (LkjAnggaranLine& line : LkjAnggaranLines(r)) {
    table.AddRow({std::move(line.program), std::move(line.kegiatan), std::move(line.uraian),
                  values::FormatRupiah(line.pagu), values::FormatRupiah(line.realisasi),
                  Shown(line.penyerapan, ""), std::move(line.flags)});
  }
  table.WriteAligned(out);
}

void WriteLkjTable(const v1::LkjResponse& r, std::ostream& out) {
  out << LkjTitle(r) << "\n";
  if (!r.nama().empty()) out << "satker " << r.satker() << "\n";
  out << "\n";
  WriteIndikatorTable(r, out);
  out << "\n";
  WriteAnggaranTable(r, out);
  out << "\n";
  const std::string bulan = LkjBulanTanpaLaporan(r);
  out << "months without budget realisasi: " << (bulan.empty() ? "none" : bulan) << "\n";
  if (r.flags().empty()) {
    out << "flags: none\n";
  } else {
    for (const std::string& flag : r.flags()) out << "flag: " << flag << "\n";
  }
}

void WriteLkjCsv(const v1::LkjResponse& r, std::ostream& out) {
  const OutputFormat csv = OutputFormat::kCsv;
  MultiTableCsv table({"satker", "tahun", "sasaran_kode", "sasaran", "indikator_kode", "indikator",
                       "target", "realisasi", "periode", "capaian", "tercapai", "program_kode",
                       "program", "kegiatan_kode", "kegiatan", "pagu", "penyerapan",
                       "bulan_tanpa_laporan", "flags"});
  const auto line = [&](absl::string_view tabel) -> MultiTableCsv& {
    return table.Line(tabel).Set("satker", r.satker()).Set("tahun", absl::StrCat(r.tahun()));
  };
  for (const v1::LkjIndikatorRow& row : r.indikator()) {
    line("indikator")
        .Set("sasaran_kode", row.sasaran_kode())
        .Set("sasaran", row.sasaran())
        .Set("indikator_kode", row.indikator_kode())
        .Set("indikator", row.indikator())
        .Set("target", values::FormatNilai(row.target(), values::Style::kDisplay))
        .Set("realisasi", values::FormatNilai(row.realisasi(), values::Style::kDisplay))
        .Set("periode", values::FormatPeriode(row.periode()))
        .Set("capaian", row.capaian())
        .Set("tercapai", Flag(row.tercapai(), csv))
        .Set("flags", absl::StrJoin(row.flags(), "; "));
  }
  for (const v1::LkjKegiatanRow& row : r.anggaran()) {
    line("anggaran")
        .Set("program_kode", row.program_kode())
        .Set("program", row.program())
        .Set("kegiatan_kode", row.kegiatan_kode())
        .Set("kegiatan", row.kegiatan())
        .Set("pagu", absl::StrCat(row.pagu()))
        .Set("realisasi", absl::StrCat(row.realisasi()))
        .Set("penyerapan", PercentText(row.penyerapan(), row.realisasi(), row.pagu()))
        .Set("flags", absl::StrJoin(row.flags(), "; "));
  }
  line("total")
      .Set("pagu", absl::StrCat(r.pagu()))
      .Set("realisasi", absl::StrCat(r.realisasi()))
      .Set("penyerapan", PercentText(r.penyerapan(), r.realisasi(), r.pagu()))
      .Set("bulan_tanpa_laporan", absl::StrJoin(r.bulan_tanpa_laporan(), " "))
      .Set("flags", absl::StrJoin(r.flags(), "; "));
  table.Write(out);
}

}  // namespace

absl::Status PrintLkj(const v1::LkjResponse& r, const OutputOptions& options, std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteLkjCsv(r, out);
      break;
    case OutputFormat::kTable:
      WriteLkjTable(r, out);
      break;
  }
  return absl::OkStatus();
}

}  // namespace kinerja::client
