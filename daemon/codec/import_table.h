// One import file as a table: its CSV read, its header checked against the columns of the
// file's kind, and its rows giving cells by column name. Every error about a row is worded
// "<file>:<line>: column <name>: ..." so that users can find the cell to fix.
#ifndef KINERJA_DAEMON_CODEC_IMPORT_TABLE_H_
#define KINERJA_DAEMON_CODEC_IMPORT_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "daemon/codec/csv_reader.h"

namespace kinerja::codec {

// A column an import kind knows.
struct ColumnSpec {
  absl::string_view name;  // Lower case, as in DOMAIN.md ("rincian_kode").
  bool optional = false;   // May be absent from the header (its cells then read as "").
};

class ImportTable;

// One data row of an import table. Cheap to copy; valid while its table lives and is not
// moved.
class ImportRow {
 public:
  ImportRow(const ImportTable* table, const CsvRecord* record) : table_(table), record_(record) {}

  // 1-based physical line on which the row starts.
  int line() const { return record_->line; }

  // The cell of `column`, stripped of blanks; "" if the column is optional and absent.
  // REQUIRES: `column` is one of the kind's columns.
  absl::string_view Cell(absl::string_view column) const;

  // INVALID_ARGUMENT "<file>:<line>: column <column>: expected <what>, got "<cell>"", with
  // ": <detail>" appended when `detail` is non-empty.
  [[nodiscard]] absl::Status Expected(absl::string_view column, absl::string_view what,
                                      absl::string_view detail = "") const;

  // INVALID_ARGUMENT "<file>:<line>: column <column>: <message>".
  [[nodiscard]] absl::Status Error(absl::string_view column, absl::string_view message) const;

 private:
  const ImportTable* table_;
  const CsvRecord* record_;
};

class ImportTable {
 public:
  // Reads `content` as CSV (see ReadCsv) and checks its header against `columns`: names are
  // matched trimmed and in any case, in any order; an unknown or repeated name is an error,
  // and so is a missing column unless it is optional. A header cell left empty names no
  // column; its cells must be empty in every row (Excel leaves such columns behind).
  // Each row must have a field for every named column; fields beyond them, or under unnamed
  // columns, are accepted only empty.
  // Rows whose cells are all empty (Excel's ";;;;" lines) are left out of rows().
  // Errors are INVALID_ARGUMENT naming `file_name` and the line.
  [[nodiscard]] static absl::StatusOr<ImportTable> Read(absl::string_view file_name,
                                                        absl::string_view content,
                                                        absl::Span<const ColumnSpec> columns);

  // The table of a file read in pieces (ImportParser): first its header alone, from
  // `header_text` (the file up to the end of its header record), checked as Read checks it;
  // then its rows a run at a time with SetRows.
  [[nodiscard]] static absl::StatusOr<ImportTable> ReadHeader(absl::string_view file_name,
                                                              absl::string_view header_text,
                                                              absl::Span<const ColumnSpec> columns);
  // Replaces the rows with `records` (read with ReadCsvRows after the header), checking each
  // as Read does.
  [[nodiscard]] absl::Status SetRows(std::vector<CsvRecord> records);
  // The header's separator.
  char separator() const { return csv_.separator; }
  // Refuses, from the next rows on, any cell over `bytes` ("<file>:<line>: column <name>: the
  // cell holds N bytes; ..."): no record can hold it. 0: no limit. Default: 0.
  void set_max_cell_bytes(size_t bytes) { max_cell_bytes_ = bytes; }

  ImportTable(ImportTable&&) = default;
  ImportTable& operator=(ImportTable&&) = default;

  const std::string& file_name() const { return file_name_; }
  // The 1-based field number of the column named `name` (any case) in the header; 0 if the
  // header has no such column.
  int ColumnNumber(absl::string_view name) const;

  // The data rows, in file order. They point into this table.
  std::vector<ImportRow> rows() const;

 private:
  friend class ImportRow;
  ImportTable() = default;

  [[nodiscard]] absl::Status CheckHeader(absl::Span<const ColumnSpec> columns);
  [[nodiscard]] absl::Status CheckRowShape(const CsvRecord& record) const;

  std::string file_name_;
  CsvTable csv_;
  absl::flat_hash_map<std::string, size_t> column_index_;  // Lower-case name -> field index.
  size_t max_cell_bytes_ = 0;
};

// INVALID_ARGUMENT "<file>:<line>: column <column>: <message>", as ImportRow::Error words it,
// for errors about a row no longer at hand.
[[nodiscard]] absl::Status RowError(absl::string_view file_name, int line, absl::string_view column,
                                    absl::string_view message);

// Quotes `text` for an error message: "…" with ", \, line breaks and tabs escaped.
std::string QuoteForMessage(absl::string_view text);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_IMPORT_TABLE_H_
