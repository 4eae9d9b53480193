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

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_CSV_READER_H_
