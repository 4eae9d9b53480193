// Reads CSV the way users produce it: Excel exports in an Indonesian (`;`) or English (`,`)
// locale, RFC 4180 quoting, UTF-8 with or without a BOM. Every record keeps the line it starts
// on, so that whoever interprets the fields can name file:line in its errors.
#ifndef KINERJA_DAEMON_CODEC_CSV_READER_H_
#define KINERJA_DAEMON_CODEC_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::codec {

// One record (the header or a data row) as written, fields not trimmed.
struct CsvRecord {
  // 1-based physical line on which the record starts; a quoted field with embedded line
  // breaks makes the next record start several lines further down.
  int line = 0;
  std::vector<std::string> fields;
};

// A whole CSV file: its header and data rows in file order.
struct CsvTable {
  char separator = ',';  // The separator detected from the header: ';' or ','.
  CsvRecord header;
  std::vector<CsvRecord> rows;
};

// Parses `content`, a complete CSV file.
//
// - A UTF-8 byte order mark at the start is skipped; anything that is not valid UTF-8 is an
//   error (Excel's plain "CSV" on Windows writes cp1252, which must be re-saved as UTF-8).
// - The first non-empty record is the header. The separator is whichever of ';' and ','
//   appears in it outside quotes (',' if neither does); a header holding both is an error.
// - Records end at CRLF, LF or a lone CR. Completely empty lines between records and at the
//   end are skipped (line numbers still count them).
// - A field that starts with '"' (after optional blanks, which are dropped) is quoted: it
//   runs to the next lone '"', "" stands for one quote, and separators and line breaks inside
//   are content (a line break inside is stored as "\n"). After the closing quote only blanks,
//   the separator or the end of the line may follow. A '"' inside an unquoted field is
//   literal.
// - Records may have differing numbers of fields; judging that is the caller's business.
//
// Errors are INVALID_ARGUMENT worded "<source_name>:<line>: <what went wrong>", e.g.
// "anggaran.csv:7: quoted field opened on this line is never closed".
[[nodiscard]] absl::StatusOr<CsvTable> ReadCsv(absl::string_view source_name,
                                               absl::string_view content);

// Reads `content`, a run of whole data records that follow a header ReadCsv read: `separator`
// is the header's, and `content` starts on line `first_line` of the file (for errors and
// CsvRecord::line). Rules and errors as ReadCsv's for data rows.
[[nodiscard]] absl::StatusOr<std::vector<CsvRecord>> ReadCsvRows(absl::string_view source_name,
                                                                 absl::string_view content,
                                                                 char separator, int first_line);

// Finds where records end in a file that arrives in pieces, so that whole records can be
// handed to ReadCsv / ReadCsvRows while the rest waits for more: a line break ends a record
// unless it lies inside a quoted field, following the quoting rules of ReadCsv. A CRLF is
// never split. Not thread-safe.
class CsvRecordSplitter {
 public:
  // Before set_separator, both ';' and ',' separate fields (as in a header).
  void set_separator(char separator) { separator_ = separator; }

  // Makes Scan stop at the first record end it finds (to cut off a header). Default: false.
  void set_stop_at_first_end(bool stop) { stop_at_first_end_ = stop; }

  // Scans `text`, the bytes that follow those scanned before, and returns the offset in it just
  // past the last record end found (0 if none, or if the end found is at its very start: a CR
  // that ended the previous text and is not followed by LF; found_end() tells them apart).
  // Scanning resumes after `text`, or, when it stopped at a first end, after that end.
  size_t Scan(absl::string_view text);

  // Whether the last Scan found a record end.
  bool found_end() const { return found_end_; }

  // Line breaks before the last record end Scan returned (CRLF counts once, as ReadCsv
  // counts lines): the text after that end starts on line lines_at_end() + 1.
  int lines_at_end() const { return lines_at_end_; }

 private:
  enum State { kEnded, kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterQuote };
  char separator_ = '\0';
  State state_ = kEnded;
  bool pending_cr_ = false;
  char last_ = '\0';
  int lines_ = 0;
  int lines_at_end_ = 0;
  bool stop_at_first_end_ = false;
  bool found_end_ = false;
};

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_CSV_READER_H_
