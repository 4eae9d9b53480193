// The replica: one RocksDB directory holding a node's copy of the data and the replication
// bookkeeping of DESIGN.md (change log, version vector, per-key heads and visible values,
// conflicts). Local writes and changes from peers go through one atomic, durable apply path.
// No networking here: the sync engine and services call this class.
#ifndef KINERJA_STORAGE_REPLICA_H_
#define KINERJA_STORAGE_REPLICA_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "kinerja/v1/replication.pb.h"
#include "kinerja/v1/storage.pb.h"
#include "storage/derived_rows.h"
#include "storage/hlc.h"
#include "storage/replica_options.h"
#include "storage/version_vector.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Snapshot;
class WriteBatch;
struct WriteOptions;
}  // namespace rocksdb

namespace kinerja::storage {

class StagedImport;
struct ImportCounts;

// One entry of the derived-row feed.
struct FeedEntry {
  uint64_t cursor = 0;  // Position; strictly increasing from 1.
  std::string row_key;
  std::optional<std::string> value;  // nullopt: the row was deleted.
};

// A local write of one key: a new value, or a delete when `value` is empty.
struct Mutation {
  std::string key;                   // Entity key (storage/entity_key.h).
  std::optional<std::string> value;  // Serialized v1::Record; nullopt deletes the key.
  // If set, the heads the writer saw and means to supersede: the key's heads must be exactly
  // these (in any order) when the write happens. Default: unset (supersede whatever is there).
  std::optional<std::vector<v1::ChangeId>> expected_heads;
};

// What applying a batch from a peer did.
struct ApplyStats {
  uint64_t applied = 0;     // Changes newly held.
  uint64_t duplicates = 0;  // Changes already held (no-ops).
};

// Decides whether a change belongs to a receiver's scope (DESIGN.md, "Scope").
using ScopeFn = std::function<bool(const v1::Change&)>;

// Enumerates the changes a peer lacks, in (origin, seq) order, on a fixed snapshot, as
// bounded batches whose `covered` ranges account for every seq passed over.
class ChangeCursor {
 public:
  virtual ~ChangeCursor() = default;
  // Fills `batch` (cleared first) with at most `max_changes` changes and, beyond the first,
  // at most `max_bytes` of serialized changes. A batch may carry only ranges (every seq it
  // passed was out of scope). After the last batch, done() is true.
  [[nodiscard]] virtual absl::Status Next(size_t max_changes, size_t max_bytes,
                                          v1::ChangeBatch* batch) = 0;
  virtual bool done() const = 0;
  // How many changes this cursor has yielded / passed over as out of scope so far.
  virtual uint64_t yielded() const = 0;
  virtual uint64_t skipped() const = 0;
};

// What a scan callback returns: OkStatus() to go on with the next entry, StopScan() to end
// the scan early without an error (the scan then returns OkStatus()), or any other error to end
// the scan with it (the scan returns it unchanged).
using ScanFn = std::function<absl::Status(absl::string_view key, absl::string_view value)>;
using ConflictScanFn =
    std::function<absl::Status(absl::string_view key, const v1::KeyState& state)>;

// The status a scan callback returns to stop the scan without an error. The scan turns it
// into OkStatus(), so the scan's caller never sees it.
[[nodiscard]] absl::Status StopScan();
// Whether `status` is StopScan()'s.
bool IsStopScan(const absl::Status& status);

// Consistent reads of visible values at one point in time.
class ReadView {
 public:
  virtual ~ReadView() = default;
  // The visible value of `key`, or nullopt if absent or deleted.
  [[nodiscard]] virtual absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) const = 0;
  // Replication state of `key` (heads, winner value); nullopt if no change to it is held.
  [[nodiscard]] virtual absl::StatusOr<std::optional<v1::KeyState>> GetKeyState(
      absl::string_view key) const = 0;
  // Calls fn(key, value) for each visible key with `prefix`, in key order. Returns the first
  // error of fn (other than StopScan()) or of the read; OK when done or stopped.
  [[nodiscard]] virtual absl::Status Scan(absl::string_view prefix, const ScanFn& fn) const = 0;
  // The derived row `row_key`, or nullopt.
  [[nodiscard]] virtual absl::StatusOr<std::optional<std::string>> GetDerived(
      absl::string_view row_key) const = 0;
  // Calls fn(row_key, value) for each derived row with `prefix`, in key order; errors and
  // stopping as for Scan.
  [[nodiscard]] virtual absl::Status ScanDerived(absl::string_view prefix,
                                                 const ScanFn& fn) const = 0;
  // Calls fn(key, state) for each key with `prefix` holding more than one head, in key
  // order; errors and stopping as for Scan.
  [[nodiscard]] virtual absl::Status ScanConflicts(absl::string_view prefix,
                                                   const ConflictScanFn& fn) const = 0;
};

// "<peer> holds this replica's own origin <id> up to seq N, this replica only up to seq M"
// (or, when it was rewritten, that it holds seq N with other content).
std::string DescribeRegression(const v1::OwnOriginRegression& r, absl::string_view replica_id);

// The layout of the store this build writes and the newest it opens. A data directory
// records the version it was made with (a store from before versions were recorded is 1); a
// newer one is refused at open, so an old binary never misreads or rewrites a newer layout.
inline constexpr uint64_t kStorageVersion = 1;

// What a checkpoint (Replica::Checkpoint) holds, read at the instant it was taken.
struct CheckpointInfo {
  std::string satker;
  std::string replica_id;          // The replica it is a copy of.
  VersionVector version_vector;    // What the copy holds (or accounts for) per origin.
  uint64_t changes_held = 0;       // Changes in the copy's log.
  uint64_t storage_version = kStorageVersion;
};

class Replica {
 public:
  // Opens the replica in `dir`, creating it if `dir` is missing or holds no store file. A new
  // directory draws its incarnation, so a reinstalled office gets a new replica id and never
  // reuses a seq. A directory holding store files (CURRENT, MANIFEST-*, *.sst, *.log,
  // OPTIONS-*, IDENTITY, LOCK) but no readable replica identity (no CURRENT, no identity
  // record, or an unreadable one) is refused with FAILED_PRECONDITION naming it and what is
  // missing; nothing in it is written or deleted. The exception is a creation that was cut (a
  // crash during the first open, which had acknowledged nothing): the marker a creation keeps
  // until the identity is durable makes the next open discard its store files and create anew. A directory another open replica holds (in
  // this or another process): FAILED_PRECONDITION naming its lock. A stored satker other
  // than `options.satker`: FAILED_PRECONDITION; a new directory without a satker:
  // INVALID_ARGUMENT. A store of a storage version above kStorageVersion: FAILED_PRECONDITION
  // naming both versions, before anything in it is written.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Replica>> Open(const std::string& dir,
                                                                     ReplicaOptions options);
  // Opens the store in `dir`, a copy of another replica's store (a restored backup), as a
  // new incarnation: the copy is opened as it is (an interrupted import in it is rolled back),
  // then given a fresh replica id and reopened. Every change it holds keeps its original
  // origin; the old replica id becomes a foreign origin, so no seq the old incarnation may
  // have used after the copy is ever issued again, and a peer holding more of the old origin
  // is no reason to refuse writing (a recorded refusal is dropped with the old identity).
  // `*previous_replica_id` receives the copy's replica id. A `dir` without a store:
  // FAILED_PRECONDITION; otherwise the errors of Open.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Replica>> OpenAsNewIncarnation(
      const std::string& dir, ReplicaOptions options, std::string* previous_replica_id);
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // "<satker>.<12 hex digits of incarnation>": the origin of every change written here.
  const std::string& replica_id() const { return identity_.replica_id(); }
  const std::string& satker() const { return identity_.satker(); }

  // The limits Write checks on one mutation before it knows the bases, for a caller that names
  // where the mutation came from (an import: file and line): a valid key of at most
  // max_key_bytes, a value of at most max_value_bytes, an author of at most max_author_bytes,
  // and the change without bases within max_change_bytes. INVALID_ARGUMENT naming the key.
  // Thread-safe.
  [[nodiscard]] absl::Status CheckMutation(const Mutation& mutation,
                                           absl::string_view author) const;

  // Writes the mutations as local changes, atomically and durably: each gets the next seq, a
  // fresh HLC and as bases the current heads of its key (so a write to a conflicting key
  // resolves the conflict). Returns the changes in order. Fails, writing nothing, on what
  // CheckMutation refuses, an encoded change over max_change_bytes (INVALID_ARGUMENT), a
  // delete of a key with no versions (NOT_FOUND), heads other than a mutation's
  // expected_heads (FAILED_PRECONDITION naming the key and its heads), or an observer's
  // refusal (its code, naming the change and key); with FAILED_PRECONDITION once a peer was
  // found to hold more of this replica's own origin (CheckOwnOrigin), since any seq it would
  // draw may be one the peer holds with other content; with RESOURCE_EXHAUSTED ("disk full:
  // ...") when the disk is full. After a failed commit the next write first asks RocksDB to
  // resume, so writes succeed again once space returns, without a restart. Thread-safe.
  [[nodiscard]] absl::StatusOr<std::vector<v1::Change>> Write(absl::Span<const Mutation> mutations,
                                                              absl::string_view author);

  // Starts an import whose records are staged on disk and committed all or none
  // (storage/staged_import.h). Several imports may stage at once; commits are serialized with
  // every other write. The replica must outlive the returned object. Thread-safe.
  std::unique_ptr<StagedImport> BeginImport();

  // Applies a batch from a peer atomically and durably. Already-held changes are no-ops. A
  // change beyond VV[origin]+1 not covered by a range of the batch is a gap:
  // FAILED_PRECONDITION naming origin, expected and received seq. A malformed change (a key,
  // author, value or encoding over the limits included): INVALID_ARGUMENT. An observer's
  // refusal keeps its code and names the change and key (a sum that would pass int64:
  // INVALID_ARGUMENT). On any error nothing of the batch is applied. Thread-safe.
  [[nodiscard]] absl::StatusOr<ApplyStats> Apply(const v1::ChangeBatch& batch);

  // Changes held (or accounted for) per origin.
  VersionVector version_vector() const;
  // The vector's entry for one origin, without copying the whole vector.
  uint64_t accounted(absl::string_view origin) const;
  // Keys with more than one head.
  uint64_t conflict_count() const;
  // Changes held in the log (for a scoped replica fewer than its vector accounts for).
  uint64_t changes_held() const;
  // Received HLCs that were too far ahead of local physical time, over the life of the
  // directory (persisted, so the count survives a restart).
  uint64_t clock_skew_events() const;

  // DESIGN.md, "Own origin never regresses": `peer` says it holds this replica's own origin up
  // to `peer_seq`, the change at that seq having HLC `peer_tip_hlc` (0: not said). If that is
  // more than this replica holds, or this replica holds that seq with another HLC (its log went
  // back and it wrote the seq again), its log went back (a damaged WAL, a restored backup):
  // returns FAILED_PRECONDITION naming both numbers and the way to recover. Otherwise OK.
  // `stop_writing`: also records the refusal durably (own_origin_regression(); Write refuses
  // from then on). Only the upstream's word may stop writing: a child's claim cannot be
  // verified, and a compromised office could make it to halt its hub's writes for good; it
  // refuses that session only. Thread-safe.
  [[nodiscard]] absl::Status CheckOwnOrigin(absl::string_view peer, uint64_t peer_seq,
                                            uint64_t peer_tip_hlc = 0, bool stop_writing = true);
  // The recorded refusal, if a peer was ever found holding more of the own origin.
  std::optional<v1::OwnOriginRegression> own_origin_regression() const;

  // What opening found RocksDB's WAL recovery to drop, one line naming the WAL file(s), the
  // bytes and the last seq recovered; empty when every WAL was replayed to its end.
  const std::string& recovery_report() const { return recovery_report_; }
  // The largest value one change may carry (ReplicaOptions::max_value_bytes).
  size_t max_value_bytes() const { return options_.max_value_bytes; }

  // Writes a consistent copy of the store into `dir` (a RocksDB checkpoint: `dir` must not
  // exist and must lie on the same file system as the replica, whose table files it
  // hard-links) while the replica keeps serving. Memtables are flushed first; writers wait
  // only while the checkpoint's links and its small files are made, so the copy and the
  // returned info are of one instant with no write half in it. The caller removes `dir`.
  // Thread-safe.
  [[nodiscard]] absl::StatusOr<CheckpointInfo> Checkpoint(const std::string& dir);

  // The changes a peer with `peer` lacks, restricted to `scope` (null: everything).
  std::unique_ptr<ChangeCursor> NewChangeCursor(const VersionVector& peer, ScopeFn scope) const;
  std::unique_ptr<ReadView> NewReadView() const;

  // Feed entries after `cursor`, at most `max_entries`, in cursor order.
  [[nodiscard]] absl::Status ReadFeed(uint64_t cursor, size_t max_entries,
                                      const std::function<void(const FeedEntry&)>& fn) const;
  // The cursor of the last feed entry (0 if none).
  uint64_t feed_head() const;

  // A held change by id, or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<v1::Change>> GetChange(absl::string_view origin,
                                                                    uint64_t seq) const;

  // Hex SHA-256 over every key's heads and visible value: equal digests mean equal replica
  // state, whatever the order changes arrived in. Scans everything; for tests and audits.
  [[nodiscard]] absl::StatusOr<std::string> Digest() const;
  // The same digest over the keys that start with `prefix` only (e.g. SatkerPrefix("3604"):
  // everything about one satker), so that replicas holding different scopes can compare what
  // they share. DigestOfPrefix("") == Digest(). Thread-safe; reads one snapshot.
  [[nodiscard]] absl::StatusOr<std::string> DigestOfPrefix(absl::string_view prefix) const;

 private:
  class Batch;
  struct Handles;
  friend class StagedImport;

  // The counters a commit moves, as of the last batch written.
  struct Counters {
    uint64_t conflicts = 0;
    uint64_t feed_head = 0;
    uint64_t held = 0;
  };

  Replica(std::string dir, std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles,
          v1::ReplicaIdentity identity, ReplicaOptions options,
          std::unique_ptr<PhysicalClock> owned_clock);
  [[nodiscard]] absl::Status LoadMeta();
  // Stores a fresh identity (a new incarnation of the same satker) and drops a recorded
  // own-origin refusal, durably; takes effect at the next open (OpenAsNewIncarnation).
  [[nodiscard]] absl::Status WriteNewIdentity(std::string* new_replica_id);
  // Writes `wb` to the store; after a failed write (a full disk) it first asks RocksDB to
  // resume, or refuses with RESOURCE_EXHAUSTED while the disk is still full. Every write of
  // the replica's data goes through it. Thread-safe.
  [[nodiscard]] absl::Status WriteToStore(const rocksdb::WriteOptions& options,
                                          rocksdb::WriteBatch* wb, absl::string_view what);
  // FAILED_PRECONDITION, saying how to recover, once a peer was found to hold more of the own
  // origin (own_origin_regression()): no local write may draw a seq from then on.
  [[nodiscard]] absl::Status CheckNotRegressed() const;
  // Persists the skew count if it moved since it was last written (best effort: every commit
  // writes it too).
  void PersistSkewEvents();
  [[nodiscard]] absl::Status Commit(Batch* batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Stages the bookkeeping of `batch` after `*counters` (which it advances) and writes it,
  // without publishing anything to readers.
  [[nodiscard]] absl::Status WriteBatchOnly(Batch* batch, Counters* counters, bool sync)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Makes written batches visible: the vector entries `vv` and the counters.
  void Publish(const absl::flat_hash_map<std::string, uint64_t>& vv, const Counters& counters);
  Counters counters() const;
  // Commits, or refuses when an earlier import's commit failed midway.
  [[nodiscard]] absl::StatusOr<ImportCounts> CommitStaged(uint64_t id, absl::string_view author);
  // Undoes the batches an import's commit wrote, from its undo records and marker, and drops
  // the staging. Idempotent: an interrupted rollback is run again at the next open.
  [[nodiscard]] absl::Status RollBackImport(absl::string_view marker)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // At open: rolls back an import whose commit was interrupted and drops leftover staging.
  [[nodiscard]] absl::Status RecoverStaging();
  // The snapshot readers use: the one pinned while an import commits, else a new one.
  std::shared_ptr<const rocksdb::Snapshot> ReadSnapshot() const;
  std::shared_ptr<const rocksdb::Snapshot> SnapshotLocked() const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string dir_;
  const ReplicaOptions options_;
  std::unique_ptr<PhysicalClock> owned_clock_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Handles> handles_;
  const v1::ReplicaIdentity identity_;
  HybridLogicalClock hlc_;

  // Serializes writers (Write, Apply): they read and rewrite key states.
  absl::Mutex write_mu_;
  mutable absl::Mutex mu_;
  VersionVector vv_ ABSL_GUARDED_BY(mu_);
  uint64_t conflicts_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t feed_head_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t held_ ABSL_GUARDED_BY(mu_) = 0;
  // Skew events counted before this open (hlc_ counts those since).
  uint64_t skew_before_open_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<v1::OwnOriginRegression> regression_ ABSL_GUARDED_BY(mu_);
  // Whether the last write to the store failed: the next one first asks RocksDB to resume,
  // clearing the background error a failed write (e.g. a full disk) leaves behind.
  absl::Mutex resume_mu_;
  bool resume_before_write_ ABSL_GUARDED_BY(resume_mu_) = false;
  std::string recovery_report_;
  // Pinned while an import commits in several batches, so that readers see none of it.
  std::shared_ptr<const rocksdb::Snapshot> pinned_ ABSL_GUARDED_BY(mu_);
  // An import's commit failed midway and could not be rolled back: writes are refused until
  // the replica is reopened (which rolls it back).
  bool broken_ ABSL_GUARDED_BY(write_mu_) = false;
  std::atomic<uint64_t> next_import_id_{1};
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_REPLICA_H_
