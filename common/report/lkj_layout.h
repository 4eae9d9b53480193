// The LKj report laid out for people, shared by kinerjactl's table output, the Excel workbook
// and the web console so
// that both read the same: indicators numbered by sasaran as the documents number them, and
// the budget with each program's subtotal and the year's total.
#ifndef KINERJA_COMMON_REPORT_LKJ_LAYOUT_H_
#define KINERJA_COMMON_REPORT_LKJ_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::report {

// One line of the indicator table.
struct LkjIndikatorLine {
  std::string no;         // "1", "2", ... on the first indicator of each sasaran; else "".
  std::string sasaran;    // The sasaran on the first indicator of each sasaran; else "".
  std::string indikator;  // The indicator text.
  std::string target;     // As the document wrote it: "12 Kali", "95%", "WTP".
  // Likewise, followed by its period when that is not the year: "90% (TW3)".
  std::string realisasi;
  std::string capaian;  // Percent with two decimals, "100.00"; "" when not computed.
  std::string flags;    // The row's flags joined by "; ".
};

enum class LkjAnggaranKind {
  kKegiatan,  // A kegiatan of a program.
  kProgram,   // A program's subtotal, after its kegiatan.
  kTotal,     // The year's total, the last line.
};

// One line of the budget table.
struct LkjAnggaranLine {
  LkjAnggaranKind kind = LkjAnggaranKind::kKegiatan;
  std::string program;     // Program code; "Total" on the total line.
  std::string kegiatan;    // Kegiatan code; "Jumlah" on a subtotal; "" on the total.
  std::string uraian;      // Kegiatan name, or the program's name on its subtotal; "" on the total.
  int64_t pagu = 0;        // Whole rupiah.
  int64_t realisasi = 0;   // Whole rupiah.
  std::string penyerapan;  // Percent with two decimals, "97.20"; "" when pagu is 0.
  std::string flags;       // The row's flags joined by "; ".
};

// "Laporan Kinerja <nama> Tahun <tahun>"; the satker code stands in for a missing name.
std::string LkjTitle(const v1::LkjResponse& response);

// The indicator rows in the daemon's order. A sasaran starts where sasaran_kode and sasaran
// differ from the previous row's.
std::vector<LkjIndikatorLine> LkjIndikatorLines(const v1::LkjResponse& response);

// The budget rows in the daemon's order (a row without kegiatan_kode is a subtotal), then the
// total of the year.
std::vector<LkjAnggaranLine> LkjAnggaranLines(const v1::LkjResponse& response);

// The months without a budget realisasi as periods, "B03, B07"; "" when there are none.
std::string LkjBulanTanpaLaporan(const v1::LkjResponse& response);

// A penyerapan or capaian as shown, without "%": `given` when the daemon computed it, else
// numerator / denominator rounded half-up to two decimals (common/values/percent.h); "" when
// the denominator is 0. The one rounding the CLI, the workbook and the console share.
std::string PercentText(absl::string_view given, int64_t numerator, int64_t denominator);

}  // namespace kinerja::report

#endif  // KINERJA_COMMON_REPORT_LKJ_LAYOUT_H_
