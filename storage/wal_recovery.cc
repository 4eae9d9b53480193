#include "storage/wal_recovery.h"

#include <algorithm>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rocksdb/env.h"
#include "rocksdb/write_batch.h"
#include "storage/replica_internal.h"

namespace kinerja::storage {
namespace {

// RocksDB's log format (db/log_format.h): records are cut into fragments in 32 KiB blocks,
// each fragment behind a 7-byte header; a block's tail too short for a header is padding.
constexpr uint64_t kBlockSize = 32768;
constexpr uint64_t kHeaderSize = 7;

// The file offset just past a record of `length` payload bytes written at `offset`.
uint64_t EndOfRecord(uint64_t offset, uint64_t length) {
  bool first = true;
  while (first || length > 0) {
    first = false;
    uint64_t in_block = offset % kBlockSize;
    if (kBlockSize - in_block < kHeaderSize) {
      offset += kBlockSize - in_block;  // Padding; the fragment starts a new block.
      in_block = 0;
    }
    const uint64_t fragment = std::min(length, kBlockSize - in_block - kHeaderSize);
    offset += kHeaderSize + fragment;
    length -= fragment;
  }
  return offset;
}

// A WriteBatch's contents start with its sequence as a little-endian fixed64
// (db/write_batch.cc: "sequence: fixed64, count: fixed32, data: record[count]").
uint64_t FirstSequence(const rocksdb::WriteBatch& batch) {
  const std::string& rep = batch.Data();
  if (rep.size() < 12) return 0;
  uint64_t seq = 0;
  for (int i = 7; i >= 0; --i) seq = (seq << 8) | static_cast<uint8_t>(rep[i]);
  return seq;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

absl::StatusOr<std::unique_ptr<WalRecoveryWatch>> WalRecoveryWatch::Measure(
    rocksdb::Env* env, const std::string& dir, uint64_t min_log_number_to_keep) {
  std::unique_ptr<WalRecoveryWatch> watch(new WalRecoveryWatch());
  watch->dir_ = dir;
  watch->min_log_number_to_keep_ = min_log_number_to_keep;
  std::vector<std::string> children;
  rocksdb::Status s = env->GetChildren(dir, &children);
  if (s.IsNotFound()) return watch;
  if (!s.ok()) return internal::FromRocks(s, absl::StrCat("list ", dir));
  for (const std::string& name : children) {
    if (!absl::EndsWith(name, ".log")) continue;
    uint64_t size = 0;
    s = env->GetFileSize(absl::StrCat(dir, "/", name), &size);
    if (!s.ok()) return internal::FromRocks(s, absl::StrCat("size of ", dir, "/", name));
    watch->wals_[name].size = size;
  }
  return watch;
}

rocksdb::WalFilter::WalProcessingOption WalRecoveryWatch::Filter::LogRecordFound(
    unsigned long long /*log_number*/, const std::string& log_file_name,
    const rocksdb::WriteBatch& batch, rocksdb::WriteBatch* /*new_batch*/, bool* batch_changed) {
  *batch_changed = false;
  Wal& wal = watch_->wals_[BaseName(log_file_name)];
  wal.replayed = EndOfRecord(wal.replayed, batch.Data().size());
  ++wal.records;
  const uint64_t first = FirstSequence(batch);
  const uint32_t count = batch.Count();
  if (first != 0) wal.last_seq = first + (count > 0 ? count - 1 : 0);
  return WalProcessingOption::kContinueProcessing;
}

void WalRecoveryWatch::Filter::ColumnFamilyLogNumberMap(
    const std::map<uint32_t, uint64_t>& cf_lognumber_map,
    const std::map<std::string, uint32_t>& /*cf_name_id_map*/) {
  uint64_t min_log = 0;
  for (const auto& [cf, log_number] : cf_lognumber_map) {
    if (min_log == 0 || log_number < min_log) min_log = log_number;
  }
  watch_->min_cf_log_number_ = min_log;
}

std::string WalRecoveryWatch::Report() const {
  std::vector<std::string> dropped;
  uint64_t last_seq = 0;
  for (const auto& [name, wal] : wals_) {
    last_seq = std::max(last_seq, wal.last_seq);
    if (wal.size <= wal.replayed) continue;
    // Not replayed because not needed: everything in it is in table files already.
    uint64_t number = 0;
    if (wal.records == 0 && absl::SimpleAtoi(name.substr(0, name.size() - 4), &number) &&
        number < std::max(min_log_number_to_keep_, min_cf_log_number_)) {
      continue;
    }
    dropped.push_back(absl::StrCat(name, " (", wal.size, " bytes): replayed ", wal.records,
                                   " records (", wal.replayed, " bytes), dropped the last ",
                                   wal.size - wal.replayed, " bytes"));
  }
  if (dropped.empty()) return "";
  return absl::StrCat(
      "WAL recovery of ", dir_, " dropped what it could not read: ", absl::StrJoin(dropped, "; "),
      "; last sequence recovered ", last_seq,
      ". A few bytes at the end of the last WAL are a write torn by a power cut, never "
      "acknowledged; more means a damaged log lost acknowledged writes: the next sync will be "
      "refused if a peer holds changes this replica lost");
}

}  // namespace kinerja::storage
