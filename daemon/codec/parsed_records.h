// Where a codec's parse puts the records of one file: in file order, each located at its row,
// and no two of one key. Uniqueness goes through KeyForRecord, so "the same entity" means
// exactly "the same storage key".
#ifndef KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_
#define KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/file_codec.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/import_table.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// Not thread-safe; one per parse.
class ParsedRecords {
 public:
  // `table` supplies the key of every record kind and must outlive this object.
  explicit ParsedRecords(const CodecTable& table) : table_(table) {}

  ParsedRecords(const ParsedRecords&) = delete;
  ParsedRecords& operator=(const ParsedRecords&) = delete;

  // Adds `record`, read from `row`. If an earlier row of the file yielded a record of the same
  // key, returns "<file>:<line>: column <column>: duplicate: <what> is already on line <n>"
  // and adds nothing; a record without a key is the row's error in `column`.
  [[nodiscard]] absl::Status Add(const ImportRow& row, absl::string_view column, v1::Record record,
                                 absl::string_view what);

  // Claims the key of `identity` for `row` as Add does, without keeping a record: for a
  // record assembled from several rows, or a row that yields none of its own.
  [[nodiscard]] absl::Status Claim(const ImportRow& row, absl::string_view column,
                                   const v1::Record& identity, absl::string_view what);

  // Appends a record assembled elsewhere, located at `line`, unchecked.
  void Append(int line, v1::Record record);

  // KeyForRecord(record) through the table.
  [[nodiscard]] absl::StatusOr<std::string> KeyOf(const v1::Record& record) const;

  // The records added, in order.
  std::vector<LocatedRecord> Take() && { return std::move(records_); }

 private:
  const CodecTable& table_;
  FirstLines first_lines_;
  std::vector<LocatedRecord> records_;
};

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_
