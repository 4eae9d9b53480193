#include "client/output/multi_table_csv.h"

#include <cassert>
#include <utility>

#include "client/output/text_table.h"

namespace kinerja::client {

MultiTableCsv::MultiTableCsv(std::vector<std::string> columns) {
  columns_.push_back("tabel");
  for (std::string& c : columns) columns_.push_back(std::move(c));
  for (size_t i = 0; i < columns_.size(); ++i) index_.emplace(columns_[i], i);
}

MultiTableCsv& MultiTableCsv::Line(absl::string_view tabel) {
  lines_.emplace_back(columns_.size());
  lines_.back()[0] = std::string(tabel);
  return *this;
}

MultiTableCsv& MultiTableCsv::Set(absl::string_view column, std::string value) {
  const auto it = index_.find(column);
  assert(!lines_.empty() && it != index_.end());
  if (!lines_.empty() && it != index_.end()) lines_.back()[it->second] = std::move(value);
  return *this;
}

void MultiTableCsv::Write(std::ostream& out) const {
  std::vector<TextColumn> columns;
  for (const std::string& name : columns_) columns.push_back(TextColumn{name});
  TextTable table(std::move(columns));
  for (const std::vector<std::string>& line : lines_) table.AddRow(line);
  table.WriteCsv(out);
}

}  // namespace kinerja::client
