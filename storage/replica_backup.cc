// Backup and restore of a replica: a consistent checkpoint of the store while it serves, and
// the opening of a restored copy as a new incarnation (DESIGN.md, "Replica": a restored office
// never reuses a sequence number).
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/write_batch.h"
#include "storage/replica.h"
#include "storage/replica_internal.h"

namespace kinerja::storage {

using internal::FromRocks;

absl::StatusOr<CheckpointInfo> Replica::Checkpoint(const std::string& dir) {
  // Flushing before taking the lock leaves little for the flush under it.
  rocksdb::FlushOptions flush;
  flush.wait = true;
  flush.allow_write_stall = true;
  std::vector<rocksdb::ColumnFamilyHandle*> families = {
      handles_->meta,    handles_->log,  handles_->state,  handles_->conflicts,
      handles_->derived, handles_->feed, handles_->staging};
  if (rocksdb::Status s = db_->Flush(flush, families); !s.ok()) {
    return FromRocks(s, "flush before the checkpoint");
  }
  rocksdb::Checkpoint* raw = nullptr;
  if (rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw); !s.ok()) {
    return FromRocks(s, "start a checkpoint");
  }
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  CheckpointInfo info;
  // Writers (Write, Apply, an import's commit) hold write_mu_ for the whole of their batch,
  // so with it held the store and the published vector are of one instant.
  absl::MutexLock write_lock(&write_mu_);
  if (rocksdb::Status s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0); !s.ok()) {
    return FromRocks(s, absl::StrCat("checkpoint into ", dir));
  }
  info.satker = satker();
  info.replica_id = replica_id();
  {
    absl::MutexLock l(&mu_);
    info.version_vector = vv_;
    info.changes_held = held_;
  }
  std::string raw_version;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaStorageVersion, &raw_version);
  info.storage_version = 1;  // A store from before versions were recorded.
  if (s.ok() && !internal::DecodeU64(raw_version, &info.storage_version)) {
    return absl::DataLossError("unreadable storage version");
  }
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "read the storage version");
  return info;
}

absl::Status Replica::WriteNewIdentity(std::string* new_replica_id) {
  absl::MutexLock write_lock(&write_mu_);
  ReplicaOptions options = options_;
  options.satker = identity_.satker();
  options.incarnation.reset();  // Always drawn: a test's fixed one would be the old one.
  absl::StatusOr<v1::ReplicaIdentity> fresh;
  do {
    fresh = internal::NewReplicaIdentity(dir_, options);
    if (!fresh.ok()) return fresh.status();
  } while (fresh->replica_id() == identity_.replica_id());
  rocksdb::WriteBatch wb;
  wb.Put(handles_->meta, internal::kMetaIdentity, fresh->SerializeAsString());
  wb.Delete(handles_->meta, internal::kMetaRegressed);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (absl::Status st = WriteToStore(wo, &wb, "write the new incarnation's identity"); !st.ok()) {
    return st;
  }
  *new_replica_id = fresh->replica_id();
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Replica>> Replica::OpenAsNewIncarnation(
    const std::string& dir, ReplicaOptions options, std::string* previous_replica_id) {
  rocksdb::Env* env = options.env != nullptr ? options.env : rocksdb::Env::Default();
  if (!env->FileExists(absl::StrCat(dir, "/CURRENT")).ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, " holds no store to open as a new incarnation"));
  }
  {
    absl::StatusOr<std::unique_ptr<Replica>> copy = Open(dir, options);
    if (!copy.ok()) return copy.status();
    std::string fresh;
    if (absl::Status st = (*copy)->WriteNewIdentity(&fresh); !st.ok()) return st;
    *previous_replica_id = (*copy)->replica_id();
  }
  return Open(dir, std::move(options));
}

}  // namespace kinerja::storage
