// Several tables in one CSV file, as QueryService output writes them (query_output.h): a first
// column `tabel` naming each line's table, then the union of the tables' columns, each line
// filling only its own table's and leaving the others empty.
#ifndef KINERJA_CLIENT_OUTPUT_MULTI_TABLE_CSV_H_
#define KINERJA_CLIENT_OUTPUT_MULTI_TABLE_CSV_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace kinerja::client {

class MultiTableCsv {
 public:
  // `columns` are the names after the leading "tabel", in file order.
  explicit MultiTableCsv(std::vector<std::string> columns);

  // Starts a line of table `tabel`, every other cell empty until Set.
  MultiTableCsv& Line(absl::string_view tabel);

  // Sets a cell of the line last started.
  // REQUIRES: Line was called and `column` is one of the columns.
  MultiTableCsv& Set(absl::string_view column, std::string value);

  // The header and the lines in the order started, RFC 4180 quoted (see CsvField).
  void Write(std::ostream& out) const;

 private:
  std::vector<std::string> columns_;  // "tabel" first.
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<std::vector<std::string>> lines_;
};

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_OUTPUT_MULTI_TABLE_CSV_H_
