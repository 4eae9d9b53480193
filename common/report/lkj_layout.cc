#include "common/report/lkj_layout.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/values/percent.h"
#include "common/values/nilai.h"
#include "common/values/periode.h"

namespace kinerja::report {
namespace {

// The realisasi with its period when it is not the year's (nor unknown).
std::string Realisasi(const v1::LkjIndikatorRow& row) {
  std::string shown = values::FormatNilai(row.realisasi(), values::Style::kDisplay);
  if (shown.empty() || row.periode() == v1::PERIODE_TAHUNAN) return shown;
  const std::string periode = values::FormatPeriode(row.periode());
  if (!periode.empty()) absl::StrAppend(&shown, " (", periode, ")");
  return shown;
}

}  // namespace

std::string PercentText(absl::string_view given, int64_t numerator, int64_t denominator) {
  if (!given.empty()) return std::string(given);
  if (denominator == 0) return "";
  const std::string shown = values::FormatPercent(numerator, denominator, values::Style::kDisplay);
  return std::string(absl::StripSuffix(shown, "%"));
}

std::string LkjTitle(const v1::LkjResponse& response) {
  return absl::StrCat("Laporan Kinerja ",
                      response.nama().empty() ? response.satker() : response.nama(), " Tahun ",
                      response.tahun());
}

std::vector<LkjIndikatorLine> LkjIndikatorLines(const v1::LkjResponse& response) {
  std::vector<LkjIndikatorLine> lines;
  int number = 0;
  const v1::LkjIndikatorRow* previous = nullptr;
  for (const v1::LkjIndikatorRow& row : response.indikator()) {
    LkjIndikatorLine line;
    const bool new_sasaran = previous == nullptr ||
                             previous->sasaran_kode() != row.sasaran_kode() ||
                             previous->sasaran() != row.sasaran();
    if (new_sasaran) {
      line.no = absl::StrCat(++number);
      line.sasaran = row.sasaran();
    }
    line.indikator = row.indikator();
    line.target = values::FormatNilai(row.target(), values::Style::kDisplay);
    line.realisasi = Realisasi(row);
    line.capaian = row.capaian();
    line.flags = absl::StrJoin(row.flags(), "; ");
    lines.push_back(std::move(line));
    previous = &row;
  }
  return lines;
}

std::vector<LkjAnggaranLine> LkjAnggaranLines(const v1::LkjResponse& response) {
  std::vector<LkjAnggaranLine> lines;
  for (const v1::LkjKegiatanRow& row : response.anggaran()) {
    LkjAnggaranLine line;
    line.program = row.program_kode();
    if (row.kegiatan_kode().empty()) {
      line.kind = LkjAnggaranKind::kProgram;
      line.kegiatan = "Jumlah";
      line.uraian = row.program();
    } else {
      line.kegiatan = row.kegiatan_kode();
      line.uraian = row.kegiatan();
    }
    line.pagu = row.pagu();
    line.realisasi = row.realisasi();
    line.penyerapan = PercentText(row.penyerapan(), row.realisasi(), row.pagu());
    line.flags = absl::StrJoin(row.flags(), "; ");
    lines.push_back(std::move(line));
  }
  LkjAnggaranLine total;
  total.kind = LkjAnggaranKind::kTotal;
  total.program = "Total";
  total.pagu = response.pagu();
  total.realisasi = response.realisasi();
  total.penyerapan =
      PercentText(response.penyerapan(), response.realisasi(), response.pagu());
  lines.push_back(std::move(total));
  return lines;
}

std::string LkjBulanTanpaLaporan(const v1::LkjResponse& response) {
  return absl::StrJoin(response.bulan_tanpa_laporan(), ", ", [](std::string* out, int bulan) {
    out->append(values::FormatBulan(bulan));
  });
}

}  // namespace kinerja::report
