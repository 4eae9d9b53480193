#include "common/report/lkj_workbook.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/report/lkj_layout.h"

namespace kinerja::report {
namespace {

constexpr lxw_row_t kTitleRow = 0;
constexpr lxw_row_t kHeaderRow = 2;  // A blank row between the title and the table.

// A file name in the system's temporary directory, removed when destroyed.
class TempXlsx {
 public:
  static absl::StatusOr<TempXlsx> Create() {
    std::error_code ec;
    const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) return absl::FailedPreconditionError("no temporary directory: " + ec.message());
    std::string name = (dir / "kinerjactl-lkj-XXXXXX.xlsx").string();
    const int fd = mkstemps(name.data(), /*suffixlen=*/5);
    if (fd < 0) {
      return absl::FailedPreconditionError(absl::StrCat("cannot create a temporary file in ",
                                                        dir.string(), ": ", std::strerror(errno)));
    }
    close(fd);
    return TempXlsx(std::move(name));
  }

  TempXlsx(TempXlsx&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempXlsx& operator=(TempXlsx&&) = delete;
  ~TempXlsx() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove(path_, ec);
  }

  const std::string& path() const { return path_; }

 private:
  explicit TempXlsx(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The cell formats of the workbook.
struct Formats {
  lxw_format* title;
  lxw_format* note;  // Not wrapped: a line of text running over the empty cells to its right.
  lxw_format* header;
  lxw_format* text;     // Wrapped, top-aligned.
  lxw_format* money;    // #,##0
  lxw_format* percent;  // 0.00
  lxw_format* bold_text;
  lxw_format* bold_money;
  lxw_format* bold_percent;
};

lxw_format* AddFormat(lxw_workbook* workbook, bool bold, const char* num_format) {
  lxw_format* f = workbook_add_format(workbook);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  if (bold) format_set_bold(f);
  if (num_format != nullptr) {
    format_set_num_format(f, num_format);
  } else {
    format_set_text_wrap(f);
  }
  return f;
}

Formats AddFormats(lxw_workbook* workbook) {
  Formats f;
  f.title = workbook_add_format(workbook);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.note = workbook_add_format(workbook);
  f.header = workbook_add_format(workbook);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xD9E1F2);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  f.text = AddFormat(workbook, false, nullptr);
  f.money = AddFormat(workbook, false, "#,##0");
  f.percent = AddFormat(workbook, false, "0.00");
  f.bold_text = AddFormat(workbook, true, nullptr);
  f.bold_money = AddFormat(workbook, true, "#,##0");
  f.bold_percent = AddFormat(workbook, true, "0.00");
  return f;
}

// Writes cells of one worksheet, remembering the first error libxlsxwriter reports.
class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* sheet, lxw_error& first_error)
      : sheet_(sheet), first_error_(first_error) {}

  void Text(lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format) {
    if (!text.empty()) Check(worksheet_write_string(sheet_, row, col, text.c_str(), format));
  }
  // Exact for every integer up to 2^53.
  void Integer(lxw_row_t row, lxw_col_t col, int64_t value, lxw_format* format) {
    Check(worksheet_write_number(sheet_, row, col, static_cast<double>(value), format));
  }
  // A two-decimal percentage as a number; "-" when there is none.
  void Percent(lxw_row_t row, lxw_col_t col, const std::string& percent, lxw_format* format,
               lxw_format* text_format) {
    double value = 0;
    if (percent.empty() || !absl::SimpleAtod(percent, &value)) {
      Text(row, col, percent.empty() ? "-" : percent, text_format);
      return;
    }
    Check(worksheet_write_number(sheet_, row, col, value, format));
  }
  // The title, the header row in view when scrolling, and the columns' widths.
  void Layout(const std::string& title, const std::vector<std::pair<const char*, double>>& columns,
              const Formats& f) {
    Text(kTitleRow, 0, title, f.title);
    for (size_t i = 0; i < columns.size(); ++i) {
      const auto col = static_cast<lxw_col_t>(i);
      Check(worksheet_set_column(sheet_, col, col, columns[i].second, nullptr));
      Text(kHeaderRow, col, columns[i].first, f.header);
    }
    worksheet_freeze_panes(sheet_, kHeaderRow + 1, 0);
  }

 private:
  void Check(lxw_error error) {
    if (first_error_ == LXW_NO_ERROR) first_error_ = error;
  }

  lxw_worksheet* sheet_;
  lxw_error& first_error_;
};

void WriteIndikatorSheet(const v1::LkjResponse& r, SheetWriter& sheet, const Formats& f) {
  sheet.Layout(LkjTitle(r),
               {{"No", 5},
                {"Sasaran", 40},
                {"Indikator", 50},
                {"Target", 14},
                {"Realisasi", 16},
                {"Capaian (%)", 12},
                {"Flags", 30}},
               f);
  lxw_row_t row = kHeaderRow + 1;
  for (const LkjIndikatorLine& line : LkjIndikatorLines(r)) {
    if (int no = 0; absl::SimpleAtoi(line.no, &no)) sheet.Integer(row, 0, no, f.text);
    sheet.Text(row, 1, line.sasaran, f.text);
    sheet.Text(row, 2, line.indikator, f.text);
    sheet.Text(row, 3, line.target, f.text);
    sheet.Text(row, 4, line.realisasi, f.text);
    sheet.Percent(row, 5, line.capaian, f.percent, f.text);
    sheet.Text(row, 6, line.flags, f.text);
    ++row;
  }
}

void WriteAnggaranSheet(const v1::LkjResponse& r, SheetWriter& sheet, const Formats& f) {
  sheet.Layout(LkjTitle(r),
               {{"Program", 9},
                {"Kegiatan", 10},
                {"Uraian", 60},
                {"Pagu (Rp)", 20},
                {"Realisasi (Rp)", 20},
                {"Penyerapan (%)", 14},
                {"Flags", 30}},
               f);
  lxw_row_t row = kHeaderRow + 1;
  for (const LkjAnggaranLine& line : LkjAnggaranLines(r)) {
    const bool bold = line.kind != LkjAnggaranKind::kKegiatan;
    lxw_format* text = bold ? f.bold_text : f.text;
    sheet.Text(row, 0, line.program, text);
    sheet.Text(row, 1, line.kegiatan, text);
    sheet.Text(row, 2, line.uraian, text);
    sheet.Integer(row, 3, line.pagu, bold ? f.bold_money : f.money);
    sheet.Integer(row, 4, line.realisasi, bold ? f.bold_money : f.money);
    sheet.Percent(row, 5, line.penyerapan, bold ? f.bold_percent : f.percent, text);
    sheet.Text(row, 6, line.flags, text);
    ++row;
  }
  ++row;
  const std::string bulan = LkjBulanTanpaLaporan(r);
  sheet.Text(row++, 0, absl::StrCat("Bulan tanpa laporan realisasi: ", bulan.empty() ? "-" : bulan),
             f.note);
  if (r.flags().empty()) sheet.Text(row++, 0, "Flags: -", f.note);
  for (const std::string& flag : r.flags())
    sheet.Text(row++, 0, absl::StrCat("Flag: ", flag), f.note);
}

}  // namespace

absl::StatusOr<std::string> LkjWorkbook(const v1::LkjResponse& response) {
  absl::StatusOr<TempXlsx> temp = TempXlsx::Create();
  if (!temp.ok()) return temp.status();
  lxw_workbook* workbook = workbook_new(temp->path().c_str());
  if (workbook == nullptr) return absl::InternalError("cannot start an Excel workbook");
  const Formats formats = AddFormats(workbook);
  lxw_error first_error = LXW_NO_ERROR;
  SheetWriter indikator(workbook_add_worksheet(workbook, "Indikator"), first_error);
  WriteIndikatorSheet(response, indikator, formats);
  SheetWriter anggaran(workbook_add_worksheet(workbook, "Anggaran"), first_error);
  WriteAnggaranSheet(response, anggaran, formats);
  const lxw_error closed = workbook_close(workbook);  // Writes the file and frees the workbook.
  const lxw_error error = first_error != LXW_NO_ERROR ? first_error : closed;
  if (error != LXW_NO_ERROR) {
    return absl::InternalError(absl::StrCat("cannot build the workbook: ", lxw_strerror(error)));
  }
  std::ifstream in(temp->path(), std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the workbook back from ", temp->path()));
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace kinerja::report
