#include "daemon/codec/import_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kinerja::codec {
namespace {

bool IsBlank(absl::string_view field) { return absl::StripAsciiWhitespace(field).empty(); }

bool AllBlank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return IsBlank(f); });
}

}  // namespace

std::string QuoteForMessage(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

absl::string_view ImportRow::Cell(absl::string_view column) const {
  const auto it = table_->column_index_.find(column);
  if (it == table_->column_index_.end() || it->second >= record_->fields.size()) return "";
  return absl::StripAsciiWhitespace(record_->fields[it->second]);
}

absl::Status ImportRow::Expected(absl::string_view column, absl::string_view what,
                                 absl::string_view detail) const {
  std::string message = absl::StrCat("expected ", what, ", got ", QuoteForMessage(Cell(column)));
  if (!detail.empty()) absl::StrAppend(&message, ": ", detail);
  return Error(column, message);
}

absl::Status ImportRow::Error(absl::string_view column, absl::string_view message) const {
  return RowError(table_->file_name_, line(), column, message);
}

int ImportTable::ColumnNumber(absl::string_view name) const {
  auto it = column_index_.find(absl::AsciiStrToLower(name));
  return it == column_index_.end() ? 0 : static_cast<int>(it->second) + 1;
}

absl::Status RowError(absl::string_view file_name, int line, absl::string_view column,
                      absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(file_name, ":", line, ": column ", column, ": ", message));
}

absl::StatusOr<ImportTable> ImportTable::Read(absl::string_view file_name,
                                              absl::string_view content,
                                              absl::Span<const ColumnSpec> columns) {
  absl::StatusOr<CsvTable> csv = ReadCsv(file_name, content);
  if (!csv.ok()) return csv.status();
  ImportTable table;
  table.file_name_ = std::string(file_name);
  table.csv_ = *std::move(csv);
  if (absl::Status s = table.CheckHeader(columns); !s.ok()) return s;
  for (const CsvRecord& record : table.csv_.rows) {
    if (AllBlank(record.fields)) continue;
    if (absl::Status s = table.CheckRowShape(record); !s.ok()) return s;
  }
  return table;
}

absl::StatusOr<ImportTable> ImportTable::ReadHeader(absl::string_view file_name,
                                                    absl::string_view header_text,
                                                    absl::Span<const ColumnSpec> columns) {
  absl::StatusOr<CsvTable> csv = ReadCsv(file_name, header_text);
  if (!csv.ok()) return csv.status();
  ImportTable table;
  table.file_name_ = std::string(file_name);
  table.csv_ = *std::move(csv);
  if (absl::Status s = table.CheckHeader(columns); !s.ok()) return s;
  if (!table.csv_.rows.empty()) {
    return absl::InternalError(absl::StrCat(file_name, ": header text holds rows"));
  }
  return table;
}

absl::Status ImportTable::SetRows(std::vector<CsvRecord> records) {
  csv_.rows = std::move(records);
  for (const CsvRecord& record : csv_.rows) {
    if (AllBlank(record.fields)) continue;
    if (absl::Status s = CheckRowShape(record); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ImportTable::CheckHeader(absl::Span<const ColumnSpec> columns) {
  const CsvRecord& header = csv_.header;
  const auto error = [&](absl::string_view message) {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", header.line, ": ", message));
  };
  std::vector<absl::string_view> known;
  for (const ColumnSpec& spec : columns) known.push_back(spec.name);

  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    if (name.empty()) continue;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return error(absl::StrCat("unknown column ", QuoteForMessage(header.fields[i]),
                                "; the columns are: ", absl::StrJoin(known, ", ")));
    }
    if (!column_index_.emplace(name, i).second) {
      return error(absl::StrCat("column ", name, " appears twice in the header"));
    }
  }
  for (const ColumnSpec& spec : columns) {
    if (!spec.optional && !column_index_.contains(spec.name)) {
      return error(absl::StrCat("missing column ", spec.name));
    }
  }
  return absl::OkStatus();
}

absl::Status ImportTable::CheckRowShape(const CsvRecord& record) const {
  const std::vector<std::string>& header = csv_.header.fields;
  const std::vector<std::string>& fields = record.fields;
  const auto error = [&](absl::string_view message) {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ":", record.line, ": ", message));
  };
  // Fields under unnamed trailing header cells may be missing; named ones may not.
  size_t named_width = header.size();
  while (named_width > 0 && IsBlank(header[named_width - 1])) --named_width;
  if (fields.size() < named_width) {
    return error(absl::StrCat("has ", fields.size(), " fields, but the header has ", named_width,
                              " (a line break inside an unquoted cell?)"));
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const bool named = i < named_width && !IsBlank(header[i]);
    if (!named && !IsBlank(fields[i])) {
      return error(absl::StrCat("field ", i + 1, " holds ", QuoteForMessage(fields[i]),
                                " but has no column name in the header"));
    }
    if (max_cell_bytes_ > 0 && fields[i].size() > max_cell_bytes_) {
      return error(absl::StrCat(
          "column ", absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i])),
          ": the cell holds ", fields[i].size(), " bytes, more than a record may hold (",
          max_cell_bytes_, " bytes); shorten it"));
    }
  }
  return absl::OkStatus();
}

std::vector<ImportRow> ImportTable::rows() const {
  std::vector<ImportRow> out;
  for (const CsvRecord& record : csv_.rows) {
    if (!AllBlank(record.fields)) out.emplace_back(this, &record);
  }
  return out;
}

}  // namespace kinerja::codec
