// Reads and conflict resolution for kinerjactl (AdminService): records by satker, year and
// kind; one record with all its heads; the conflicting records; the digest of a satker's
// keys; and resolving a conflict by writing a change whose bases are every head.
#ifndef KINERJA_DAEMON_NODE_RECORD_QUERIES_H_
#define KINERJA_DAEMON_NODE_RECORD_QUERIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "daemon/authz/registry.h"
#include "kinerja/v1/admin.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

// Visible records under satker (and year, kind). INVALID_ARGUMENT without a satker.
[[nodiscard]] absl::StatusOr<v1::ListResponse> ListRecords(const storage::Replica& replica,
                                                           const v1::ListRequest& request);

// One record and its heads. NOT_FOUND if no change to the key is held.
[[nodiscard]] absl::StatusOr<v1::GetResponse> GetRecord(const storage::Replica& replica,
                                                        const v1::GetRequest& request);

// Records with more than one head, under a satker or everywhere.
[[nodiscard]] absl::StatusOr<v1::ListConflictsResponse> ListConflicts(
    const storage::Replica& replica, const v1::ListConflictsRequest& request);

// The digest of everything about `request.satker` held here (keys under "<satker>/"): equal at
// two nodes exactly when they hold the same state of that satker. INVALID_ARGUMENT without a
// satker.
[[nodiscard]] absl::StatusOr<v1::DigestResponse> DigestOfSatker(const storage::Replica& replica,
                                                                const v1::DigestRequest& request);

// Every version of `request.key` this node holds, oldest first (hlc, then origin and seq),
// each with the bases it superseded, the held versions that superseded it, and whether it is
// a head and the visible one. There is no per-key index of the log: the versions are found by
// walking back from the key's heads through the bases (GetChange by id). That finds every
// held change of the key, since a held change that is not a head is by definition named as a
// base by another held change of the key. A base named but not held (pending) is listed only
// in the bases of the change naming it. INVALID_ARGUMENT without a key; NOT_FOUND if no change
// to the key is held.
[[nodiscard]] absl::StatusOr<v1::HistoryResponse> KeyHistory(const storage::Replica& replica,
                                                             const v1::HistoryRequest& request);

// Writes the resolution of `request.key` as satker `node`: the picked head's value, a merged
// record (which must belong to the same key), or a delete. PERMISSION_DENIED if `node` may
// not write the key; NOT_FOUND for an unknown key or head. The request must name the heads
// it resolves (INVALID_ARGUMENT if it names none: there is no "whatever is there" resolve, so
// an old client cannot supersede unseen versions); if the key's heads are not exactly those
// when the change is written (under the replica's write lock), FAILED_PRECONDITION naming
// the current heads, and nothing is written. A merged record keeps the record bounds.
[[nodiscard]] absl::StatusOr<v1::ResolveResponse> ResolveConflict(
    storage::Replica* replica, const Registry& registry, const std::string& node,
    const v1::ResolveRequest& request);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_NODE_RECORD_QUERIES_H_
