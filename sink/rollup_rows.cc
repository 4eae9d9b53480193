#include "sink/rollup_rows.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace kinerja::sink {
namespace {

absl::Status Malformed(const v1::RollupChange& change, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("feed cursor ", change.cursor(), ": row key \"", change.row_key(), "\": ", why));
}

}  // namespace

absl::StatusOr<SinkRowKey> ParseSinkRowKey(const v1::RollupChange& change) {
  const std::vector<absl::string_view> parts = absl::StrSplit(change.row_key(), '/');
  SinkRowKey key;
  if (parts.size() < 3 || !absl::SimpleAtoi(parts[0], &key.tahun) || parts[2].empty()) {
    return Malformed(change, "expected <tahun>/<type>/<satker>/...");
  }
  key.satker = std::string(parts[2]);
  const absl::string_view type = parts[1];
  v1::RollupRow::RowCase expected = v1::RollupRow::ROW_NOT_SET;
  if (type == "total" && parts.size() == 3) {
    key.table = SinkTable::kSatker;
    expected = v1::RollupRow::kTotal;
  } else if (type == "program" && parts.size() == 4) {
    key.table = SinkTable::kProgram;
    key.program_kode = std::string(parts[3]);
    expected = v1::RollupRow::kProgram;
  } else if (type == "counts" && parts.size() == 3) {
    key.table = SinkTable::kIndikator;
    expected = v1::RollupRow::kCounts;
  } else if (type == "total" || type == "program" || type == "counts") {
    return Malformed(change, "wrong number of parts for its type");
  } else {
    return key;  // kIgnored: another kind of row.
  }
  if (!change.deleted() && change.row().row_case() != expected) {
    return Malformed(change, "the row is not of the kind its key names");
  }
  return key;
}

}  // namespace kinerja::sink
