// Import of one file that arrives in pieces (DOMAIN.md, "Import files"): whole records are
// parsed a bounded run at a time, so memory follows the run, not the file. ParseImport is this
// over a file held whole.
#ifndef KINERJA_DAEMON_CODEC_IMPORT_PARSER_H_
#define KINERJA_DAEMON_CODEC_IMPORT_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/csv_reader.h"
#include "daemon/codec/file_codec.h"
#include "daemon/codec/import_table.h"
#include "daemon/codec/parsed_records.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::codec {

struct ImportParserOptions {
  // Whole records gathered before they are parsed as one run. Default: 1 MiB.
  size_t run_bytes = size_t{1} << 20;
  // Longest record (or header): a longer one is refused naming its line, so that a file
  // without line breaks (or with an unclosed quote) cannot fill memory. Default: 16 MiB.
  size_t max_record_bytes = size_t{16} << 20;
  // Largest cell, refused naming file:line:column (ImportTable::set_max_cell_bytes); an
  // importer sets the largest value a record may have. Default: 0 (no limit).
  size_t max_cell_bytes = 0;
  // Where duplicate keys are found; null: in memory. Must outlive the parser. Default: null.
  KeyClaims* claims = nullptr;
  // 0: the first error ends the file (an import). Above 0 (a preview): an error about a
  // record is collected (errors(): those of the first lines kept, errors_total() counts all) and
  // parsing goes on with the next record, each record then parsed on its own; errors about
  // the file as a whole (its header, a record over max_record_bytes) still end it. Records
  // come out as without collecting, but for those of rows in error. Default: 0.
  size_t max_errors = 0;
};

// The structured form of an import error worded "<file_name>:<line>: column <name>: ..." (or
// "<file_name>:<line>: ..."): its line, the column's name and, when `table` is given, the
// column's number in its header; the whole message. Line 0 when the message names none.
v1::ImportError DescribeImportError(absl::string_view file_name, const absl::Status& error,
                                    const ImportTable* table);

// Not thread-safe; one per file.
class ImportParser {
 public:
  // A parser of a file of `kind`, named `file_name` in errors. INVALID_ARGUMENT naming the
  // kind when `table` (which must outlive the parser) has no entry for it.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ImportParser>> Create(
      v1::FileKind kind, absl::string_view file_name, const CodecTable& table,
      ImportParserOptions options);

  // Takes the next bytes of the file and appends to `out` the records of the whole rows it
  // completes (as many as a run holds); the rest waits for more. The first error ends the
  // file: worded as ParseImport's.
  [[nodiscard]] absl::Status Feed(absl::string_view piece, std::vector<LocatedRecord>* out);
  // The end of the file: parses what is left and applies the rules that need every row
  // (FileCodec::finish), appending their records to `out`.
  [[nodiscard]] absl::Status Finish(std::vector<LocatedRecord>* out);

  // Non-blank data rows read so far.
  uint64_t rows() const { return rows_; }

  // Collecting (max_errors > 0): adds `error`, about a record of this file, found by the
  // parser or by its caller (e.g. a row this node may not write).
  void AddError(const absl::Status& error);
  // The errors kept (the max_errors of the first lines: not in line order), and how many were
  // added in all.
  const std::vector<v1::ImportError>& errors() const { return errors_; }
  uint64_t errors_total() const { return errors_total_; }
  // The file's name in its errors.
  const std::string& file_name() const { return file_name_; }

 private:
  ImportParser(const CodecTable& table, const FileCodec* codec, std::string file_name,
               ImportParserOptions options)
      : codec_(codec),
        file_name_(std::move(file_name)),
        options_(options),
        parsed_(table, options.claims) {}
  // Reads the header from buffer_[0, end) if that holds more than line breaks (or, `at_end`,
  // whatever it holds).
  [[nodiscard]] absl::Status TryHeader(size_t end, bool at_end);
  // Parses buffer_[0, end), whole records after the header, and drops them from the buffer.
  // REQUIRES: end == end_, or the run is the file's last.
  [[nodiscard]] absl::Status ParseRun(size_t end, std::vector<LocatedRecord>* out);
  // ParseRun when collecting errors: each record of the run on its own.
  void ParseRunCollecting(absl::string_view run, std::vector<LocatedRecord>* out);
  // Reads `run` (whole records) into table_, checking each record's CSV and shape.
  [[nodiscard]] absl::Status SetRun(absl::string_view run);
  // The error of a run that SetRun refused with `shape_error`: the first in file order. The
  // rows before the first malformed record are parsed, and their error, if any, comes first;
  // otherwise that record's own error. So the error a file gets never depends on where its
  // runs (or the pieces it arrived in) were cut.
  [[nodiscard]] absl::Status FirstErrorOfRun(absl::string_view run, absl::Status shape_error);

  const FileCodec* const codec_;
  const std::string file_name_;
  const ImportParserOptions options_;
  ParsedRecords parsed_;
  std::optional<ImportTable> table_;  // Once the header is read.
  CsvRecordSplitter splitter_;
  std::string buffer_;      // Bytes not yet parsed.
  size_t scanned_ = 0;      // Of buffer_, bytes the splitter has seen.
  size_t end_ = 0;          // Of buffer_, bytes up to the last record end found.
  int end_lines_ = 0;       // splitter_.lines_at_end() at end_.
  int consumed_lines_ = 0;  // splitter_.lines_at_end() at buffer_[0].
  int next_line_ = 1;       // The file's line at buffer_[0].
  uint64_t rows_ = 0;
  std::vector<v1::ImportError> errors_;
  uint64_t errors_total_ = 0;
};

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_IMPORT_PARSER_H_
