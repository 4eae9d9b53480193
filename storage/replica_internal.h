// Internals shared by the replica's .cc files: column families and the byte layout of the
// keys kept in them. Not part of the storage API.
//
// Column families:
//   default    meta: "identity" -> ReplicaIdentity, "hlc" -> u64, "conflicts" -> u64,
//              "vv/<origin>" -> u64, "skew" -> u64 (clock skew events),
//              "regressed" -> OwnOriginRegression (writing refused),
//              "storage_version" -> u64 (absent: 1)
//   log        "<origin>\0<seq as 8 bytes big-endian>" -> serialized Change
//   state      entity key -> serialized KeyState (heads and winner value)
//   conflicts  entity key -> "" for keys with more than one head
//   derived    row key -> row (VisibleObserver's rows, e.g. rollups)
//   feed       cursor as 8 bytes big-endian -> serialized DerivedFeedEntry
//   staging    imports being staged (staged_import.h), under "<import id, 8 bytes>":
//              "c<entity key>" -> line (u64) that claimed the key;
//              "v<entity key>" -> serialized Record to commit;
//              "us<entity key>" / "ud<row key>" -> undo: the key state / derived row as
//              stored before the commit ("" prefix byte 0 = absent, 1 = value follows)
//   meta "importing" -> import id (u64), own seq, feed head, held and conflicts before the
//              commit (u64 each): a commit in progress; the next open rolls it back
#ifndef KINERJA_STORAGE_REPLICA_INTERNAL_H_
#define KINERJA_STORAGE_REPLICA_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "storage/replica.h"

namespace kinerja::storage {

struct Replica::Handles {
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* log = nullptr;
  rocksdb::ColumnFamilyHandle* state = nullptr;
  rocksdb::ColumnFamilyHandle* conflicts = nullptr;
  rocksdb::ColumnFamilyHandle* derived = nullptr;
  rocksdb::ColumnFamilyHandle* feed = nullptr;
  rocksdb::ColumnFamilyHandle* staging = nullptr;
};

namespace internal {

inline constexpr char kCfLog[] = "log";
inline constexpr char kCfState[] = "state";
inline constexpr char kCfConflicts[] = "conflicts";
inline constexpr char kCfDerived[] = "derived";
inline constexpr char kCfFeed[] = "feed";
inline constexpr char kCfStaging[] = "staging";
inline constexpr char kMetaImporting[] = "importing";
inline constexpr char kMetaFeed[] = "feed";
inline constexpr char kMetaHeld[] = "held";
inline constexpr char kMetaIdentity[] = "identity";
inline constexpr char kMetaHlc[] = "hlc";
inline constexpr char kMetaConflicts[] = "conflicts";
inline constexpr char kMetaVvPrefix[] = "vv/";
inline constexpr char kMetaSkew[] = "skew";
inline constexpr char kMetaRegressed[] = "regressed";
// The store's layout version (EncodeU64), written with the identity when the store is made;
// a store without one is version 1 (kStorageVersion in replica.h).
inline constexpr char kMetaStorageVersion[] = "storage_version";

// The identity of a new replica of `options.satker`: a fresh incarnation (options.incarnation
// if set), created now by options.clock. INVALID_ARGUMENT without a valid satker.
[[nodiscard]] absl::StatusOr<v1::ReplicaIdentity> NewReplicaIdentity(const std::string& dir,
                                                                     const ReplicaOptions& options);

std::string EncodeU64(uint64_t v);
bool DecodeU64(absl::string_view s, uint64_t* v);

// Log keys sort by (origin, seq).
std::string LogKey(absl::string_view origin, uint64_t seq);
bool ParseLogKey(absl::string_view key, absl::string_view* origin, uint64_t* seq);

inline rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
inline absl::string_view View(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

// `s` as an absl::Status prefixed with `what`. A full disk is RESOURCE_EXHAUSTED
// ("disk full: ..."), other IO errors UNAVAILABLE, corruption DATA_LOSS.
[[nodiscard]] absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

}  // namespace internal
}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_REPLICA_INTERNAL_H_
