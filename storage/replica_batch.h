// The replica's unit of writing, shared by its .cc files (replica.cc, staged_import.cc): the
// changes a write adds, the key states they touch, the version vector entries they raise and
// the derived rows the observer changes, staged into one RocksDB WriteBatch. Not part of the
// storage API.
#ifndef KINERJA_STORAGE_REPLICA_BATCH_H_
#define KINERJA_STORAGE_REPLICA_BATCH_H_

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/key_state.h"
#include "storage/replica.h"
#include "storage/replica_internal.h"

namespace kinerja::storage {

// One atomic unit of writing: the changes it adds, the key states they touch and the version
// vector entries they raise, all committed in a single RocksDB WriteBatch.
// Thread-compatible: built and committed by one writer, under the replica's write lock.
class Replica::Batch final : public DerivedRows {
 public:
  explicit Batch(Replica* replica) : replica_(replica) {}

  // DerivedRows: the observer's view of derived rows, with this batch's writes laid over.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(absl::string_view row_key) override {
    auto it = derived_.find(row_key);
    if (it != derived_.end()) return it->second.now;
    auto stored = LoadDerived(row_key);
    if (!stored.ok()) return stored.status();
    derived_.emplace(std::string(row_key), Derived{*stored, *stored});
    return *stored;
  }
  void Put(absl::string_view row_key, std::string value) override {
    Touch(row_key).now = std::move(value);
  }
  void Delete(absl::string_view row_key) override { Touch(row_key).now.reset(); }

  // Running version vector: the replica's, overlaid with what this batch raised.
  uint64_t Vv(absl::string_view origin) {
    auto it = vv_.find(origin);
    if (it != vv_.end()) return it->second;
    absl::MutexLock l(&replica_->mu_);
    return replica_->vv_.Get(origin);
  }
  void SetVv(absl::string_view origin, uint64_t seq) { vv_[std::string(origin)] = seq; }

  // The state of `key` as of this batch, loaded on first use.
  [[nodiscard]] absl::StatusOr<v1::KeyState*> State(const std::string& key) {
    auto it = states_.find(key);
    if (it != states_.end()) return &it->second.state;
    std::string raw;
    rocksdb::Status s =
        replica_->db_->Get(rocksdb::ReadOptions(), replica_->handles_->state, key, &raw);
    Entry entry;
    if (s.ok()) entry.stored_before = raw;
    if (s.ok()) {
      if (!entry.state.ParseFromString(raw)) {
        return absl::DataLossError(absl::StrCat("corrupt key state of ", key));
      }
    } else if (!s.IsNotFound()) {
      return internal::FromRocks(s, absl::StrCat("read state of ", key));
    }
    entry.conflicted_before = entry.state.heads_size() > 1;
    return &states_.emplace(key, std::move(entry)).first->second.state;
  }

  // Adds a change not yet held: logs it and folds it into its key's state.
  [[nodiscard]] absl::Status AddChange(const v1::Change& change) {
    changes_.push_back(change);
    const v1::Change& c = changes_.back();
    in_batch_[{c.origin(), c.seq()}] = &c;
    wb_.Put(replica_->handles_->log, internal::LogKey(c.origin(), c.seq()), c.SerializeAsString());
    auto state = State(c.key());
    if (!state.ok()) return state.status();
    VisibleObserver* observer = replica_->options_.observer;
    std::optional<std::string> before;
    if (observer != nullptr && IsVisible(**state)) before = (*state)->value();
    auto accounted = [this](const v1::ChangeId& id) { return id.seq() <= Vv(id.origin()); };
    const FoldResult fold = FoldChange(c, accounted, *state);
    if (fold.needs_winner_value) {
      if (absl::Status st = LoadWinnerValue(*state); !st.ok()) return st;
    }
    if (observer == nullptr || !fold.winner_changed) return absl::OkStatus();
    std::optional<std::string> after;
    if (IsVisible(**state)) after = (*state)->value();
    if (before == after) return absl::OkStatus();
    absl::Status st = observer->OnVisibleChange(c.key(), before ? &*before : nullptr,
                                                after ? &*after : nullptr, this);
    if (st.ok()) st = derived_error_;  // A read error in Put or Delete fails the batch too.
    if (st.ok()) return st;
    return absl::Status(st.code(), absl::StrCat("change ", c.origin(), "#", c.seq(), " to ",
                                                c.key(), ": ", st.message()));
  }

  // Stages everything in the WriteBatch; returns the change in the conflict count.
  int64_t Finish(uint64_t hlc_last) {
    int64_t conflict_delta = 0;
    for (const auto& [key, entry] : states_) {
      wb_.Put(replica_->handles_->state, key, entry.state.SerializeAsString());
      const bool conflicted = entry.state.heads_size() > 1;
      if (conflicted && !entry.conflicted_before) {
        wb_.Put(replica_->handles_->conflicts, key, "");
        ++conflict_delta;
      } else if (!conflicted && entry.conflicted_before) {
        wb_.Delete(replica_->handles_->conflicts, key);
        --conflict_delta;
      }
    }
    for (const auto& [origin, seq] : vv_) {
      wb_.Put(replica_->handles_->meta, absl::StrCat(internal::kMetaVvPrefix, origin),
              internal::EncodeU64(seq));
    }
    wb_.Put(replica_->handles_->meta, internal::kMetaHlc, internal::EncodeU64(hlc_last));
    return conflict_delta;
  }

  // Stages the derived rows this batch changed and their feed entries, numbered after
  // `feed_head`; returns the new head.
  uint64_t FinishDerived(uint64_t feed_head) {
    for (const auto& [row_key, row] : derived_) {
      if (row.now == row.before) continue;
      v1::DerivedFeedEntry entry;
      entry.set_row_key(row_key);
      if (row.now) {
        wb_.Put(replica_->handles_->derived, row_key, *row.now);
        entry.set_value(*row.now);
      } else {
        wb_.Delete(replica_->handles_->derived, row_key);
        entry.set_deleted(true);
      }
      wb_.Put(replica_->handles_->feed, internal::EncodeU64(++feed_head),
              entry.SerializeAsString());
    }
    wb_.Put(replica_->handles_->meta, internal::kMetaFeed, internal::EncodeU64(feed_head));
    return feed_head;
  }

  // Calls fn(key, stored) for each key state this batch rewrites and fn_derived(row_key,
  // stored) for each derived row it changes, with the value stored before the batch (nullopt:
  // absent): what undoing the batch restores.
  template <typename StateFn, typename DerivedFn>
  void VisitPriors(StateFn fn, DerivedFn fn_derived) const {
    for (const auto& [key, entry] : states_) fn(key, entry.stored_before);
    for (const auto& [row_key, row] : derived_) {
      if (row.now != row.before) fn_derived(row_key, row.before);
    }
  }
  // Seeds the running version vector with `vv` (an earlier batch of the same write).
  void SeedVv(const absl::flat_hash_map<std::string, uint64_t>& vv) {
    for (const auto& [origin, seq] : vv) vv_[origin] = seq;
  }

  rocksdb::WriteBatch* write_batch() { return &wb_; }
  uint64_t added() const { return changes_.size(); }
  const absl::flat_hash_map<std::string, uint64_t>& vv() const { return vv_; }

 private:
  struct Entry {
    v1::KeyState state;
    bool conflicted_before = false;
    std::optional<std::string> stored_before;  // Serialized state as stored; nullopt: none.
  };
  struct Derived {
    std::optional<std::string> before;  // As stored before this batch.
    std::optional<std::string> now;     // As this batch leaves it.
  };

  [[nodiscard]] absl::StatusOr<std::optional<std::string>> LoadDerived(absl::string_view row_key) {
    std::string raw;
    rocksdb::Status s = replica_->db_->Get(rocksdb::ReadOptions(), replica_->handles_->derived,
                                           internal::ToSlice(row_key), &raw);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return internal::FromRocks(s, absl::StrCat("read derived row ", row_key));
    return raw;
  }

  // The overlay entry of `row_key`, loaded on first use. A read error is kept in
  // derived_error_ and fails the change (Put and Delete return nothing to report it with).
  Derived& Touch(absl::string_view row_key) {
    auto it = derived_.find(row_key);
    if (it != derived_.end()) return it->second;
    Derived d;
    if (auto stored = LoadDerived(row_key); stored.ok()) {
      d.before = *stored;
    } else if (derived_error_.ok()) {
      derived_error_ = stored.status();
    }
    d.now = d.before;
    return derived_.emplace(std::string(row_key), std::move(d)).first->second;
  }

  [[nodiscard]] absl::Status LoadWinnerValue(v1::KeyState* state) {
    const v1::Head* w = Winner(*state);
    if (w->tombstone()) {
      state->clear_value();
      return absl::OkStatus();
    }
    auto it = in_batch_.find(std::make_pair(w->id().origin(), w->id().seq()));
    if (it != in_batch_.end()) {
      state->set_value(it->second->value());
      return absl::OkStatus();
    }
    auto change = replica_->GetChange(w->id().origin(), w->id().seq());
    if (!change.ok()) return change.status();
    if (!change->has_value()) {
      return absl::DataLossError(
          absl::StrCat("head ", w->id().origin(), "#", w->id().seq(), " is missing from the log"));
    }
    state->set_value((*change)->value());
    return absl::OkStatus();
  }

  Replica* const replica_;
  absl::Status derived_error_;  // The first derived-row read that failed.
  rocksdb::WriteBatch wb_;
  absl::flat_hash_map<std::string, uint64_t> vv_;
  absl::node_hash_map<std::string, Entry> states_;
  std::deque<v1::Change> changes_;
  absl::flat_hash_map<std::pair<std::string, uint64_t>, const v1::Change*> in_batch_;
  std::map<std::string, Derived, std::less<>> derived_;  // Ordered: feed order is stable.
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_REPLICA_BATCH_H_
