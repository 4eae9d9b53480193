// Where a codec's parse puts the records of one file: in file order, each located at its row,
// and no two of one key. Uniqueness goes through KeyForRecord, so "the same entity" means
// exactly "the same storage key".
#ifndef KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_
#define KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_

#include <any>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/file_codec.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/import_table.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// Which row of a file first held each entity key: where duplicates are found. The default
// keeps the keys in memory; an importer of large files keeps them in its staging instead.
class KeyClaims {
 public:
  virtual ~KeyClaims() = default;
  // Records that line `line` holds `key`; returns the line that held it first, or nullopt
  // (then it is recorded). Errors are the store's.
  [[nodiscard]] virtual absl::StatusOr<std::optional<int>> Claim(const std::string& key,
                                                                 int line) = 0;
};

// Not thread-safe; one per parse.
class ParsedRecords {
 public:
  // `table` supplies the key of every record kind and must outlive this object. `claims`
  // (null: in memory) must too.
  explicit ParsedRecords(const CodecTable& table, KeyClaims* claims = nullptr)
      : table_(table), claims_(claims) {}

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
  // The records added since the last call, in order; a file read in pieces hands them on.
  std::vector<LocatedRecord> TakeSoFar() { return std::exchange(records_, {}); }

  // What a codec carries from one run of rows of a file to the next (FileCodec::parse is
  // called once per run); empty at first.
  std::any& codec_state() { return codec_state_; }

 private:
  const CodecTable& table_;
  KeyClaims* const claims_;
  FirstLines first_lines_;
  std::vector<LocatedRecord> records_;
  std::any codec_state_;
};

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_PARSED_RECORDS_H_
