#include "storage/replica.h"

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/listener.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/entity_key.h"
#include "storage/key_state.h"
#include "storage/replica_batch.h"
#include "storage/replica_internal.h"
#include "storage/wal_recovery.h"

namespace kinerja::storage {
namespace {

using internal::EncodeU64;
using internal::FromRocks;
using internal::LogKey;

constexpr uint64_t kIncarnationMask = (uint64_t{1} << 48) - 1;

// Free space below which a replica whose last write failed does not ask RocksDB to resume.
constexpr uint64_t kMinFreeBytesToResume = 1 << 20;

// How a replica whose own origin went back recovers: a new incarnation (a new replica id)
// never issues a seq a peer already holds, and gets back from its peers every change they
// hold, the lost ones of the old origin included.
constexpr char kNewIncarnationAdvice[] =
    "To recover: stop kinerjad, move its data directory aside (keep it: changes written after "
    "the damage are only there), start kinerjad with an empty data directory - a new "
    "incarnation - and run `kinerjactl sync` to get the data back from the upstream; then "
    "re-import the files imported since the damage";

rocksdb::ColumnFamilyOptions StateCfOptions() {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

// The column families of a replica, by their index in ColumnFamilies().
enum ColumnFamilyIndex : size_t {
  kMetaCf = 0,
  kLogCf,
  kStateCf,
  kConflictsCf,
  kDerivedCf,
  kFeedCf,
  kStagingCf,
};

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilies(const ReplicaOptions& options) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {std::string(internal::kCfLog), rocksdb::ColumnFamilyOptions()},
      {std::string(internal::kCfState), StateCfOptions()},
      {std::string(internal::kCfConflicts), rocksdb::ColumnFamilyOptions()},
      {std::string(internal::kCfDerived), StateCfOptions()},
      {std::string(internal::kCfFeed), rocksdb::ColumnFamilyOptions()},
      {std::string(internal::kCfStaging), rocksdb::ColumnFamilyOptions()},
  };
  for (auto& f : families) f.options.disable_auto_compactions = !options.auto_compactions;
  return families;
}

// Whether `name`, a file in a replica's directory, is one RocksDB writes: a directory holding
// any of them holds (or held) a store, even when CURRENT, which names the live manifest, is
// gone.
bool IsStoreFile(absl::string_view name) {
  return name == "CURRENT" || name == "IDENTITY" || name == "LOCK" ||
         absl::StartsWith(name, "MANIFEST-") || absl::StartsWith(name, "OPTIONS-") ||
         absl::EndsWith(name, ".sst") || absl::EndsWith(name, ".log") ||
         absl::EndsWith(name, ".blob");
}

// Written durably in a directory before a new store is created there, deleted once the
// store's identity is durable. While it is there, the store files beside it are a creation
// that was cut (a crash or a power cut during the first open): the open that created them never
// returned, so nothing written there was acknowledged, and the next open creates the store
// again instead of refusing a directory without an identity.
constexpr char kCreatingMarker[] = "KINERJA-CREATING";

// What `dir` holds, as far as opening a replica there is concerned.
enum class DirState {
  kNew,       // Missing, or holding no store file: a new replica is created there.
  kStore,     // A store with its CURRENT file: opened as it is, never re-created.
  kHeadless,  // Store files but no CURRENT: RocksDB would start an empty store over them.
  kCut,       // The creation marker, and maybe store files: a creation that was cut.
};

absl::StatusOr<DirState> InspectDir(rocksdb::Env* env, const std::string& dir) {
  std::vector<std::string> children;
  rocksdb::Status s = env->GetChildren(dir, &children);
  if (s.IsNotFound()) return DirState::kNew;
  if (!s.ok()) return FromRocks(s, absl::StrCat("list ", dir));
  bool store = false, current = false;
  for (const std::string& name : children) {
    if (name == kCreatingMarker) return DirState::kCut;
    store = store || IsStoreFile(name);
    current = current || name == "CURRENT";
  }
  if (!store) return DirState::kNew;
  return current ? DirState::kStore : DirState::kHeadless;
}

// Makes the names in `dir` durable (a new or deleted file survives a power cut).
absl::Status SyncDir(rocksdb::Env* env, const std::string& dir) {
  std::unique_ptr<rocksdb::Directory> d;
  rocksdb::Status s = env->NewDirectory(dir, &d);
  if (s.ok()) s = d->Fsync();
  if (!s.ok()) return FromRocks(s, absl::StrCat("sync directory ", dir));
  return absl::OkStatus();
}

// Deletes the store files of a cut creation in `dir` (and RocksDB's temporary files), keeping
// the marker, so that the store is created again. REQUIRES: InspectDir(dir) is kCut.
absl::Status DiscardCutCreation(rocksdb::Env* env, const std::string& dir) {
  std::vector<std::string> children;
  rocksdb::Status s = env->GetChildren(dir, &children);
  if (!s.ok()) return FromRocks(s, absl::StrCat("list ", dir));
  for (const std::string& name : children) {
    if (!IsStoreFile(name) && !absl::EndsWith(name, ".dbtmp")) continue;
    s = env->DeleteFile(absl::StrCat(dir, "/", name));
    if (!s.ok()) return FromRocks(s, absl::StrCat("delete ", dir, "/", name));
  }
  return SyncDir(env, dir);
}

// The refusal of a directory that holds store files but no readable identity: `missing` says
// what is missing. Nothing in it is touched.
absl::Status RefuseWithoutIdentity(const std::string& dir, absl::string_view missing) {
  return absl::FailedPreconditionError(absl::StrCat(
      "data directory ", dir, " holds store files but ", missing,
      ", so it has no readable replica identity; it is left untouched and will not be opened. "
      "Restore the directory from a backup, or move it aside and start with an empty directory: "
      "that is a new incarnation, which gets its data back by syncing with its upstream and its "
      "children"));
}

// Whether another process (or another open replica in this process) holds the lock of the
// store in `dir`. RocksDB takes that lock for as long as the store is open.
// Without a LOCK file nobody holds it (and probing would create one).
bool StoreLockIsHeld(rocksdb::Env* env, const std::string& dir) {
  const std::string lock_file = dir + "/LOCK";
  if (!env->FileExists(lock_file).ok()) return false;
  rocksdb::FileLock* lock = nullptr;
  if (!env->LockFile(lock_file, &lock).ok()) return true;
  env->UnlockFile(lock).PermitUncheckedError();
  return false;
}

absl::Status InUse(const std::string& dir) {
  return absl::FailedPreconditionError(
      absl::StrCat("data directory ", dir, " is in use: another process (such as another ",
                   "kinerjad) holds its lock ", dir, "/LOCK; one replica per data directory"));
}

// Leaves recovery from a background error (a WAL write that failed on a full disk) to the
// replica: RocksDB's own recovery polls for free space on a thread of its own and, while it
// runs, every write and DB::Resume() fail with "busy". The replica resumes on the next write
// instead (Replica::Commit), so a write after space returns succeeds at once.
class ResumeOnNextWrite final : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/, rocksdb::Status /*bg_error*/,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }
};

// RocksDB's info log (the store's LOG file), appended through the replica's environment, so
// a replica on an in-memory or fault-injecting environment logs there and never to the real
// disk. RocksDB's own file logger goes through a writer that, once a write failed (a full
// disk), aborts the process on its next line in builds with assertions (Debian's: "Assertion
// `sync_without_flush_called_' failed"). Here a line that does not fit on the disk is lost.
class AppendOnlyInfoLog final : public rocksdb::Logger {
 public:
  AppendOnlyInfoLog(rocksdb::Env* env, const std::string& path,
                    rocksdb::InfoLogLevel level)
      : rocksdb::Logger(level) {
    if (!env->ReopenWritableFile(path, &file_, rocksdb::EnvOptions()).ok()) file_.reset();
  }
  ~AppendOnlyInfoLog() override {
    if (file_ != nullptr) file_->Close().PermitUncheckedError();
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (file_ == nullptr) return;
    char line[1024];
    const int n = std::vsnprintf(line, sizeof(line) - 1, format, ap);
    if (n < 0) return;
    size_t len = std::min(static_cast<size_t>(n), sizeof(line) - 2);
    line[len++] = '\n';
    absl::MutexLock l(&mu_);
    if (file_->Append(rocksdb::Slice(line, len)).ok()) file_->Flush().PermitUncheckedError();
  }

 private:
  absl::Mutex mu_;
  std::unique_ptr<rocksdb::WritableFile> file_;
};

// Creates `dir` and its missing parents in `env`.
absl::Status CreateDirs(rocksdb::Env* env, const std::string& dir) {
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string prefix = dir.substr(0, slash);
    if (!prefix.empty()) {
      rocksdb::Status s = env->CreateDirIfMissing(prefix);
      if (!s.ok()) return FromRocks(s, absl::StrCat("create ", prefix));
    }
    if (slash == std::string::npos) return absl::OkStatus();
  }
}

// Opens the database in `dir` with every column family; `handles` are in ColumnFamilyIndex
// order. `create`: make a new database if there is none (only ever for a directory that holds
// no store file, so leftovers are never built over). `env` null: RocksDB's default.
absl::Status OpenDb(const std::string& dir, bool create, rocksdb::Env* env,
                    rocksdb::WalFilter* wal_filter, const ReplicaOptions& options,
                    std::unique_ptr<rocksdb::DB>* db,
                    std::vector<rocksdb::ColumnFamilyHandle*>* handles) {
  rocksdb::Options db_options;
  db_options.create_if_missing = create;
  db_options.error_if_exists = create;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.max_file_opening_threads = options.file_opening_threads;
  db_options.listeners.push_back(std::make_shared<ResumeOnNextWrite>());
  db_options.info_log =
      std::make_shared<AppendOnlyInfoLog>(env, dir + "/LOG", options.info_log_level);
  db_options.info_log_level = options.info_log_level;
  db_options.db_write_buffer_size = options.memtable_bytes;
  db_options.env = env;
  db_options.wal_filter = wal_filter;
  // A new store is opened with its default family and gets the others in one call: RocksDB
  // rewrites and re-parses its OPTIONS file once per call, so creating them one by one at
  // the open (create_missing_column_families) costs six more of those.
  std::vector<rocksdb::ColumnFamilyDescriptor> families = ColumnFamilies(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> later;
  if (create) later.assign(families.begin() + 1, families.end()), families.resize(1);
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, dir, families, handles, &raw_db);
  if (s.IsIOError() && StoreLockIsHeld(db_options.env, dir)) return InUse(dir);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open replica ", dir));
  db->reset(raw_db);
  if (!later.empty()) {
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    s = raw_db->CreateColumnFamilies(later, &created);
    handles->insert(handles->end(), created.begin(), created.end());
    if (!s.ok()) {
      for (auto* h : *handles) raw_db->DestroyColumnFamilyHandle(h);
      handles->clear();
      return FromRocks(s, absl::StrCat("create the column families of replica ", dir));
    }
  }
  return absl::OkStatus();
}

// The identity of a new replica of `options.satker`, with a fresh incarnation.
absl::StatusOr<v1::ReplicaIdentity> NewIdentity(const std::string& dir,
                                                const ReplicaOptions& options) {
  if (options.satker.empty() || options.satker.find('.') != std::string::npos ||
      options.satker.find('/') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, " is a new replica: a satker code (no '.' or '/') is required"));
  }
  const uint64_t incarnation =
      (options.incarnation ? *options.incarnation : absl::BitGen()()) & kIncarnationMask;
  v1::ReplicaIdentity identity;
  identity.set_satker(options.satker);
  identity.set_incarnation(incarnation);
  identity.set_replica_id(absl::StrFormat("%s.%012x", options.satker, incarnation));
  identity.set_created_unix_ms(options.clock->NowMillis());
  return identity;
}

// FAILED_PRECONDITION naming both versions if the store in `dir` (its meta column family)
// was made by a newer layout than this build reads; a store without a version is 1.
absl::Status CheckStorageVersion(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta,
                                 const std::string& dir) {
  std::string raw;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), meta, internal::kMetaStorageVersion, &raw);
  uint64_t version = 1;
  if (s.ok()) {
    if (!internal::DecodeU64(raw, &version)) {
      return absl::DataLossError(absl::StrCat(dir, ": unreadable storage version"));
    }
  } else if (!s.IsNotFound()) {
    return FromRocks(s, absl::StrCat("read the storage version in ", dir));
  }
  if (version > kStorageVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir, " holds a store of storage version ", version, "; this kinerjad reads up to storage version ",
        kStorageVersion, ": run a kinerjad at least as new as the one that wrote it"));
  }
  return absl::OkStatus();
}

// Checks, without writing anything to `dir`, that its store holds a readable identity: a
// read-only open changes no file, whereas a read-write one may rewrite the manifest and drop
// files it does not name. Sets `*min_log_number_to_keep` to the store's, which says which WAL
// files the open will skip (WalRecoveryWatch::Measure). REQUIRES: `dir` holds a store
// (DirState::kStore).
absl::Status CheckIdentityReadOnly(rocksdb::Env* env, const std::string& dir,
                                   const ReplicaOptions& options,
                                   uint64_t* min_log_number_to_keep) {
  rocksdb::Options db_options;
  db_options.env = env;
  db_options.max_file_opening_threads = options.file_opening_threads;
  // No info log: a read-only open writes nothing, its LOG file included.
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(db_options, dir, &raw_db);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open replica ", dir));
  std::unique_ptr<rocksdb::DB> db(raw_db);
  if (!db->GetIntProperty(rocksdb::DB::Properties::kMinLogNumberToKeep, min_log_number_to_keep)) {
    *min_log_number_to_keep = 0;
  }
  std::string raw;
  s = db->Get(rocksdb::ReadOptions(), internal::kMetaIdentity, &raw);
  if (s.IsNotFound()) return RefuseWithoutIdentity(dir, "no identity record");
  if (!s.ok()) return FromRocks(s, absl::StrCat("read the replica identity in ", dir));
  v1::ReplicaIdentity identity;
  if (!identity.ParseFromString(raw) || identity.replica_id().empty()) {
    return RefuseWithoutIdentity(dir, "its identity record is unreadable");
  }
  return CheckStorageVersion(db.get(), db->DefaultColumnFamily(), dir);
}

// Reads the identity stored in `meta`, checking it belongs to `options.satker` (if given),
// or, in a database `created` just now, creates one and writes it durably. An existing
// database without a readable identity is refused (FAILED_PRECONDITION), never given a new one.
// REQUIRES: options.clock is set.
absl::StatusOr<v1::ReplicaIdentity> LoadOrCreateIdentity(rocksdb::DB* db,
                                                         rocksdb::ColumnFamilyHandle* meta,
                                                         const std::string& dir, bool created,
                                                         const ReplicaOptions& options) {
  std::string raw;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), meta, internal::kMetaIdentity, &raw);
  if (s.IsNotFound() && !created) return RefuseWithoutIdentity(dir, "no identity record");
  if (s.IsNotFound()) {
    absl::StatusOr<v1::ReplicaIdentity> identity = NewIdentity(dir, options);
    if (!identity.ok()) return identity.status();
    rocksdb::WriteOptions wo;
    wo.sync = true;
    rocksdb::WriteBatch batch;
    batch.Put(meta, internal::kMetaIdentity, identity->SerializeAsString());
    batch.Put(meta, internal::kMetaStorageVersion, internal::EncodeU64(kStorageVersion));
    s = db->Write(wo, &batch);
    if (!s.ok()) return FromRocks(s, "write replica identity");
    return identity;
  }
  if (!s.ok()) return FromRocks(s, "read replica identity");
  v1::ReplicaIdentity identity;
  if (!identity.ParseFromString(raw) || identity.replica_id().empty()) {
    return RefuseWithoutIdentity(dir, "its identity record is unreadable");
  }
  if (!options.satker.empty() && options.satker != identity.satker()) {
    return absl::FailedPreconditionError(absl::StrCat(dir, " holds the replica of satker ",
                                                      identity.satker(), ", not ", options.satker));
  }
  return identity;
}

absl::Status ValidateChange(const v1::Change& c, const ReplicaOptions& options) {
  const size_t max_value_bytes = options.max_value_bytes;
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed change ", c.origin(), "#", c.seq(), ": ", why));
  };
  if (c.origin().empty() || c.origin().find('\0') != std::string::npos) return bad("bad origin");
  if (c.seq() == 0) return bad("seq must be >= 1");
  if (c.key().size() > options.max_key_bytes) {
    return bad(absl::StrCat("key of ", c.key().size(), " bytes exceeds the limit of ",
                            options.max_key_bytes));
  }
  if (auto key = ParseKey(c.key()); !key.ok()) return bad(key.status().message());
  if (c.author().size() > options.max_author_bytes) {
    return bad(absl::StrCat("author of ", c.author().size(), " bytes exceeds the limit of ",
                            options.max_author_bytes));
  }
  if (c.ByteSizeLong() > options.max_change_bytes) {
    return bad(absl::StrCat("encoded change of ", c.ByteSizeLong(), " bytes exceeds the limit of ",
                            options.max_change_bytes));
  }
  if (c.tombstone() && !c.value().empty()) return bad("a tombstone carries no value");
  if (c.value().size() > max_value_bytes) {
    return bad(absl::StrCat("value of ", c.value().size(), " bytes exceeds the limit of ",
                            max_value_bytes));
  }
  for (const auto& b : c.bases()) {
    if (b.origin().empty() || b.seq() == 0) return bad("bad base id");
  }
  return absl::OkStatus();
}

// The key's heads must be exactly `expected` (any order): a resolve supersedes only the
// heads its user saw. FAILED_PRECONDITION naming the key and both lists otherwise.
absl::Status CheckExpectedHeads(const std::string& key, const v1::KeyState& state,
                                const std::vector<v1::ChangeId>& expected) {
  auto ids = [](auto begin, auto end, auto id_of) {
    std::vector<std::string> out;
    for (auto it = begin; it != end; ++it) {
      const v1::ChangeId& id = id_of(*it);
      out.push_back(absl::StrCat(id.origin(), "#", id.seq()));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  const std::vector<std::string> held =
      ids(state.heads().begin(), state.heads().end(),
          [](const v1::Head& h) -> const v1::ChangeId& { return h.id(); });
  const std::vector<std::string> named =
      ids(expected.begin(), expected.end(),
          [](const v1::ChangeId& id) -> const v1::ChangeId& { return id; });
  if (held == named && named.size() == expected.size()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the heads of ", key, " are now ", held.empty() ? "none" : absl::StrJoin(held, ", "),
      ", not the ", absl::StrJoin(named, ", "),
      " named: show them again and decide on what is there"));
}

}  // namespace

namespace internal {
absl::StatusOr<v1::ReplicaIdentity> NewReplicaIdentity(const std::string& dir,
                                                       const ReplicaOptions& options) {
  return NewIdentity(dir, options);
}
}  // namespace internal

std::string DescribeRegression(const v1::OwnOriginRegression& r, absl::string_view replica_id) {
  if (r.rewritten()) {
    return absl::StrCat(r.peer(), " holds this replica's own origin ", replica_id, " up to seq ",
                        r.peer_seq(), ", this replica up to seq ", r.local_seq(),
                        " but with other content at seq ", r.peer_seq(),
                        " (it wrote that seq again)");
  }
  return absl::StrCat(r.peer(), " holds this replica's own origin ", replica_id, " up to seq ",
                      r.peer_seq(), ", this replica only up to seq ", r.local_seq());
}

absl::StatusOr<std::unique_ptr<Replica>> Replica::Open(const std::string& dir,
                                                       ReplicaOptions options) {
  rocksdb::Env* env = options.env != nullptr ? options.env : rocksdb::Env::Default();
  absl::StatusOr<DirState> state = InspectDir(env, dir);
  if (!state.ok()) return state.status();
  if (*state == DirState::kHeadless) return RefuseWithoutIdentity(dir, "no CURRENT file");
  if (*state == DirState::kCut) {
    if (StoreLockIsHeld(env, dir)) return InUse(dir);
    if (absl::Status st = DiscardCutCreation(env, dir); !st.ok()) return st;
  }
  const bool create = *state == DirState::kNew || *state == DirState::kCut;
  if (!create && StoreLockIsHeld(env, dir)) return InUse(dir);
  uint64_t min_log_number_to_keep = 0;
  if (!create) {
    if (absl::Status st = CheckIdentityReadOnly(env, dir, options, &min_log_number_to_keep); !st.ok()) {
      return st;
    }
  }
  if (absl::Status st = CreateDirs(env, dir); !st.ok()) return st;
  const std::string marker = absl::StrCat(dir, "/", kCreatingMarker);
  if (create) {
    rocksdb::Status s = rocksdb::WriteStringToFile(env, "", marker, /*should_sync=*/true);
    if (!s.ok()) return FromRocks(s, absl::StrCat("create ", marker));
    if (absl::Status st = SyncDir(env, dir); !st.ok()) return st;
  }
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  absl::StatusOr<std::unique_ptr<WalRecoveryWatch>> wal_watch = WalRecoveryWatch::Measure(env, dir, min_log_number_to_keep);
  if (!wal_watch.ok()) return wal_watch.status();
  if (absl::Status st = OpenDb(dir, create, env, (*wal_watch)->filter(), options, &db,
                               &raw_handles);
      !st.ok()) {
    return st;
  }
  std::unique_ptr<PhysicalClock> owned_clock;
  if (options.clock == nullptr) {
    owned_clock = std::make_unique<SystemClock>();
    options.clock = owned_clock.get();
  }
  absl::StatusOr<v1::ReplicaIdentity> identity =
      LoadOrCreateIdentity(db.get(), raw_handles[kMetaCf], dir, create, options);
  if (!identity.ok()) {
    for (auto* h : raw_handles) db->DestroyColumnFamilyHandle(h);
    return identity.status();
  }
  auto handles = std::make_unique<Handles>();
  handles->meta = raw_handles[kMetaCf];
  handles->log = raw_handles[kLogCf];
  handles->state = raw_handles[kStateCf];
  handles->conflicts = raw_handles[kConflictsCf];
  handles->derived = raw_handles[kDerivedCf];
  handles->feed = raw_handles[kFeedCf];
  handles->staging = raw_handles[kStagingCf];
  std::unique_ptr<Replica> replica(new Replica(dir, std::move(db), std::move(handles),
                                               *std::move(identity), std::move(options),
                                               std::move(owned_clock)));
  if (absl::Status st = replica->LoadMeta(); !st.ok()) return st;
  replica->recovery_report_ = (*wal_watch)->Report();
  if (absl::Status st = replica->RecoverStaging(); !st.ok()) return st;
  if (create) {  // The identity is durable: the store is created.
    rocksdb::Status s = env->DeleteFile(marker);
    if (!s.ok()) return FromRocks(s, absl::StrCat("delete ", marker));
    if (absl::Status st = SyncDir(env, dir); !st.ok()) return st;
  }
  return replica;
}

Replica::Replica(std::string dir, std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles,
                 v1::ReplicaIdentity identity, ReplicaOptions options,
                 std::unique_ptr<PhysicalClock> owned_clock)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      owned_clock_(std::move(owned_clock)),
      db_(std::move(db)),
      handles_(std::move(handles)),
      identity_(std::move(identity)),
      hlc_(options_.clock, HybridLogicalClock::Options{options_.max_clock_skew}) {}

Replica::~Replica() {
  for (auto* h : {handles_->meta, handles_->log, handles_->state, handles_->conflicts,
                  handles_->derived, handles_->feed, handles_->staging}) {
    db_->DestroyColumnFamilyHandle(h);
  }
  db_->Close().PermitUncheckedError();
}

absl::Status Replica::LoadMeta() {
  VersionVector vv;
  uint64_t conflicts = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_->meta));
  for (it->Seek(rocksdb::Slice(internal::kMetaVvPrefix)); it->Valid(); it->Next()) {
    const absl::string_view key = internal::View(it->key());
    if (!absl::StartsWith(key, internal::kMetaVvPrefix)) break;
    uint64_t seq;
    if (!internal::DecodeU64(internal::View(it->value()), &seq)) {
      return absl::DataLossError(absl::StrCat("corrupt version vector entry ", key));
    }
    vv.Set(key.substr(sizeof(internal::kMetaVvPrefix) - 1), seq);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read version vector");
  std::string raw;
  uint64_t hlc = 0;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaHlc, &raw);
  if (s.ok() && !internal::DecodeU64(raw, &hlc)) return absl::DataLossError("corrupt hlc");
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read hlc");
  hlc_.Restore(hlc);
  s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaConflicts, &raw);
  if (s.ok() && !internal::DecodeU64(raw, &conflicts)) {
    return absl::DataLossError("corrupt conflict count");
  }
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read conflict count");
  uint64_t feed = 0;
  s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaFeed, &raw);
  if (s.ok() && !internal::DecodeU64(raw, &feed)) return absl::DataLossError("corrupt feed head");
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read feed head");
  uint64_t held = 0;
  s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaHeld, &raw);
  if (s.ok() && !internal::DecodeU64(raw, &held)) return absl::DataLossError("corrupt held count");
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read held count");
  uint64_t skew = 0;
  s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaSkew, &raw);
  if (s.ok() && !internal::DecodeU64(raw, &skew)) return absl::DataLossError("corrupt skew count");
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read skew count");
  std::optional<v1::OwnOriginRegression> regression;
  s = db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaRegressed, &raw);
  if (s.ok()) {
    regression.emplace();
    if (!regression->ParseFromString(raw)) {
      return absl::DataLossError("corrupt record of a peer holding more of the own origin");
    }
  }
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read own-origin refusal");
  absl::MutexLock l(&mu_);
  skew_before_open_ = skew;
  regression_ = std::move(regression);
  vv_ = std::move(vv);
  conflicts_ = conflicts;
  feed_head_ = feed;
  held_ = held;
  return absl::OkStatus();
}

Replica::Counters Replica::counters() const {
  absl::MutexLock l(&mu_);
  return Counters{conflicts_, feed_head_, held_};
}

absl::Status Replica::WriteBatchOnly(Batch* batch, Counters* counters, bool sync) {
  const int64_t conflict_delta = batch->Finish(hlc_.Last());
  counters->conflicts += conflict_delta;
  counters->held += batch->added();
  batch->write_batch()->Put(handles_->meta, internal::kMetaHeld, EncodeU64(counters->held));
  batch->write_batch()->Put(handles_->meta, internal::kMetaSkew, EncodeU64(clock_skew_events()));
  counters->feed_head = batch->FinishDerived(counters->feed_head);
  if (conflict_delta != 0) {
    batch->write_batch()->Put(handles_->meta, internal::kMetaConflicts,
                              EncodeU64(counters->conflicts));
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return WriteToStore(wo, batch->write_batch(), "commit batch");
}

absl::Status Replica::WriteToStore(const rocksdb::WriteOptions& options, rocksdb::WriteBatch* wb,
                                   absl::string_view what) {
  {
    absl::MutexLock l(&resume_mu_);
    if (resume_before_write_) {
      // A failed write (a full disk) leaves RocksDB refusing every write with that error until
      // it is told to resume; resuming flushes the memtables and starts a fresh WAL. On a disk
      // that is still full that flush would fail too, and RocksDB treats a failure there as
      // fatal (only a restart clears it), so it resumes only once there is room again.
      uint64_t free_bytes = 0;
      rocksdb::Env* env = db_->GetEnv();
      if (env->GetFreeSpace(dir_, &free_bytes).ok() && free_bytes < kMinFreeBytesToResume) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "disk full: ", dir_, " has ", free_bytes,
            " bytes free; the last write failed for lack of space and nothing of it was kept. "
            "Free some space and try again"));
      }
      if (absl::Status st =
              FromRocks(db_->Resume(), absl::StrCat(what, ": resume after a failed write"));
          !st.ok()) {
        // RocksDB takes an error during its own recovery (an I/O error while it flushes) as
        // fatal: then only reopening the store clears it.
        return absl::Status(st.code(),
                            absl::StrCat(st.message(),
                                         "; nothing of this write was kept. If this repeats, "
                                         "restart kinerjad: it recovers from its log"));
      }
      resume_before_write_ = false;
    }
  }
  const auto write_start = std::chrono::steady_clock::now();
  absl::Status st = FromRocks(db_->Write(options, wb), what);
  if (options.sync && st.ok() && options_.on_sync_write_timed) {
    options_.on_sync_write_timed(
        absl::FromChrono(std::chrono::steady_clock::now() - write_start));
  }
  if (!st.ok()) {
    absl::MutexLock l(&resume_mu_);
    resume_before_write_ = true;
  }
  return st;
}

void Replica::Publish(const absl::flat_hash_map<std::string, uint64_t>& vv,
                      const Counters& counters) {
  absl::MutexLock l(&mu_);
  for (const auto& [origin, seq] : vv) vv_.Set(origin, seq);
  conflicts_ = counters.conflicts;
  feed_head_ = counters.feed_head;
  held_ = counters.held;
}

absl::Status Replica::Commit(Batch* batch) {
  if (broken_) {
    return absl::FailedPreconditionError(
        "an import's commit failed midway; restart kinerjad so that it is rolled back");
  }
  Counters counters = this->counters();
  if (absl::Status st = WriteBatchOnly(batch, &counters, options_.sync); !st.ok()) return st;
  Publish(batch->vv(), counters);
  if (options_.on_commit) options_.on_commit();
  return absl::OkStatus();
}

absl::Status Replica::CheckMutation(const Mutation& m, absl::string_view author) const {
  if (m.key.size() > options_.max_key_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("key ", m.key.substr(0, 64), "... is ",
                                                   m.key.size(), " bytes; the limit is ",
                                                   options_.max_key_bytes));
  }
  if (auto key = ParseKey(m.key); !key.ok()) return key.status();
  if (m.value && m.value->size() > options_.max_value_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("value of ", m.key, " is ", m.value->size(),
                                                   " bytes; the limit is ",
                                                   options_.max_value_bytes));
  }
  if (author.size() > options_.max_author_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("author of a change to ", m.key, " is ",
                                                   author.size(), " bytes; the limit is ",
                                                   options_.max_author_bytes));
  }
  v1::Change c;  // As Write will encode it, less the bases it adds.
  c.set_origin(replica_id());
  c.set_seq(UINT64_MAX);
  c.set_hlc(UINT64_MAX);
  c.set_key(m.key);
  if (m.value) c.set_value(*m.value);
  c.set_tombstone(!m.value);
  c.set_author(std::string(author));
  if (c.ByteSizeLong() > options_.max_change_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("change to ", m.key, " would be ", c.ByteSizeLong(),
                     " bytes encoded; the limit is ", options_.max_change_bytes));
  }
  return absl::OkStatus();
}

absl::Status Replica::CheckNotRegressed() const {
  std::optional<v1::OwnOriginRegression> r = own_origin_regression();
  if (!r.has_value()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("writing is refused: ", DescribeRegression(*r, replica_id()),
                   ", so a new write would reuse a seq the peer holds with other content. ",
                   kNewIncarnationAdvice));
}

absl::StatusOr<std::vector<v1::Change>> Replica::Write(absl::Span<const Mutation> mutations,
                                                       absl::string_view author) {
  absl::MutexLock write_lock(&write_mu_);
  if (absl::Status st = CheckNotRegressed(); !st.ok()) return st;
  Batch batch(this);
  std::vector<v1::Change> written;
  written.reserve(mutations.size());
  for (const Mutation& m : mutations) {
    if (absl::Status st = CheckMutation(m, author); !st.ok()) return st;
    auto state = batch.State(m.key);
    if (!state.ok()) return state.status();
    if (!m.value && (*state)->heads_size() == 0) {
      return absl::NotFoundError(absl::StrCat("cannot delete ", m.key, ": no such record"));
    }
    if (m.expected_heads) {
      if (absl::Status st = CheckExpectedHeads(m.key, **state, *m.expected_heads); !st.ok()) {
        return st;
      }
    }
    v1::Change c;
    c.set_origin(replica_id());
    c.set_seq(batch.Vv(replica_id()) + 1);
    c.set_hlc(hlc_.Now());
    c.set_key(m.key);
    if (m.value) {
      c.set_value(*m.value);
    } else {
      c.set_tombstone(true);
    }
    for (const v1::Head& h : (*state)->heads()) *c.add_bases() = h.id();
    c.set_author(std::string(author));
    if (c.ByteSizeLong() > options_.max_change_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "change to ", m.key, " would be ", c.ByteSizeLong(), " bytes encoded (with its ",
          c.bases_size(), " bases); the limit is ", options_.max_change_bytes));
    }
    batch.SetVv(c.origin(), c.seq());
    if (absl::Status st = batch.AddChange(c); !st.ok()) return st;
    written.push_back(std::move(c));
  }
  if (absl::Status st = Commit(&batch); !st.ok()) return st;
  return written;
}

absl::StatusOr<ApplyStats> Replica::Apply(const v1::ChangeBatch& in) {
  absl::MutexLock write_lock(&write_mu_);
  const auto apply_start = std::chrono::steady_clock::now();
  Batch batch(this);
  absl::flat_hash_map<absl::string_view, const v1::OriginRange*> ranges;
  for (const v1::OriginRange& r : in.covered()) {
    if (r.origin().empty() || r.first() == 0 || r.first() > r.last()) {
      return absl::InvalidArgumentError(absl::StrCat("malformed range of origin ", r.origin(),
                                                     ": [", r.first(), ", ", r.last(), "]"));
    }
    if (!ranges.emplace(r.origin(), &r).second) {
      return absl::InvalidArgumentError(absl::StrCat("two ranges for origin ", r.origin()));
    }
    const uint64_t held = batch.Vv(r.origin());
    if (r.first() > held + 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("gap in origin ", r.origin(), ": expected seq ", held + 1,
                       ", received an account starting at seq ", r.first()));
    }
  }
  ApplyStats stats;
  for (const v1::Change& c : in.changes()) {
    if (absl::Status st = ValidateChange(c, options_); !st.ok()) return st;
    const uint64_t held = batch.Vv(c.origin());
    if (c.seq() <= held) {
      ++stats.duplicates;
      continue;
    }
    auto range = ranges.find(c.origin());
    const bool covered = range != ranges.end() && c.seq() <= range->second->last();
    if (c.seq() != held + 1 && !covered) {
      return absl::FailedPreconditionError(absl::StrCat(
          "gap in origin ", c.origin(), ": expected seq ", held + 1, ", received seq ", c.seq()));
    }
    batch.SetVv(c.origin(), c.seq());
    if (absl::Status st = batch.AddChange(c); !st.ok()) return st;
    ++stats.applied;
  }
  for (const auto& [origin, range] : ranges) {
    if (range->last() > batch.Vv(origin)) batch.SetVv(origin, range->last());
  }
  if (stats.applied == 0 && batch.vv().empty()) return stats;  // Nothing new: no write.
  if (absl::Status st = Commit(&batch); !st.ok()) return st;
  if (options_.on_apply_timed) {
    options_.on_apply_timed(absl::FromChrono(std::chrono::steady_clock::now() - apply_start));
  }
  const uint64_t skew_before = hlc_.skew_events();
  for (const v1::Change& c : in.changes()) {
    if (hlc_.Observe(c.hlc()) || !options_.on_clock_skew) continue;
    options_.on_clock_skew(c, absl::Milliseconds(HlcMillis(c.hlc()) - options_.clock->NowMillis()));
  }
  if (hlc_.skew_events() != skew_before) PersistSkewEvents();
  return stats;
}

uint64_t Replica::clock_skew_events() const {
  absl::MutexLock l(&mu_);
  return skew_before_open_ + hlc_.skew_events();
}

void Replica::PersistSkewEvents() {
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  // A failure here loses nothing: every commit writes the count as well.
  db_->Put(wo, handles_->meta, internal::kMetaSkew, EncodeU64(clock_skew_events()))
      .PermitUncheckedError();
}

absl::Status Replica::CheckOwnOrigin(absl::string_view peer, uint64_t peer_seq,
                                     uint64_t peer_tip_hlc, bool stop_writing) {
  const uint64_t local_seq = accounted(replica_id());
  bool rewritten = false;
  if (peer_seq <= local_seq) {
    if (peer_seq == 0 || peer_tip_hlc == 0) return absl::OkStatus();
    absl::StatusOr<std::optional<v1::Change>> mine = GetChange(replica_id(), peer_seq);
    if (!mine.ok()) return mine.status();
    if (!mine->has_value() || (*mine)->hlc() == peer_tip_hlc) return absl::OkStatus();
    rewritten = true;
  }
  v1::OwnOriginRegression r;
  r.set_peer(std::string(peer));
  r.set_peer_seq(peer_seq);
  r.set_local_seq(local_seq);
  r.set_detected_unix_ms(options_.clock->NowMillis());
  r.set_rewritten(rewritten);
  if (!stop_writing) {
    return absl::FailedPreconditionError(absl::StrCat(
        DescribeRegression(r, replica_id()),
        ": the session is refused. A child's word alone does not stop writing here (it cannot be "
        "verified); if this node's log did go back, its upstream finds it too and writing stops "
        "then"));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  absl::Status persisted =
      FromRocks(db_->Put(wo, handles_->meta, internal::kMetaRegressed, r.SerializeAsString()),
                "record the refusal");
  {
    absl::MutexLock l(&mu_);
    regression_ = r;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      DescribeRegression(r, replica_id()),
      ": its log went back (a damaged WAL or a restored backup), so the session is refused "
      "and writing here is refused too. ",
      kNewIncarnationAdvice, persisted.ok() ? "" : absl::StrCat(" (", persisted.message(), ")")));
}

std::optional<v1::OwnOriginRegression> Replica::own_origin_regression() const {
  absl::MutexLock l(&mu_);
  return regression_;
}

VersionVector Replica::version_vector() const {
  absl::MutexLock l(&mu_);
  return vv_;
}

uint64_t Replica::accounted(absl::string_view origin) const {
  absl::MutexLock l(&mu_);
  return vv_.Get(origin);
}

uint64_t Replica::changes_held() const {
  absl::MutexLock l(&mu_);
  return held_;
}

uint64_t Replica::feed_head() const {
  absl::MutexLock l(&mu_);
  return feed_head_;
}

absl::Status Replica::ReadFeed(uint64_t cursor, size_t max_entries,
                               const std::function<void(const FeedEntry&)>& fn) const {
  const std::shared_ptr<const rocksdb::Snapshot> snapshot = ReadSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot.get();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_->feed));
  size_t n = 0;
  for (it->Seek(EncodeU64(cursor + 1)); it->Valid() && n < max_entries; it->Next(), ++n) {
    FeedEntry entry;
    v1::DerivedFeedEntry stored;
    if (!internal::DecodeU64(internal::View(it->key()), &entry.cursor) ||
        !stored.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt feed entry");
    }
    entry.row_key = stored.row_key();
    if (!stored.deleted()) entry.value = stored.value();
    fn(entry);
  }
  return FromRocks(it->status(), "read feed");
}

uint64_t Replica::conflict_count() const {
  absl::MutexLock l(&mu_);
  return conflicts_;
}

absl::StatusOr<std::optional<v1::Change>> Replica::GetChange(absl::string_view origin,
                                                             uint64_t seq) const {
  std::string raw;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_->log, LogKey(origin, seq), &raw);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocks(s, absl::StrCat("read change ", origin, "#", seq));
  v1::Change c;
  if (!c.ParseFromString(raw)) {
    return absl::DataLossError(absl::StrCat("corrupt change ", origin, "#", seq));
  }
  return c;
}

}  // namespace kinerja::storage
