// Authorisation of changes (DESIGN.md, "Authorisation" and "Scope"): who may write a key,
// which changes a node accepts from a child or from its parent, and which keys a child may
// receive. Pure functions over the registry; the sync engine and the import path call them.
#ifndef KINERJA_DAEMON_AUTHZ_AUTHZ_H_
#define KINERJA_DAEMON_AUTHZ_AUTHZ_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "daemon/authz/registry.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::daemon {

// The satker of a replica id "<satker>.<incarnation>".
std::string OriginSatker(absl::string_view origin);

// Whether `origin` has the form of a replica id: a satker code, a dot and the incarnation as
// 12 lowercase hex digits (storage/replica.h). A peer's origin without its incarnation ("3604")
// names no replica, so a change or range of it is refused.
bool IsReplicaId(absl::string_view origin);

// Writer rule: whether satker `writer` may write `key`. A satker's own records are written by
// it; reference data by the province or national satker publishing it; a review note by a
// proper ancestor of the satker it is about. PERMISSION_DENIED (or INVALID_ARGUMENT for a
// malformed key) with a message naming the key.
[[nodiscard]] absl::Status CheckWriter(const Registry& registry, absl::string_view writer,
                                       absl::string_view key);

// Whether `key` lies in the scope of `node` (what it may receive from its parent): reference
// data of the node or its ancestors, records of and notes on the node's subtree.
bool InScope(const Registry& registry, absl::string_view node, absl::string_view key);

// The registry entry `change` writes, if it writes one: a value (not a tombstone) under
// RI/ref/satker/<kode> that decodes as the entry of <kode>. nullopt otherwise (a value that
// does not decode is refused by the received-value check, not here).
std::optional<v1::Satker> RegistryEntryOf(const v1::Change& change);

// Where a received change comes from.
enum class Direction { kFromChild, kFromParent };

// Checks a change `node` receives from `peer`: that its origin is a replica id, the writer rule
// for its origin's satker, then from a child that the origin is the peer or below it, from the
// parent that the key is in this node's scope. PERMISSION_DENIED naming the change otherwise.
[[nodiscard]] absl::Status CheckReceived(const Registry& registry, absl::string_view node,
                                         absl::string_view peer, Direction direction,
                                         const v1::Change& change);

// Checks a covered range (`covered` account, DESIGN.md "ranges are changes too") `node`
// receives from `peer` as a change of its origin: the origin is a replica id of a satker the
// registry knows (a range has no key, so that is all the writer rule can ask of it), and from a
// child that satker is the peer or below it. From the parent any known origin may be accounted
// for: a scoped receiver is told of seqs outside its scope. Whether a child's range passes over
// a seq depends on what the receiver holds; the sync engine checks that. PERMISSION_DENIED
// naming the origin and the range otherwise.
[[nodiscard]] absl::Status CheckReceivedRange(const Registry& registry, absl::string_view peer,
                                              Direction direction, const v1::OriginRange& range);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_AUTHZ_AUTHZ_H_
