// A table of strings written two ways: aligned columns for people, or CSV (RFC 4180 quoting)
// for spreadsheets and scripts. Knows nothing of Kinerja's records.
#ifndef KINERJA_CLIENT_OUTPUT_TEXT_TABLE_H_
#define KINERJA_CLIENT_OUTPUT_TEXT_TABLE_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace kinerja::client {

enum class Align { kLeft, kRight };

struct TextColumn {
  std::string name;            // Header: upper-cased in aligned output, as is in CSV.
  Align align = Align::kLeft;  // Alignment in aligned output. Default: left.
  // Longest cell shown in aligned output, in characters; longer cells end in "…".
  // 0 means no limit. CSV is never truncated. Default: 0.
  size_t max_width = 0;
};

class TextTable {
 public:
  explicit TextTable(std::vector<TextColumn> columns);

  // REQUIRES: cells.size() == number of columns.
  void AddRow(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }
  size_t num_rows() const { return rows_.size(); }

  // Each line the cells padded to their column's widest cell (counted in UTF-8 characters),
  // columns two spaces apart, trailing blanks trimmed. Line breaks inside a cell are shown as
  // spaces. The header line comes first when `with_header` is true.
  void WriteAligned(std::ostream& out, bool with_header = true) const;

  // The header line and then each row, fields separated by ',' and quoted per RFC 4180
  // (see CsvField); lines end in "\n".
  void WriteCsv(std::ostream& out) const;

 private:
  std::vector<TextColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// One CSV field: as is, or in double quotes with inner quotes doubled when it holds a ',',
// '"', CR or LF, or begins or ends with a blank.
std::string CsvField(absl::string_view field);

// Number of UTF-8 characters (code points) in `text`.
size_t DisplayWidth(absl::string_view text);

// `text` if it has at most `max_width` characters (or `max_width` is 0); else its first
// max_width - 1 characters and "…".
std::string Truncate(absl::string_view text, size_t max_width);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_OUTPUT_TEXT_TABLE_H_
