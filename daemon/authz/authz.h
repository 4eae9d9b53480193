// Authorisation of changes (DESIGN.md, "Authorisation" and "Scope"): who may write a key,
// which changes a node accepts from a child or from its parent, and which keys a child may
// receive. Pure functions over the registry; the sync engine and the import path call them.
#ifndef KINERJA_DAEMON_AUTHZ_AUTHZ_H_
#define KINERJA_DAEMON_AUTHZ_AUTHZ_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "daemon/authz/registry.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::daemon {

// The satker of a replica id "<satker>.<incarnation>".
std::string OriginSatker(absl::string_view origin);

// Writer rule: whether satker `writer` may write `key`. A satker's own records are written by
// it; reference data by the province or national satker publishing it; a review note by a
// proper ancestor of the satker it is about. PERMISSION_DENIED (or INVALID_ARGUMENT for a
// malformed key) with a message naming the key.
absl::Status CheckWriter(const Registry& registry, absl::string_view writer, absl::string_view key);

// Whether `key` lies in the scope of `node` (what it may receive from its parent): reference
// data of the node or its ancestors, records of and notes on the node's subtree.
bool InScope(const Registry& registry, absl::string_view node, absl::string_view key);

// Where a received change comes from.
enum class Direction { kFromChild, kFromParent };

// Checks a change `node` receives from `peer`: the writer rule for its origin's satker, then
// from a child that the origin is the peer or below it, from the parent that the key is in
// this node's scope. PERMISSION_DENIED naming the change otherwise.
absl::Status CheckReceived(const Registry& registry, absl::string_view node, absl::string_view peer,
                           Direction direction, const v1::Change& change);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_AUTHZ_AUTHZ_H_
