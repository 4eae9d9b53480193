#include "client/output/text_table.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace kinerja::client {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// `cell` on one line and at most `max_width` characters (0: any), as shown in aligned output.
std::string Shown(absl::string_view cell, size_t max_width) {
  return Truncate(absl::StrReplaceAll(cell, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}}), max_width);
}

}  // namespace

TextTable::TextTable(std::vector<TextColumn> columns) : columns_(std::move(columns)) {}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::WriteAligned(std::ostream& out, bool with_header) const {
  std::vector<std::vector<std::string>> lines;
  if (with_header) {
    std::vector<std::string> header;
    for (const TextColumn& c : columns_) header.push_back(absl::AsciiStrToUpper(c.name));
    lines.push_back(std::move(header));
  }
  for (const std::vector<std::string>& row : rows_) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns_.size(); ++i) {
      line.push_back(Shown(row[i], columns_[i].max_width));
    }
    lines.push_back(std::move(line));
  }
  std::vector<size_t> widths(columns_.size(), 0);
  for (const std::vector<std::string>& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(line[i]));
    }
  }
  for (const std::vector<std::string>& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i > 0) text += "  ";
      const std::string padding(widths[i] - DisplayWidth(line[i]), ' ');
      if (columns_[i].align == Align::kRight) {
        text += padding + line[i];
      } else {
        text += line[i] + padding;
      }
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  }
}

void TextTable::WriteCsv(std::ostream& out) const {
  const auto write_line = [&out](const std::vector<std::string>& fields) {
    out << absl::StrJoin(fields, ",", [](std::string* line, const std::string& field) {
      line->append(CsvField(field));
    }) << "\n";
  };
  std::vector<std::string> header;
  for (const TextColumn& c : columns_) header.push_back(c.name);
  write_line(header);
  for (const std::vector<std::string>& row : rows_) write_line(row);
}

std::string CsvField(absl::string_view field) {
  const bool needs_quotes =
      field.find_first_of(",\"\r\n") != absl::string_view::npos ||
      (!field.empty() && (absl::ascii_isspace(static_cast<unsigned char>(field.front())) ||
                          absl::ascii_isspace(static_cast<unsigned char>(field.back()))));
  if (!needs_quotes) return std::string(field);
  return "\"" + absl::StrReplaceAll(field, {{"\"", "\"\""}}) + "\"";
}

std::string Truncate(absl::string_view text, size_t max_width) {
  if (max_width == 0 || DisplayWidth(text) <= max_width) return std::string(text);
  size_t kept = 0;
  size_t end = 0;
  for (; end < text.size(); ++end) {
    if (IsContinuationByte(text[end])) continue;
    if (kept == max_width - 1) break;
    ++kept;
  }
  return absl::StrCat(text.substr(0, end), "…");
}

size_t DisplayWidth(absl::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

}  // namespace kinerja::client
