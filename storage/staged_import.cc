// StagedImport and the replica's side of it: staging, the commit in bounded batches with its
// undo records, and the rollback of a commit that did not finish.
#include "storage/staged_import.h"

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/entity_key.h"
#include "storage/key_state.h"
#include "storage/replica.h"
#include "storage/replica_batch.h"
#include "storage/replica_internal.h"

namespace kinerja::storage {
namespace {

using internal::DecodeU64;
using internal::EncodeU64;
using internal::FromRocks;
using internal::ToSlice;
using internal::View;

// Staging written in one RocksDB write: bounds the memory of the pending batch.
constexpr size_t kStagingFlushBytes = 4 << 20;
// Changes per batch of a commit, and the bytes of values they may carry.
constexpr size_t kCommitBatchChanges = 4096;
constexpr size_t kCommitBatchBytes = 8 << 20;

constexpr char kClaimTag = 'c';
constexpr char kValueTag = 'v';
constexpr char kUndoStateTag[] = "us";
constexpr char kUndoDerivedTag[] = "ud";

std::string ImportPrefix(uint64_t id) { return EncodeU64(id); }

// An undo record's value: whether something was stored, and what.
std::string EncodePrior(const std::optional<std::string>& prior) {
  return prior ? absl::StrCat("\x01", *prior) : std::string("\x00", 1);
}

// The marker of a commit in progress, and what the replica held before it.
struct Marker {
  uint64_t id = 0;
  uint64_t own_seq = 0;
  uint64_t feed_head = 0;
  uint64_t held = 0;
  uint64_t conflicts = 0;

  std::string Encode() const {
    return absl::StrCat(EncodeU64(id), EncodeU64(own_seq), EncodeU64(feed_head), EncodeU64(held),
                        EncodeU64(conflicts));
  }
  static bool Decode(absl::string_view raw, Marker* m) {
    return raw.size() == 40 && DecodeU64(raw.substr(0, 8), &m->id) &&
           DecodeU64(raw.substr(8, 8), &m->own_seq) &&
           DecodeU64(raw.substr(16, 8), &m->feed_head) && DecodeU64(raw.substr(24, 8), &m->held) &&
           DecodeU64(raw.substr(32, 8), &m->conflicts);
  }
};

}  // namespace

std::unique_ptr<StagedImport> Replica::BeginImport() {
  return std::unique_ptr<StagedImport>(new StagedImport(this, next_import_id_++));
}

StagedImport::~StagedImport() {
  if (done_) return;
  const std::string begin = ImportPrefix(id_), end = ImportPrefix(id_ + 1);
  rocksdb::WriteBatch wb;
  wb.DeleteRange(replica_->handles_->staging, begin, end);
  // Staging is not durable; a failure here leaves it to the next open.
  replica_->db_->Write(rocksdb::WriteOptions(), &wb).PermitUncheckedError();
}

std::string StagedImport::StagingKey(char tag, absl::string_view key) const {
  std::string out = ImportPrefix(id_);
  out.push_back(tag);
  out.append(key.data(), key.size());
  return out;
}

absl::StatusOr<std::optional<int>> StagedImport::Claim(absl::string_view key, int line) {
  const std::string staging_key = StagingKey(kClaimTag, key);
  if (auto it = pending_claims_.find(staging_key); it != pending_claims_.end()) return it->second;
  std::string raw;
  rocksdb::Status s =
      replica_->db_->Get(rocksdb::ReadOptions(), replica_->handles_->staging, staging_key, &raw);
  if (s.ok()) {
    uint64_t earlier = 0;
    if (!DecodeU64(raw, &earlier)) return absl::DataLossError("corrupt import claim");
    return static_cast<int>(earlier);
  }
  if (!s.IsNotFound()) return FromRocks(s, "read import staging");
  pending_.Put(replica_->handles_->staging, staging_key, EncodeU64(static_cast<uint64_t>(line)));
  pending_claims_.emplace(staging_key, line);
  if (absl::Status st = FlushIfFull(); !st.ok()) return st;
  return std::nullopt;
}

absl::Status StagedImport::Stage(absl::string_view key, absl::string_view value) {
  if (auto parsed = ParseKey(key); !parsed.ok()) return parsed.status();
  if (value.size() > replica_->options_.max_value_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("value of ", key, " is ", value.size(),
                                                   " bytes; the limit is ",
                                                   replica_->options_.max_value_bytes));
  }
  pending_.Put(replica_->handles_->staging, StagingKey(kValueTag, key), ToSlice(value));
  return FlushIfFull();
}

absl::Status StagedImport::FlushIfFull() {
  if (pending_.GetDataSize() < kStagingFlushBytes) return absl::OkStatus();
  return Flush();
}

absl::Status StagedImport::Flush() {
  if (pending_.Count() == 0) return absl::OkStatus();
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;  // Staging needs no durability: an open discards it anyway.
  absl::Status st = replica_->WriteToStore(wo, &pending_, "write import staging");
  pending_.Clear();
  pending_claims_.clear();
  return st;
}

absl::StatusOr<ImportCounts> StagedImport::Commit(absl::string_view author) {
  done_ = true;
  if (absl::Status st = Flush(); !st.ok()) {
    done_ = false;  // The destructor drops the staging.
    return st;
  }
  return replica_->CommitStaged(id_, author);
}

absl::StatusOr<ImportCounts> Replica::CommitStaged(uint64_t id, absl::string_view author) {
  absl::MutexLock write_lock(&write_mu_);
  const std::string prefix = ImportPrefix(id);
  const std::string value_prefix = absl::StrCat(prefix, std::string(1, kValueTag));
  auto drop_staging = [&] {
    rocksdb::WriteBatch wb;
    wb.DeleteRange(handles_->staging, prefix, ImportPrefix(id + 1));
    db_->Write(rocksdb::WriteOptions(), &wb).PermitUncheckedError();
  };
  if (broken_) {
    drop_staging();
    return absl::FailedPreconditionError(
        "an import's commit failed midway; restart kinerjad so that it is rolled back");
  }
  if (absl::Status st = CheckNotRegressed(); !st.ok()) {
    drop_staging();
    return st;
  }
  Counters counters = this->counters();
  const Marker marker{id, accounted(replica_id()), counters.feed_head, counters.held,
                      counters.conflicts};
  {
    absl::MutexLock l(&mu_);
    pinned_ = SnapshotLocked();  // Readers see nothing of this commit until it is whole.
  }
  auto unpin = [this] {
    absl::MutexLock l(&mu_);
    pinned_.reset();
  };

  ImportCounts result;
  absl::flat_hash_map<std::string, uint64_t> vv;
  bool written = false;  // Whether a batch of this commit reached the store.
  // The lambdas run inside this function, under write_lock; the analysis sees them apart.
  auto fail = [&](absl::Status st) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) -> absl::Status {
    if (written) {
      if (absl::Status undo = RollBackImport(marker.Encode()); !undo.ok()) {
        broken_ = true;
        st = absl::Status(st.code(), absl::StrCat(st.message(), "; undoing it failed too (",
                                                  undo.message(), "): restart kinerjad"));
      }
    } else {
      drop_staging();
    }
    unpin();
    return st;
  };

  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_->staging));
  it->Seek(value_prefix);
  auto batch = std::make_unique<Batch>(this);
  size_t batch_changes = 0, batch_bytes = 0;
  // Adds the undo records of `b`, then writes it.
  auto write = [&](Batch* b, bool last) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) -> absl::Status {
    rocksdb::WriteBatch* wb = b->write_batch();
    b->VisitPriors(
        [&](const std::string& key, const std::optional<std::string>& prior) {
          wb->Put(handles_->staging, absl::StrCat(prefix, kUndoStateTag, key), EncodePrior(prior));
        },
        [&](const std::string& row_key, const std::optional<std::string>& prior) {
          const std::string undo_key = absl::StrCat(prefix, kUndoDerivedTag, row_key);
          std::string ignored;
          // Only the first batch that changes a row knows its value before the commit.
          if (db_->Get(rocksdb::ReadOptions(), handles_->staging, undo_key, &ignored)
                  .IsNotFound()) {
            wb->Put(handles_->staging, undo_key, EncodePrior(prior));
          }
        });
    if (!written) wb->Put(handles_->meta, internal::kMetaImporting, marker.Encode());
    if (last) {
      wb->Delete(handles_->meta, internal::kMetaImporting);
      wb->DeleteRange(handles_->staging, prefix, ImportPrefix(id + 1));
    }
    absl::Status st = WriteBatchOnly(b, &counters, last ? options_.sync : false);
    if (st.ok()) written = true;
    return st;
  };

  for (; it->Valid() && absl::StartsWith(View(it->key()), value_prefix); it->Next()) {
    const std::string key(View(it->key()).substr(value_prefix.size()));
    const absl::string_view value = View(it->value());
    auto state = batch->State(key);
    if (!state.ok()) return fail(state.status());
    const bool visible = IsVisible(**state);
    if (visible && (*state)->value() == value) {
      ++result.unchanged;
      continue;
    }
    ++(visible ? result.changed : result.created);
    v1::Change c;
    c.set_origin(replica_id());
    c.set_seq(batch->Vv(replica_id()) + 1);
    c.set_hlc(hlc_.Now());
    c.set_key(key);
    c.set_value(std::string(value));
    for (const v1::Head& h : (*state)->heads()) *c.add_bases() = h.id();
    c.set_author(std::string(author));
    batch->SetVv(c.origin(), c.seq());
    if (absl::Status st = batch->AddChange(c); !st.ok()) return fail(st);
    batch_bytes += value.size();
    if (++batch_changes < kCommitBatchChanges && batch_bytes < kCommitBatchBytes) continue;
    if (absl::Status st = write(batch.get(), /*last=*/false); !st.ok()) return fail(st);
    for (const auto& [origin, seq] : batch->vv()) vv[origin] = seq;
    batch = std::make_unique<Batch>(this);
    batch->SeedVv(vv);
    batch_changes = batch_bytes = 0;
  }
  if (!it->status().ok()) return fail(FromRocks(it->status(), "read import staging"));
  it.reset();
  if (absl::Status st = write(batch.get(), /*last=*/true); !st.ok()) return fail(st);
  for (const auto& [origin, seq] : batch->vv()) vv[origin] = seq;
  Publish(vv, counters);
  unpin();
  if (options_.on_commit) options_.on_commit();
  return result;
}

absl::Status Replica::RollBackImport(absl::string_view raw_marker) {
  Marker marker;
  if (!Marker::Decode(raw_marker, &marker)) return absl::DataLossError("corrupt import marker");
  const std::string prefix = ImportPrefix(marker.id);
  rocksdb::WriteBatch wb;
  auto flush = [&]() -> absl::Status {
    absl::Status st = WriteToStore(rocksdb::WriteOptions(), &wb, "roll back import");
    wb.Clear();
    return st;
  };
  for (const auto& [tag, cf] :
       {std::pair{kUndoStateTag, handles_->state}, std::pair{kUndoDerivedTag, handles_->derived}}) {
    const std::string undo_prefix = absl::StrCat(prefix, tag);
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_->staging));
    for (it->Seek(undo_prefix); it->Valid() && absl::StartsWith(View(it->key()), undo_prefix);
         it->Next()) {
      const absl::string_view key = View(it->key()).substr(undo_prefix.size());
      const absl::string_view prior = View(it->value());
      if (prior.empty() || prior[0] == '\0') {
        wb.Delete(cf, ToSlice(key));
      } else {
        wb.Put(cf, ToSlice(key), ToSlice(prior.substr(1)));
      }
      if (cf == handles_->state) {
        // A key is in conflict exactly when its restored state has several heads.
        v1::KeyState state;
        if (!prior.empty() && prior[0] != '\0' &&
            !state.ParseFromArray(prior.data() + 1, prior.size() - 1)) {
          return absl::DataLossError(absl::StrCat("corrupt undo record of ", key));
        }
        if (state.heads_size() > 1) {
          wb.Put(handles_->conflicts, ToSlice(key), "");
        } else {
          wb.Delete(handles_->conflicts, ToSlice(key));
        }
      }
      if (wb.GetDataSize() >= kStagingFlushBytes) {
        if (absl::Status st = flush(); !st.ok()) return st;
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "read import undo records");
  }
  wb.DeleteRange(handles_->log, internal::LogKey(replica_id(), marker.own_seq + 1),
                 internal::LogKey(replica_id(), ~uint64_t{0}));
  wb.DeleteRange(handles_->feed, EncodeU64(marker.feed_head + 1), EncodeU64(~uint64_t{0}));
  wb.Put(handles_->meta, absl::StrCat(internal::kMetaVvPrefix, replica_id()),
         EncodeU64(marker.own_seq));
  wb.Put(handles_->meta, internal::kMetaFeed, EncodeU64(marker.feed_head));
  wb.Put(handles_->meta, internal::kMetaHeld, EncodeU64(marker.held));
  wb.Put(handles_->meta, internal::kMetaConflicts, EncodeU64(marker.conflicts));
  wb.Delete(handles_->meta, internal::kMetaImporting);
  wb.DeleteRange(handles_->staging, prefix, ImportPrefix(marker.id + 1));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  absl::Status st = WriteToStore(wo, &wb, "roll back import");
  if (!st.ok()) return st;
  absl::MutexLock l(&mu_);
  vv_.Set(replica_id(), marker.own_seq);
  feed_head_ = marker.feed_head;
  held_ = marker.held;
  conflicts_ = marker.conflicts;
  return absl::OkStatus();
}

absl::Status Replica::RecoverStaging() {
  std::string raw;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handles_->meta, internal::kMetaImporting, &raw);
  if (s.ok()) {
    absl::MutexLock write_lock(&write_mu_);
    if (absl::Status st = RollBackImport(raw); !st.ok()) return st;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "read import marker");
  }
  rocksdb::WriteBatch wb;
  wb.DeleteRange(handles_->staging, "", std::string(9, '\xff'));
  return WriteToStore(rocksdb::WriteOptions(), &wb, "discard import staging");
}

}  // namespace kinerja::storage
