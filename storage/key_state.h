// Per-key replication state (DESIGN.md, "Heads"): the heads of a key are the held changes
// that no held change names as a base; the visible value is the head with the greatest
// (hlc, origin); more than one head is a conflict. These functions keep that state exact
// whatever order the changes arrive in, so state is a function of the set of changes held.
#ifndef KINERJA_STORAGE_KEY_STATE_H_
#define KINERJA_STORAGE_KEY_STATE_H_

#include "absl/functional/function_ref.h"
#include "kinerja/v1/replication.pb.h"
#include "kinerja/v1/storage.pb.h"

namespace kinerja::storage {

// Total order of heads for picking the visible one: (hlc, origin, seq).
bool HeadLess(const v1::Head& a, const v1::Head& b);

// The visible head: the greatest by HeadLess; nullptr if the key has no heads.
const v1::Head* Winner(const v1::KeyState& state);

// Whether the key has a visible value (a winner that is not a tombstone).
bool IsVisible(const v1::KeyState& state);

bool SameId(const v1::ChangeId& a, const v1::ChangeId& b);

// What folding one change did to its key.
struct FoldResult {
  bool is_head = false;         // The change became a head.
  bool winner_changed = false;  // The visible winner is now a different change.
  // The new winner is an older head whose value the caller must load from the change log
  // into state->value (rare: the previous winner was superseded by a change that lost).
  bool needs_winner_value = false;
  int heads_before = 0;
  int heads_after = 0;
};

// Folds `change` (not yet held) into `state`. `accounted(id)` tells whether a change of this
// key is held or can never arrive (its seq is covered by the version vector); bases that are
// not accounted for are remembered as pending, so that when they arrive later they do not
// become heads. Sets state->value when the change itself becomes the winner.
FoldResult FoldChange(const v1::Change& change,
                      absl::FunctionRef<bool(const v1::ChangeId&)> accounted, v1::KeyState* state);

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_KEY_STATE_H_
