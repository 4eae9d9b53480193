// A large local write built up in bounded memory and committed as one: an import stages its
// records on disk (the replica's staging column family) while it reads its file, and commits
// them all or none. A file with any bad row is discarded and changes nothing: no value, no
// seq, no change-log entry, no rollup row.
#ifndef KINERJA_STORAGE_STAGED_IMPORT_H_
#define KINERJA_STORAGE_STAGED_IMPORT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/write_batch.h"

namespace kinerja::storage {

class Replica;

// What a commit did to the staged records.
struct ImportCounts {
  uint64_t created = 0;    // Keys without a visible value before.
  uint64_t changed = 0;    // Keys whose visible value differed.
  uint64_t unchanged = 0;  // Keys already holding the staged value: no change written.
};

// One import in the making. Obtained from Replica::BeginImport(); not thread-safe (one
// importer drives it). Staging is not durable and needs none: until Commit() nothing of it is
// visible, and a replica discards leftover staging when it opens.
//
// Commit() writes the staged records as local changes (as Replica::Write does) in bounded
// write batches, under the replica's write lock. Readers (views, change cursors, the feed)
// see the replica as it was before the commit until its last batch is written with sync; the
// version vector, counters and on_commit follow only then. Should the process stop midway,
// the first batch's marker makes the next Open finish the commit from what is still staged,
// so an import is never half held.
class StagedImport {
 public:
  ~StagedImport();  // Discards the staging unless committed or abandoned.
  StagedImport(const StagedImport&) = delete;
  StagedImport& operator=(const StagedImport&) = delete;

  // Records that line `line` of the file holds entity `key`. Returns the line that claimed
  // `key` earlier in this import, or nullopt (and the claim is recorded). Claims are only for
  // finding duplicates; they commit nothing.
  [[nodiscard]] absl::StatusOr<std::optional<int>> Claim(absl::string_view key, int line);

  // Stages `value` (a serialized v1::Record) under `key`. INVALID_ARGUMENT naming the key for a
  // key outside the grammar or a value over ReplicaOptions::max_value_bytes. The caller makes
  // keys unique (Claim); a key staged twice keeps the later value.
  [[nodiscard]] absl::Status Stage(absl::string_view key, absl::string_view value);

  // Commits every staged record atomically and durably, `author` on every change; returns
  // what it did. On an error before the first batch nothing changed; a write error midway is
  // completed by the next Open of the replica (and, until then, the replica refuses writes).
  // The staging is gone afterwards either way. REQUIRES: called at most once.
  [[nodiscard]] absl::StatusOr<ImportCounts> Commit(absl::string_view author);

  // Forgets this import without discarding its staging, as a crash would; the next Open of the
  // replica discards it. For tests of that recovery.
  void Abandon() { done_ = true; }

  uint64_t id() const { return id_; }

 private:
  friend class Replica;
  StagedImport(Replica* replica, uint64_t id) : replica_(replica), id_(id) {}
  [[nodiscard]] absl::Status FlushIfFull();
  [[nodiscard]] absl::Status Flush();
  std::string StagingKey(char tag, absl::string_view key) const;

  Replica* const replica_;
  const uint64_t id_;
  bool done_ = false;
  rocksdb::WriteBatch pending_;                           // Not yet written to staging.
  absl::flat_hash_map<std::string, int> pending_claims_;  // Claims in `pending_`.
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_STAGED_IMPORT_H_
