// Reads of a replica: snapshot views of visible values, the cursor over changes a peer
// lacks, and the state digest.
#include <openssl/evp.h>

#include <memory>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/key_state.h"
#include "storage/replica.h"
#include "storage/replica_internal.h"

namespace kinerja::storage {
namespace {

using internal::FromRocks;

using internal::View;

// Marks StopScan()'s status, so that a callback's own CANCELLED is not taken for it.
constexpr absl::string_view kStopScanPayload = "type.kinerja/storage.StopScan";

// What a scan returns when its callback ends it with `status`: OK for StopScan(), else the
// callback's error.
absl::Status EndOfScan(const absl::Status& status) {
  return IsStopScan(status) ? absl::OkStatus() : status;
}

// Holds a reader's RocksDB snapshot (Replica::ReadSnapshot) for the reader's lifetime.
class SnapshotHolder {
 public:
  explicit SnapshotHolder(std::shared_ptr<const rocksdb::Snapshot> snapshot)
      : snapshot_(std::move(snapshot)) {}

  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot_.get();
    return ro;
  }

 private:
  const std::shared_ptr<const rocksdb::Snapshot> snapshot_;
};

class ReadViewImpl final : public ReadView {
 public:
  ReadViewImpl(rocksdb::DB* db, std::shared_ptr<const rocksdb::Snapshot> snapshot,
               rocksdb::ColumnFamilyHandle* state, rocksdb::ColumnFamilyHandle* conflicts,
               rocksdb::ColumnFamilyHandle* derived)
      : db_(db),
        state_(state),
        conflicts_(conflicts),
        derived_(derived),
        snapshot_(std::move(snapshot)) {}

  absl::StatusOr<std::optional<std::string>> GetDerived(absl::string_view row_key) const override {
    std::string raw;
    rocksdb::Status s = db_->Get(snapshot_.Options(), derived_, internal::ToSlice(row_key), &raw);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return FromRocks(s, absl::StrCat("read derived row ", row_key));
    return raw;
  }

  absl::Status ScanDerived(absl::string_view prefix, const ScanFn& fn) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snapshot_.Options(), derived_));
    for (it->Seek(internal::ToSlice(prefix)); it->Valid(); it->Next()) {
      const absl::string_view key = View(it->key());
      if (!absl::StartsWith(key, prefix)) break;
      if (absl::Status st = fn(key, View(it->value())); !st.ok()) return EndOfScan(st);
    }
    return FromRocks(it->status(), "scan derived rows");
  }

  absl::StatusOr<std::optional<v1::KeyState>> GetKeyState(absl::string_view key) const override {
    std::string raw;
    rocksdb::Status s = db_->Get(snapshot_.Options(), state_, internal::ToSlice(key), &raw);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return FromRocks(s, absl::StrCat("read ", key));
    v1::KeyState state;
    if (!state.ParseFromString(raw)) {
      return absl::DataLossError(absl::StrCat("corrupt key state of ", key));
    }
    return state;
  }

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    auto state = GetKeyState(key);
    if (!state.ok()) return state.status();
    if (!state->has_value() || !IsVisible(**state)) return std::nullopt;
    return std::move(*(*state)->mutable_value());
  }

  absl::Status Scan(absl::string_view prefix, const ScanFn& fn) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snapshot_.Options(), state_));
    v1::KeyState state;
    for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
      const absl::string_view key = View(it->key());
      if (!absl::StartsWith(key, prefix)) break;
      if (!state.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError(absl::StrCat("corrupt key state of ", key));
      }
      if (!IsVisible(state)) continue;
      if (absl::Status st = fn(key, state.value()); !st.ok()) return EndOfScan(st);
    }
    return FromRocks(it->status(), "scan");
  }

  absl::Status ScanConflicts(absl::string_view prefix, const ConflictScanFn& fn) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snapshot_.Options(), conflicts_));
    for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
      const absl::string_view key = View(it->key());
      if (!absl::StartsWith(key, prefix)) break;
      auto state = GetKeyState(key);
      if (!state.ok()) return state.status();
      if (!state->has_value()) {
        return absl::DataLossError(absl::StrCat("conflict index names unknown key ", key));
      }
      if (absl::Status st = fn(key, **state); !st.ok()) return EndOfScan(st);
    }
    return FromRocks(it->status(), "scan conflicts");
  }

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const state_;
  rocksdb::ColumnFamilyHandle* const conflicts_;
  rocksdb::ColumnFamilyHandle* const derived_;
  SnapshotHolder snapshot_;
};

class ChangeCursorImpl final : public ChangeCursor {
 public:
  struct Span {
    std::string origin;
    uint64_t next;  // First seq not yet passed.
    uint64_t last;  // Last seq to pass (the sender's VV).
  };

  ChangeCursorImpl(rocksdb::DB* db, std::shared_ptr<const rocksdb::Snapshot> snapshot,
                   rocksdb::ColumnFamilyHandle* log, std::vector<Span> spans, ScopeFn scope)
      : snapshot_(std::move(snapshot)), spans_(std::move(spans)), scope_(std::move(scope)) {
    it_.reset(db->NewIterator(snapshot_.Options(), log));
  }

  bool done() const override { return current_ >= spans_.size(); }
  uint64_t yielded() const override { return yielded_; }
  uint64_t skipped() const override { return skipped_; }

  absl::Status Next(size_t max_changes, size_t max_bytes, v1::ChangeBatch* batch) override {
    batch->Clear();
    size_t bytes = 0;
    while (!done() && static_cast<size_t>(batch->changes_size()) < max_changes &&
           (batch->changes_size() == 0 || bytes < max_bytes)) {
      Span& span = spans_[current_];
      v1::OriginRange* range = batch->add_covered();
      range->set_origin(span.origin);
      range->set_first(span.next);
      if (!positioned_) {
        it_->Seek(internal::LogKey(span.origin, span.next));
        positioned_ = true;
      }
      bool full = false;
      for (; it_->Valid(); it_->Next()) {
        absl::string_view origin;
        uint64_t seq;
        if (!internal::ParseLogKey(View(it_->key()), &origin, &seq)) {
          return absl::DataLossError("corrupt change log key");
        }
        if (origin != span.origin || seq > span.last) break;
        if (static_cast<size_t>(batch->changes_size()) >= max_changes ||
            (batch->changes_size() > 0 && bytes >= max_bytes)) {
          full = true;
          break;
        }
        v1::Change* c = batch->add_changes();
        if (!c->ParseFromArray(it_->value().data(), static_cast<int>(it_->value().size()))) {
          return absl::DataLossError(absl::StrCat("corrupt change ", origin, "#", seq));
        }
        span.next = seq + 1;
        if (scope_ && !scope_(*c)) {
          batch->mutable_changes()->RemoveLast();
          ++skipped_;
          continue;
        }
        bytes += c->ByteSizeLong();
        ++yielded_;
      }
      if (!it_->status().ok()) return FromRocks(it_->status(), "scan change log");
      if (full) {
        range->set_last(span.next - 1);
      } else {
        range->set_last(span.last);  // Everything up to the sender's VV is accounted for.
        span.next = span.last + 1;
        ++current_;
        positioned_ = false;
      }
      if (range->last() < range->first()) batch->mutable_covered()->RemoveLast();
    }
    return absl::OkStatus();
  }

 private:
  SnapshotHolder snapshot_;
  std::unique_ptr<rocksdb::Iterator> it_;
  std::vector<Span> spans_;
  ScopeFn scope_;
  size_t current_ = 0;
  bool positioned_ = false;
  uint64_t yielded_ = 0;
  uint64_t skipped_ = 0;
};

}  // namespace

absl::Status StopScan() {
  absl::Status status = absl::CancelledError("scan stopped by its callback");
  status.SetPayload(kStopScanPayload, absl::Cord());
  return status;
}

bool IsStopScan(const absl::Status& status) {
  return absl::IsCancelled(status) && status.GetPayload(kStopScanPayload).has_value();
}

std::shared_ptr<const rocksdb::Snapshot> Replica::ReadSnapshot() const {
  absl::MutexLock l(&mu_);
  return SnapshotLocked();
}

std::shared_ptr<const rocksdb::Snapshot> Replica::SnapshotLocked() const {
  if (pinned_ != nullptr) return pinned_;
  rocksdb::DB* db = db_.get();
  return std::shared_ptr<const rocksdb::Snapshot>(
      db->GetSnapshot(), [db](const rocksdb::Snapshot* s) { db->ReleaseSnapshot(s); });
}

std::unique_ptr<ReadView> Replica::NewReadView() const {
  return std::make_unique<ReadViewImpl>(db_.get(), ReadSnapshot(), handles_->state,
                                        handles_->conflicts, handles_->derived);
}

std::unique_ptr<ChangeCursor> Replica::NewChangeCursor(const VersionVector& peer,
                                                       ScopeFn scope) const {
  std::vector<ChangeCursorImpl::Span> spans;
  // The snapshot is taken under mu_, so every change the copied vector counts is in it.
  absl::MutexLock l(&mu_);
  for (const auto& [origin, seq] : vv_.entries()) {
    const uint64_t theirs = peer.Get(origin);
    if (seq > theirs) spans.push_back({origin, theirs + 1, seq});
  }
  return std::make_unique<ChangeCursorImpl>(db_.get(), SnapshotLocked(), handles_->log,
                                            std::move(spans), std::move(scope));
}

absl::StatusOr<std::string> Replica::Digest() const { return DigestOfPrefix(""); }

absl::StatusOr<std::string> Replica::DigestOfPrefix(absl::string_view prefix) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return absl::InternalError("sha256 unavailable");
  }
  auto update = [&](absl::string_view s) {
    const std::string len = internal::EncodeU64(s.size());
    EVP_DigestUpdate(ctx.get(), len.data(), len.size());
    EVP_DigestUpdate(ctx.get(), s.data(), s.size());
  };
  SnapshotHolder snapshot(ReadSnapshot());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snapshot.Options(), handles_->state));
  v1::KeyState state;
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size()));
       it->Valid() && absl::StartsWith(View(it->key()), prefix); it->Next()) {
    if (!state.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("corrupt key state of ", View(it->key())));
    }
    update(View(it->key()));
    for (const v1::Head& h : state.heads()) {
      update(absl::StrCat(h.id().origin(), "#", h.id().seq(), h.tombstone() ? "-" : "+"));
    }
    update(IsVisible(state) ? absl::StrCat("=", state.value()) : "deleted");
  }
  if (!it->status().ok()) return FromRocks(it->status(), "digest");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace kinerja::storage
