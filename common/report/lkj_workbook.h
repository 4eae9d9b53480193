// The LKj report as an Excel workbook, for `kinerjactl report lkj --xlsx FILE` and the web
// console's download: the two
// tables of the document on two sheets, with numbers a spreadsheet can compute with.
#ifndef KINERJA_COMMON_REPORT_LKJ_WORKBOOK_H_
#define KINERJA_COMMON_REPORT_LKJ_WORKBOOK_H_

#include <string>

#include "absl/status/statusor.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::report {

// The bytes of an .xlsx file (a zip archive) holding `response` laid out as lkj_layout.h does:
//
//  "Indikator"  the title, then No, Sasaran, Indikator, Target, Realisasi, Capaian (%), Flags.
//               Target and realisasi are text as the document wrote them; capaian a number
//               with two decimals ("-" where it was not computed).
//  "Anggaran"   the title, then Program, Kegiatan, Uraian, Pagu, Realisasi, Penyerapan (%),
//               Flags: each program's kegiatan and its subtotal (bold), then the total (bold);
//               below, the months without a budget realisasi and the report's flags.
//               Money is a number of whole rupiah formatted "#,##0" (exact up to 2^53 rupiah,
//               far beyond any DIPA); penyerapan a number with two decimals.
//
// Header rows are bold on a shaded background and stay in view when scrolling.
//
// Builds the archive in a temporary file of the system's temporary directory, removed before
// returning. INTERNAL naming libxlsxwriter's reason when the workbook cannot be built (e.g. a
// text longer than Excel's 32,767 characters); FAILED_PRECONDITION when the temporary file
// cannot be made.
[[nodiscard]] absl::StatusOr<std::string> LkjWorkbook(const v1::LkjResponse& response);

}  // namespace kinerja::report

#endif  // KINERJA_COMMON_REPORT_LKJ_WORKBOOK_H_
