#include "storage/key_state.h"

#include <algorithm>
#include <tuple>

namespace kinerja::storage {
namespace {

bool IdLess(const v1::ChangeId& a, const v1::ChangeId& b) {
  return std::forward_as_tuple(a.origin(), a.seq()) < std::forward_as_tuple(b.origin(), b.seq());
}

template <typename Container, typename Pred>
bool EraseIf(Container* c, Pred pred) {
  auto it = std::find_if(c->begin(), c->end(), pred);
  if (it == c->end()) return false;
  c->erase(it);
  return true;
}

}  // namespace

bool SameId(const v1::ChangeId& a, const v1::ChangeId& b) {
  return a.seq() == b.seq() && a.origin() == b.origin();
}

bool HeadLess(const v1::Head& a, const v1::Head& b) {
  return std::forward_as_tuple(a.hlc(), a.id().origin(), a.id().seq()) <
         std::forward_as_tuple(b.hlc(), b.id().origin(), b.id().seq());
}

const v1::Head* Winner(const v1::KeyState& state) {
  const v1::Head* best = nullptr;
  for (const auto& h : state.heads()) {
    if (best == nullptr || HeadLess(*best, h)) best = &h;
  }
  return best;
}

bool IsVisible(const v1::KeyState& state) {
  const v1::Head* w = Winner(state);
  return w != nullptr && !w->tombstone();
}

FoldResult FoldChange(const v1::Change& change,
                      absl::FunctionRef<bool(const v1::ChangeId&)> accounted, v1::KeyState* state) {
  FoldResult result;
  result.heads_before = state->heads_size();
  v1::ChangeId prev_winner;
  bool had_winner = false;
  if (const v1::Head* w = Winner(*state)) {
    prev_winner = w->id();
    had_winner = true;
  }

  // The bases of the change stop being heads; those not held yet are remembered.
  for (const v1::ChangeId& base : change.bases()) {
    const bool was_head =
        EraseIf(state->mutable_heads(), [&](const v1::Head& h) { return SameId(h.id(), base); });
    if (was_head || accounted(base)) continue;
    const bool known = std::any_of(state->pending_bases().begin(), state->pending_bases().end(),
                                   [&](const v1::ChangeId& p) { return SameId(p, base); });
    if (!known) *state->add_pending_bases() = base;
  }

  // A change some held change already names as a base never becomes a head.
  v1::ChangeId self;
  self.set_origin(change.origin());
  self.set_seq(change.seq());
  const bool superseded = EraseIf(state->mutable_pending_bases(),
                                  [&](const v1::ChangeId& p) { return SameId(p, self); });
  if (!superseded) {
    v1::Head head;
    *head.mutable_id() = self;
    head.set_hlc(change.hlc());
    head.set_tombstone(change.tombstone());
    auto* heads = state->mutable_heads();
    const auto index = std::lower_bound(heads->begin(), heads->end(), head,
                                        [](const v1::Head& a, const v1::Head& b) {
                                          return IdLess(a.id(), b.id());
                                        }) -
                       heads->begin();
    heads->Add(std::move(head));
    // Keep heads sorted by id so equal sets serialize identically.
    std::rotate(heads->begin() + index, heads->end() - 1, heads->end());
    result.is_head = true;
  }
  result.heads_after = state->heads_size();

  const v1::Head* w = Winner(*state);
  if (w == nullptr) {
    result.winner_changed = had_winner;
    state->clear_value();
    return result;
  }
  if (had_winner && SameId(w->id(), prev_winner)) return result;
  result.winner_changed = true;
  if (SameId(w->id(), self)) {
    if (change.tombstone()) {
      state->clear_value();
    } else {
      state->set_value(change.value());
    }
  } else {
    result.needs_winner_value = true;
  }
  return result;
}

}  // namespace kinerja::storage
