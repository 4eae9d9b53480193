// The invariants both sync fuzz targets check on every message the parent engine takes: a
// refused message changes nothing in the replica; an accepted batch passed the session policy
// (checked separately, before the engine saw it) and its changes are held afterwards; what the
// parent sends lies in the child's scope. Aborts on a violation, naming it.
#ifndef KINERJA_TESTS_FUZZ_SYNC_CHECK_H_
#define KINERJA_TESTS_FUZZ_SYNC_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "daemon/sync/sync_engine.h"
#include "kinerja/v1/sync.pb.h"
#include "tests/fuzz/sync_fixture.h"

namespace kinerja::fuzz {

[[noreturn]] inline void SyncInvariantBroken(const std::string& what,
                                             const v1::SyncMessage& message) {
  std::fprintf(stderr, "sync fuzz: %s\nmessage: %s\n", what.c_str(),
               message.ShortDebugString().c_str());
  std::abort();
}

// Delivers `message` to `engine` (the parent of `world`) and checks the invariants. Returns
// whether the engine accepted it.
inline bool DeliverAndCheck(const SyncWorld& world, daemon::SyncEngine* engine,
                            const v1::SyncMessage& message) {
  const storage::Replica& replica = *world.parent();
  const bool is_batch = message.has_batch();
  const absl::Status policy =
      is_batch ? world.parent_policy().CheckReceivedBatch(message.batch().batch())
               : absl::OkStatus();
  const ReplicaState before = StateOf(replica);
  // A change already held is a no-op whatever it carries (DESIGN.md, "Apply"): only the
  // changes new to the replica must be held as sent afterwards.
  std::vector<const v1::Change*> new_changes;
  if (is_batch) {
    for (const v1::Change& change : message.batch().batch().changes()) {
      absl::StatusOr<std::optional<v1::Change>> held =
          replica.GetChange(change.origin(), change.seq());
      if (held.ok() && !held->has_value()) new_changes.push_back(&change);
    }
  }
  absl::StatusOr<std::vector<v1::SyncMessage>> out = engine->OnMessage(message);
  if (!out.ok()) {
    if (StateOf(replica) != before) {
      SyncInvariantBroken("a refused message changed the replica: " + out.status().ToString(),
                          message);
    }
    return false;
  }
  if (is_batch) {
    if (!policy.ok()) {
      SyncInvariantBroken("applied a batch the policy refuses: " + policy.ToString(), message);
    }
    for (const v1::Change* change : new_changes) {
      absl::StatusOr<std::optional<v1::Change>> held =
          replica.GetChange(change->origin(), change->seq());
      if (!held.ok() || !held->has_value() || (*held)->key() != change->key()) {
        SyncInvariantBroken("an accepted change is not held as sent", message);
      }
    }
  }
  const storage::ScopeFn scope = world.parent_policy().PeerScope();
  for (const v1::SyncMessage& sent : *out) {
    if (!sent.has_batch() || !scope) continue;
    for (const v1::Change& change : sent.batch().batch().changes()) {
      if (!scope(change)) SyncInvariantBroken("sent the child a change out of its scope", message);
    }
  }
  return true;
}

}  // namespace kinerja::fuzz

#endif  // KINERJA_TESTS_FUZZ_SYNC_CHECK_H_
