#include "daemon/codec/csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/utf8.h"

namespace kinerja::codec {
namespace {

using text::Utf8SequenceLength;

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Returns the 1-based line of the first invalid UTF-8 byte, or nullopt if `text` is valid.
std::optional<int> FirstInvalidUtf8Line(absl::string_view text, int first_line = 1) {
  int line = first_line;
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return line;
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
    i += length;
  }
  return std::nullopt;
}

// Reads records one at a time. The separators it accepts are passed per call so that the
// header can be read before the separator is known.
class RecordParser {
 public:
  RecordParser(absl::string_view source_name, absl::string_view text, int first_line = 1)
      : source_name_(source_name), text_(text), line_(first_line) {}

  // Reads the next record into `record`. Returns false when only empty lines remain.
  // Every separator character actually used is appended to `*seen` when it is non-null.
  absl::StatusOr<bool> Next(absl::string_view separators, CsvRecord* record, std::string* seen);

 private:
  // What ends a field besides a separator: a line break or the end of the text.
  static constexpr char kEndOfRecord = '\n';

  // Reads the field at pos_ into `field` and consumes what ends it. Returns the separator
  // that ended it, or kEndOfRecord.
  absl::StatusOr<char> ReadField(absl::string_view separators, std::string* field);
  // Reads a quoted field's content; pos_ is just after the opening quote and ends up just
  // after the closing one.
  absl::Status ReadQuoted(std::string* field);
  // Consumes what follows a closing quote: blanks, then a separator or the end of the record.
  absl::StatusOr<char> ReadAfterQuote(absl::string_view separators);
  // Consumes the line break at pos_ (CRLF counts as one) and counts the line.
  void ConsumeLineBreak();
  void SkipBlanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  absl::Status Error(int line, absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(source_name_, ":", line, ": ", what));
  }

  absl::string_view source_name_;
  absl::string_view text_;
  size_t pos_ = 0;
  int line_;
};

void RecordParser::ConsumeLineBreak() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

absl::StatusOr<bool> RecordParser::Next(absl::string_view separators, CsvRecord* record,
                                        std::string* seen) {
  while (pos_ < text_.size() && IsLineBreak(text_[pos_])) ConsumeLineBreak();
  if (pos_ >= text_.size()) return false;
  record->line = line_;
  record->fields.clear();
  while (true) {
    std::string field;
    absl::StatusOr<char> end = ReadField(separators, &field);
    if (!end.ok()) return end.status();
    record->fields.push_back(std::move(field));
    if (*end == kEndOfRecord) return true;
    if (seen != nullptr) seen->push_back(*end);
  }
}

absl::StatusOr<char> RecordParser::ReadField(absl::string_view separators, std::string* field) {
  const size_t start = pos_;
  SkipBlanks();  // Blanks before an opening quote are not content.
  if (pos_ < text_.size() && text_[pos_] == '"') {
    ++pos_;
    if (absl::Status s = ReadQuoted(field); !s.ok()) return s;
    return ReadAfterQuote(separators);
  }
  pos_ = start;
  for (; pos_ < text_.size(); ++pos_) {
    const char c = text_[pos_];
    if (separators.find(c) != absl::string_view::npos) {
      *field = std::string(text_.substr(start, pos_ - start));
      ++pos_;
      return c;
    }
    if (IsLineBreak(c)) break;
  }
  *field = std::string(text_.substr(start, pos_ - start));
  if (pos_ < text_.size()) ConsumeLineBreak();
  return kEndOfRecord;
}

absl::Status RecordParser::ReadQuoted(std::string* field) {
  const int opened_on = line_;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      if (pos_ == text_.size() || text_[pos_] != '"') return absl::OkStatus();
      field->push_back('"');  // A doubled quote.
      ++pos_;
    } else if (IsLineBreak(c)) {
      ConsumeLineBreak();
      field->push_back('\n');
    } else {
      field->push_back(c);
      ++pos_;
    }
  }
  return Error(opened_on, "quoted field opened on this line is never closed");
}

absl::StatusOr<char> RecordParser::ReadAfterQuote(absl::string_view separators) {
  SkipBlanks();
  if (pos_ == text_.size()) return kEndOfRecord;
  const char c = text_[pos_];
  if (separators.find(c) != absl::string_view::npos) {
    ++pos_;
    return c;
  }
  if (IsLineBreak(c)) {
    ConsumeLineBreak();
    return kEndOfRecord;
  }
  return Error(line_, absl::StrFormat("unexpected '%c' after the closing quote of a quoted "
                                      "field; a quote inside a quoted field is written as \"\"",
                                      c));
}

}  // namespace

absl::StatusOr<CsvTable> ReadCsv(absl::string_view source_name, absl::string_view content) {
  if (absl::StartsWith(content, kUtf8Bom)) content.remove_prefix(kUtf8Bom.size());
  if (const std::optional<int> bad_line = FirstInvalidUtf8Line(content)) {
    return absl::InvalidArgumentError(absl::StrCat(
        source_name, ":", *bad_line, ": not valid UTF-8; save the file as \"CSV UTF-8\""));
  }

  RecordParser parser(source_name, content);
  CsvTable table;
  std::string seen;
  absl::StatusOr<bool> more = parser.Next(",;", &table.header, &seen);
  if (!more.ok()) return more.status();
  if (!*more) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":1: the file is empty; expected a header row"));
  }
  const bool has_semicolon = seen.find(';') != std::string::npos;
  const bool has_comma = seen.find(',') != std::string::npos;
  if (has_semicolon && has_comma) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", table.header.line,
                     ": the header holds both ';' and ',' outside quotes, so the separator "
                     "is unclear; quote the column name that contains one"));
  }
  table.separator = has_semicolon ? ';' : ',';

  const absl::string_view separator(&table.separator, 1);
  while (true) {
    CsvRecord record;
    more = parser.Next(separator, &record, nullptr);
    if (!more.ok()) return more.status();
    if (!*more) break;
    table.rows.push_back(std::move(record));
  }
  return table;
}

absl::StatusOr<std::vector<CsvRecord>> ReadCsvRows(absl::string_view source_name,
                                                   absl::string_view content, char separator,
                                                   int first_line) {
  if (const std::optional<int> bad_line = FirstInvalidUtf8Line(content, first_line)) {
    return absl::InvalidArgumentError(absl::StrCat(
        source_name, ":", *bad_line, ": not valid UTF-8; save the file as \"CSV UTF-8\""));
  }
  RecordParser parser(source_name, content, first_line);
  const absl::string_view separators(&separator, 1);
  std::vector<CsvRecord> rows;
  while (true) {
    CsvRecord record;
    absl::StatusOr<bool> more = parser.Next(separators, &record, nullptr);
    if (!more.ok()) return more.status();
    if (!*more) break;
    rows.push_back(std::move(record));
  }
  return rows;
}

size_t CsvRecordSplitter::Scan(absl::string_view text) {
  size_t boundary = 0;
  found_end_ = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (pending_cr_) {
      // A CR ends a record unless it is the first half of a CRLF, whose LF ends it instead.
      pending_cr_ = false;
      if (c != '\n' && state_ == kEnded) {
        boundary = i;
        found_end_ = true;
        lines_at_end_ = lines_;
        if (stop_at_first_end_) return boundary;
      }
    }
    const bool separator = c == separator_ || (separator_ == '\0' && (c == ',' || c == ';'));
    const bool line_break = c == '\n' || c == '\r';
    if (line_break && !(c == '\n' && last_ == '\r')) ++lines_;
    last_ = c;
    switch (state_) {
      case kEnded:
      case kFieldStart:
        if (c == ' ' || c == '\t') {
          state_ = kFieldStart;
        } else if (c == '"') {
          state_ = kQuoted;
        } else if (separator) {
          state_ = kFieldStart;
        } else if (!line_break) {
          state_ = kUnquoted;
        } else {
          state_ = kEnded;
        }
        break;
      case kUnquoted:
      case kAfterQuote:
        if (separator) state_ = kFieldStart;
        if (line_break) state_ = kEnded;
        break;
      case kQuoted:
        if (c == '"') state_ = kQuoteInQuoted;
        break;
      case kQuoteInQuoted:
        if (c == '"') {
          state_ = kQuoted;
        } else if (separator) {
          state_ = kFieldStart;
        } else if (line_break) {
          state_ = kEnded;
        } else {
          state_ = kAfterQuote;
        }
        break;
    }
    if (state_ == kEnded) {
      if (c == '\n') {
        boundary = i + 1;
        found_end_ = true;
        lines_at_end_ = lines_;
        if (stop_at_first_end_) return boundary;
      }
      if (c == '\r') pending_cr_ = true;
    }
  }
  return boundary;
}

}  // namespace kinerja::codec
