#include "daemon/codec/import_parser.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "daemon/codec/parse_import.h"

namespace kinerja::codec {
namespace {

bool OnlyLineBreaksOrBom(absl::string_view text) {
  for (char c : text) {
    if (c != '\n' && c != '\r' && c != '\xEF' && c != '\xBB' && c != '\xBF') return false;
  }
  return true;
}

}  // namespace

v1::ImportError DescribeImportError(absl::string_view file_name, const absl::Status& error,
                                    const ImportTable* table) {
  v1::ImportError out;
  out.set_message(std::string(error.message()));
  absl::string_view rest = error.message();
  if (!absl::ConsumePrefix(&rest, file_name) || !absl::ConsumePrefix(&rest, ":")) return out;
  const size_t digits = rest.find_first_not_of("0123456789");
  uint32_t line = 0;
  if (digits == 0 || digits == absl::string_view::npos ||
      !absl::SimpleAtoi(rest.substr(0, digits), &line)) {
    return out;
  }
  out.set_line(line);
  rest.remove_prefix(digits);
  if (!absl::ConsumePrefix(&rest, ": column ")) return out;
  const size_t colon = rest.find(": ");
  if (colon == absl::string_view::npos) return out;
  const absl::string_view field = rest.substr(0, colon);
  out.set_field(std::string(field));
  if (table != nullptr) out.set_column(static_cast<uint32_t>(table->ColumnNumber(field)));
  return out;
}

void ImportParser::AddError(const absl::Status& error) {
  ++errors_total_;
  if (options_.max_errors == 0) return;
  v1::ImportError e =
      DescribeImportError(file_name_, error, table_.has_value() ? &*table_ : nullptr);
  if (errors_.size() < options_.max_errors) {
    errors_.push_back(std::move(e));
    return;
  }
  // Full: keep the errors of the first lines (a caller's error may come after the parser's
  // errors of later lines of the same run).
  auto last = std::max_element(
      errors_.begin(), errors_.end(),
      [](const v1::ImportError& a, const v1::ImportError& b) { return a.line() < b.line(); });
  if (e.line() < last->line()) *last = std::move(e);
}

absl::StatusOr<std::unique_ptr<ImportParser>> ImportParser::Create(v1::FileKind kind,
                                                                   absl::string_view file_name,
                                                                   const CodecTable& table,
                                                                   ImportParserOptions options) {
  absl::StatusOr<const FileCodec*> codec = FindCodec(kind, table);
  if (!codec.ok()) return codec.status();
  return std::unique_ptr<ImportParser>(
      new ImportParser(table, *codec, std::string(file_name), options));
}

absl::Status ImportParser::TryHeader(size_t end, bool at_end) {
  const absl::string_view text = absl::string_view(buffer_).substr(0, end);
  if (OnlyLineBreaksOrBom(text) && !at_end) return absl::OkStatus();
  absl::StatusOr<ImportTable> table = ImportTable::ReadHeader(file_name_, text, codec_->columns);
  if (!table.ok()) return table.status();
  table->set_max_cell_bytes(options_.max_cell_bytes);
  table_.emplace(*std::move(table));
  // The rows are scanned again with the header's separator alone.
  next_line_ = 1 + end_lines_;
  buffer_.erase(0, end);
  splitter_ = CsvRecordSplitter();
  splitter_.set_separator(table_->separator());
  scanned_ = end_ = 0;
  end_lines_ = consumed_lines_ = 0;
  return absl::OkStatus();
}

absl::Status ImportParser::SetRun(absl::string_view run) {
  absl::StatusOr<std::vector<CsvRecord>> records =
      ReadCsvRows(file_name_, run, table_->separator(), next_line_);
  if (!records.ok()) return records.status();
  return table_->SetRows(*std::move(records));
}

absl::Status ImportParser::FirstErrorOfRun(absl::string_view run, absl::Status shape_error) {
  // Where the run's records end.
  std::vector<size_t> ends;
  CsvRecordSplitter splitter;
  splitter.set_separator(table_->separator());
  splitter.set_stop_at_first_end(true);
  for (size_t at = 0; at < run.size();) {
    const size_t found = splitter.Scan(run.substr(at));
    if (!splitter.found_end() || found == 0) break;
    at += found;
    ends.push_back(at);
  }
  if (ends.empty() || ends.back() != run.size()) ends.push_back(run.size());
  // The first record whose prefix is malformed: a record's shape does not depend on others.
  size_t lo = 0, hi = ends.size() - 1;  // The answer is in [lo, hi]; ends[hi] fails.
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (SetRun(run.substr(0, ends[mid])).ok()) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo > 0) {
    if (absl::Status s = SetRun(run.substr(0, ends[lo - 1])); !s.ok()) return s;
    if (absl::Status s = codec_->parse(*table_, &parsed_); !s.ok()) return s;
  }
  absl::Status first_bad = SetRun(run.substr(0, ends[lo]));
  return first_bad.ok() ? shape_error : first_bad;
}

void ImportParser::ParseRunCollecting(absl::string_view run, std::vector<LocatedRecord>* out) {
  const int first_line = next_line_;
  CsvRecordSplitter splitter;
  splitter.set_separator(table_->separator());
  splitter.set_stop_at_first_end(true);
  int lines = 0;  // Line breaks before the record at `at`.
  for (size_t at = 0; at < run.size();) {
    const size_t found = splitter.Scan(run.substr(at));
    const size_t next = !splitter.found_end() || found == 0 ? run.size() : at + found;
    next_line_ = first_line + lines;
    if (absl::Status s = SetRun(run.substr(at, next - at)); !s.ok()) {
      AddError(s);
    } else {
      rows_ += table_->rows().size();
      if (absl::Status p = codec_->parse(*table_, &parsed_); !p.ok()) AddError(p);
    }
    for (LocatedRecord& record : parsed_.TakeSoFar()) out->push_back(std::move(record));
    lines = splitter.lines_at_end();
    at = next;
  }
  next_line_ = first_line;
}

absl::Status ImportParser::ParseRun(size_t end, std::vector<LocatedRecord>* out) {
  const absl::string_view run = absl::string_view(buffer_).substr(0, end);
  if (options_.max_errors > 0) {
    ParseRunCollecting(run, out);
  } else {
    if (absl::Status s = SetRun(run); !s.ok()) return FirstErrorOfRun(run, std::move(s));
    rows_ += table_->rows().size();
    if (absl::Status s = codec_->parse(*table_, &parsed_); !s.ok()) return s;
    for (LocatedRecord& record : parsed_.TakeSoFar()) out->push_back(std::move(record));
  }
  if (absl::Status s = table_->SetRows({}); !s.ok()) return s;
  buffer_.erase(0, end);
  scanned_ -= std::min(scanned_, end);
  end_ -= std::min(end_, end);
  next_line_ += end_lines_ - consumed_lines_;
  consumed_lines_ = end_lines_;
  return absl::OkStatus();
}

absl::Status ImportParser::Feed(absl::string_view piece, std::vector<LocatedRecord>* out) {
  buffer_.append(piece.data(), piece.size());
  while (!table_.has_value() && scanned_ < buffer_.size()) {
    // Before the header: one record end at a time, with either separator.
    splitter_.set_stop_at_first_end(true);
    const size_t found = splitter_.Scan(absl::string_view(buffer_).substr(scanned_));
    if (!splitter_.found_end()) {
      scanned_ = buffer_.size();
      break;
    }
    scanned_ += found;
    end_ = scanned_;
    end_lines_ = splitter_.lines_at_end();
    if (absl::Status s = TryHeader(end_, /*at_end=*/false); !s.ok()) return s;
  }
  if (table_.has_value() && scanned_ < buffer_.size()) {
    const size_t found = splitter_.Scan(absl::string_view(buffer_).substr(scanned_));
    if (splitter_.found_end()) {
      end_ = scanned_ + found;
      end_lines_ = splitter_.lines_at_end();
    }
    scanned_ = buffer_.size();
  }
  if (buffer_.size() - end_ > options_.max_record_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name_, ":", next_line_ + end_lines_ - consumed_lines_,
                     ": a record (or header) longer than ", options_.max_record_bytes,
                     " bytes; is a quoted field never closed?"));
  }
  if (table_.has_value() && end_ >= options_.run_bytes) {
    return ParseRun(end_, out);
  }
  return absl::OkStatus();
}

absl::Status ImportParser::Finish(std::vector<LocatedRecord>* out) {
  if (!table_.has_value()) {
    if (absl::Status s = TryHeader(buffer_.size(), /*at_end=*/true); !s.ok()) return s;
  } else if (!buffer_.empty()) {
    if (absl::Status s = ParseRun(buffer_.size(), out); !s.ok()) return s;
  }
  if (codec_->finish != nullptr) {
    if (absl::Status s = codec_->finish(file_name_, &parsed_); !s.ok()) {
      if (options_.max_errors == 0) return s;
      AddError(s);
    }
    for (LocatedRecord& record : parsed_.TakeSoFar()) out->push_back(std::move(record));
  }
  return absl::OkStatus();
}

}  // namespace kinerja::codec
