// The codec table: one entry per file kind (what an import reads and an export writes) and
// one key function per record kind. Adding a kind is adding one entry; the generic import
// (parse_import.h), export (export_file.h) and KeyForRecord (record_key.h) read the table and
// know no kind by name.
#ifndef KINERJA_DAEMON_CODEC_FILE_CODEC_H_
#define KINERJA_DAEMON_CODEC_FILE_CODEC_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/import_table.h"
#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/query.pb.h"
#include "storage/entity_key.h"

namespace kinerja::codec {

class ParsedRecords;

// A record and the 1-based line of the row it came from, for the caller's own messages (e.g.
// a permission check naming file:line).
struct LocatedRecord {
  int line = 0;
  v1::Record record;
};

// How one record kind (one case of the Record oneof) is stored.
struct RecordKind {
  v1::Record::EntityCase entity = v1::Record::ENTITY_NOT_SET;
  // Where its keys live and the kind component of them ("pagu" in "3604/2024/pagu/..."; for
  // kCatatan, "catatan").
  storage::KeySection section = storage::KeySection::kRecord;
  absl::string_view key_kind;
  // The key the record is stored under; INVALID_ARGUMENT "record lacks ..." when the fields
  // that identify it are missing. REQUIRES: record.entity_case() == entity.
  absl::StatusOr<std::string> (*key)(const v1::Record& record) = nullptr;
  // For export: the key prefix to scan for `request` ("" scans everything); nullptr means the
  // request's satker (and year) prefix, or everything when no satker is given.
  std::string (*export_prefix)(const v1::ExportRequest& request) = nullptr;
  // For export: whether a record found under that prefix belongs to the file `request` asks
  // for; nullptr keeps every record of the requested year (if one is given).
  bool (*export_selects)(const v1::Record& record, const v1::ExportRequest& request) = nullptr;
};

// One file kind: its columns and how its rows become records and back.
struct FileCodec {
  // The file kind. Test fixtures may use a number outside the proto enum.
  v1::FileKind kind = v1::FILE_KIND_UNSPECIFIED;
  // Its word ("anggaran"): the default file name in messages is "<name>.csv".
  std::string name;
  // The header: every column the file knows, in the order an export writes them.
  std::vector<ColumnSpec> columns;
  // The record kinds the file holds, in the order an export reads them.
  std::vector<RecordKind> records;
  // Reads every row of `table` (whose header matched `columns`) into `out`, which checks
  // that no two rows yield the same key. Returns the first error, worded as ImportRow's.
  // A file read in pieces is parsed a run of rows at a time: `table` then holds one run, and
  // what a kind needs to carry between runs lives in out->codec_state().
  absl::Status (*parse)(const ImportTable& table, ParsedRecords* out) = nullptr;
  // After the last run: the rules that need every row (nullptr: none), adding what they
  // yield to `out`. `file_name` is for messages.
  absl::Status (*finish)(absl::string_view file_name, ParsedRecords* out) = nullptr;
  // Writes `records` (the visible records of `records` kinds an export selected, in that
  // kind order and key order within a kind) as rows, each a cell per column in `columns`
  // order.
  std::vector<std::vector<std::string>> (*format)(const std::vector<v1::Record>& records) = nullptr;
};

// The file kinds and record kinds an import, export or key computation knows. Copyable, so a
// test can extend the built-in table with a kind of its own.
class CodecTable {
 public:
  // The built-in kinds: DOMAIN.md's five files plus total_dokumen, and the key of every
  // record kind, catatan (which no file holds) included. Thread-safe.
  static const CodecTable& BuiltIn();

  CodecTable() = default;

  // Adds `codec`, replacing an entry of the same file kind, and registers its record kinds
  // (replacing entries of the same Record case).
  void Add(FileCodec codec);
  // Registers a record kind that no file holds (or replaces one).
  void AddRecordKind(const RecordKind& kind);

  // The entry of `kind`; nullptr if the table has none.
  const FileCodec* Find(v1::FileKind kind) const;
  // The record kind of `entity`; nullptr if the table has none.
  const RecordKind* FindRecordKind(v1::Record::EntityCase entity) const;
  // Every file entry, in the order added.
  const std::vector<FileCodec>& files() const { return files_; }
  // Every record kind, those of files first, in the order added.
  const std::vector<RecordKind>& record_kinds() const { return record_kinds_; }

 private:
  std::vector<FileCodec> files_;
  std::vector<RecordKind> record_kinds_;
};

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_FILE_CODEC_H_
