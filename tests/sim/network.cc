// The in-memory network between a child's link and its parent: sessions whose messages travel
// with latency, in order per direction, and that faults cut, silence, delay or forge.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/entity_key.h"
#include "storage/version_vector.h"
#include "tests/sim/world.h"

namespace kinerja::sim {
namespace {

constexpr int64_t kConnectTimeoutMs = 2000;
constexpr int64_t kIdleTimeoutMs = 30000;

// The parent's policy with every check waved through (Bugs::allow_all).
class AllowAll final : public daemon::SessionPolicy {
 public:
  explicit AllowAll(std::unique_ptr<daemon::SessionPolicy> inner) : inner_(std::move(inner)) {}
  absl::Status CheckReceived(const v1::Change&) const override { return absl::OkStatus(); }
  absl::Status CheckCovered(const v1::OriginRange&) const override { return absl::OkStatus(); }
  absl::Status CheckReceivedBatch(const v1::ChangeBatch&) const override {
    return absl::OkStatus();
  }
  storage::ScopeFn PeerScope() const override { return inner_->PeerScope(); }
  bool SendsOrigin(absl::string_view origin) const override { return inner_->SendsOrigin(origin); }

 private:
  std::unique_ptr<daemon::SessionPolicy> inner_;
};

}  // namespace

int64_t World::Latency() {
  int64_t ms = 5 + static_cast<int64_t>(rng_() % 50);
  if (faults_on_ && p_spike_ > 0 && (rng_() % 1000) < p_spike_ * 1000) {
    ms += 1000 + static_cast<int64_t>(rng_() % 9000);
    Count("latency_spike");
  }
  return ms;
}

bool World::Partitioned(const SimNode* child, bool up) const {
  auto it = partition_until_.find(child->index);
  if (it == partition_until_.end() || it->second <= now_ms_) return false;
  const int dir = partition_dir_.at(child->index);
  return dir == 0 || (dir == 1 && up) || (dir == 2 && !up);
}

void World::StartSession(SimLink* link, SimNode* child) {
  SimNode* parent = ParentOf(child);
  const uint64_t link_id = link->id();
  auto fail_later = [this, child, link_id](int64_t after, absl::Status st) {
    At(now_ms_ + after, [child, link_id, st] {
      if (child->link != nullptr && child->link->id() == link_id) {
        child->link->Ended(st, daemon::SyncStats{}, storage::VersionVector{});
      }
    });
  };
  if (parent == nullptr || parent->node == nullptr ||
      (Partitioned(child, true) && Partitioned(child, false))) {
    fail_later(kConnectTimeoutMs, absl::UnavailableError("cannot reach the upstream"));
    return;
  }
  auto child_end = daemon::ChildSession::Open(link->replica(), link->registry(), child->satker,
                                              daemon::SyncEngineOptions{
                                                  .max_batch_changes = 1 + rng_() % 6,
                                                  .max_batch_bytes = 1 << 20,
                                                  .window = 1 + rng_() % 3});
  if (!child_end.ok()) {
    fail_later(0, child_end.status());
    return;
  }
  // The in-memory transport authenticates truthfully: the parent presents its own satker.
  if (absl::Status st = (*child_end)->CheckParent(parent->satker); !st.ok()) {
    fail_later(0, st);
    return;
  }
  auto policy = parent->node->PolicyForChild(child->satker);
  if (!policy.ok()) {
    parent->node->SessionEnded(child->satker, policy.status(), daemon::SyncStats{});
    fail_later(Latency(), policy.status());
    return;
  }
  auto s = std::make_unique<Session>();
  s->id = next_session_++;
  s->started_ms = now_ms_;
  s->child_disk = child->disk_generation;
  s->parent_disk = parent->disk_generation;
  s->child = child;
  s->parent = parent;
  s->child_end = *std::move(child_end);
  s->parent_policy = *std::move(policy);
  if (options_.bugs.allow_all) {
    s->parent_policy = std::make_unique<AllowAll>(std::move(s->parent_policy));
  }
  s->parent_end = std::make_unique<daemon::SyncEngine>(
      parent->node->replica(), daemon::SyncEngine::Side::kParent, parent->satker, child->satker,
      s->parent_policy.get(), daemon::SyncEngineOptions{.max_batch_changes = 1 + rng_() % 6,
                                                        .max_batch_bytes = 1 << 20,
                                                        .window = 1 + rng_() % 3});
  s->child_heard_ms = s->parent_heard_ms = now_ms_;
  Session* raw = s.get();
  sessions_.emplace(raw->id, std::move(s));
  // Two sessions of one satker at once: the other laptop of the office, or this replica's
  // previous session still alive at the parent.
  for (const auto& [id, other] : sessions_) {
    if (id != raw->id && other->parent_end != nullptr && other->child->satker == child->satker) {
      Count("concurrent_sessions");
      break;
    }
  }
  Trace(absl::StrCat("session ", raw->id, " ", child->name, " -> ", parent->name));
  for (auto& m : raw->child_end->Start()) Send(raw, /*up=*/true, std::move(m));
  const uint64_t id = raw->id;
  At(now_ms_ + 10000, [this, id] { Watchdog(id); });
}

void World::Send(Session* s, bool up, v1::SyncMessage m) {
  SimNode* sender = up ? s->child : s->parent;
  SentBatch(s, up, m);
  if (faults_on_ && sender->adversary && (rng_() % 1000) < p_forge_ * 1000) {
    Forge(sender, up ? s->parent : s->child, &m);
  }
  if (!up && options_.bugs.lying_sync) LieAsParent(s, &m);
  if (!up && options_.bugs.forgetful_hello && m.has_hello()) {
    m.mutable_hello()->clear_version_vector();
    m.mutable_hello()->set_child_origin_tip_hlc(0);
  }
  CheckClaim(sender, m);
  if (faults_on_) {
    const bool ack = m.has_ack();
    const bool cut = (rng_() % 1000) < p_cut_ * 1000;
    const bool lost_ack = ack && (rng_() % 1000) < p_lost_ack_ * 1000;
    if (cut || lost_ack) {
      Count(lost_ack ? "lost_ack" : up ? "cut_up" : "cut_down");
      Trace(absl::StrCat("cut session ", s->id, " at ", up ? "up " : "down ", daemon::SyncMessageKindName(m)));
      const uint64_t id = s->id;
      // Each end learns of the break after its own delay; messages already on their way may
      // still arrive at an end that has not noticed yet (late messages of a dead session).
      At(now_ms_ + Latency(), [this, id] {
        if (auto it = sessions_.find(id); it != sessions_.end()) {
          EndChild(it->second.get(), absl::UnavailableError("sync stream broke"));
        }
      });
      At(now_ms_ + Latency(), [this, id] {
        if (auto it = sessions_.find(id); it != sessions_.end()) {
          EndParent(it->second.get(), absl::CancelledError("sync stream broke"));
        }
      });
      return;
    }
  }
  if (Partitioned(s->child, up)) return;  // Lost without a word: the end times out.
  int64_t& clear = up ? s->up_clear_ms : s->down_clear_ms;
  const int64_t when = std::max(now_ms_ + Latency(), clear);
  clear = when;
  const uint64_t id = s->id;
  At(when, [this, id, up, m = std::move(m)] { Deliver(id, up, m); });
}

void World::Deliver(uint64_t id, bool up, const v1::SyncMessage& m) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  Session* s = it->second.get();
  if (up) {
    if (s->parent_end == nullptr) return;
    if (s->child_end == nullptr && !s->child_done) Count("late_message");
    s->parent_heard_ms = now_ms_;
    AckReached(s, up, m);
    ParentHandle(s, m);
    return;
  }
  if (s->child_end == nullptr) return;
  s->child_heard_ms = now_ms_;
  if (s->child_done) return;  // Only the status is still to come.
  AckReached(s, up, m);
  auto out = s->child_end->OnMessage(m);
  if (!out.ok()) {
    Trace(absl::StrCat("session ", id, " child end refused ", daemon::SyncMessageKindName(m), ": ",
                       out.status().ToString()));
    EndChild(s, out.status());
    At(now_ms_ + Latency(), [this, id] {
      if (auto found = sessions_.find(id); found != sessions_.end()) {
        EndParent(found->second.get(), absl::CancelledError("the child ended the session"));
      }
    });
    return;
  }
  for (auto& o : *out) Send(s, /*up=*/true, std::move(o));
  if (s->child_end->done()) s->child_done = true;
}

void World::ParentHandle(Session* s, const v1::SyncMessage& m) {
  const uint64_t id = s->id;
  bool early_ack = false;
  if (options_.bugs.ack_before_apply && m.has_batch()) {
    // The planted bug: the ack goes out before the batch is applied; a crash in between
    // loses the batch.
    v1::SyncMessage ack;
    ack.mutable_ack()->set_batch_no(m.batch().batch_no());
    storage::VersionVector vv = s->parent->node->replica()->version_vector();
    for (const v1::Change& c : m.batch().batch().changes()) vv.Raise(c.origin(), c.seq());
    for (const v1::OriginRange& r : m.batch().batch().covered()) vv.Raise(r.origin(), r.last());
    *ack.mutable_ack()->mutable_version_vector() = vv.ToProto();
    Send(s, /*up=*/false, std::move(ack));
    if (sessions_.count(id) == 0 || s->parent_end == nullptr) return;
    if (rng_() % 2 == 0) {
      Crash(s->parent, Down::kKill);
      SimNode* parent = s->parent;
      At(now_ms_ + 1000, [this, parent] {
        if (parent->node == nullptr) OpenNode(parent);
      });
      return;
    }
    early_ack = true;
  }
  auto out = s->parent_end->OnMessage(m);
  if (!out.ok()) {
    Trace(absl::StrCat("session ", id, " parent end refused ", daemon::SyncMessageKindName(m), ": ",
                       out.status().ToString()));
    EndParent(s, out.status());
    return;
  }
  for (auto& o : *out) {
    if (early_ack && o.has_ack()) continue;
    Send(s, /*up=*/false, std::move(o));
    if (sessions_.count(id) == 0 || s->parent_end == nullptr) return;
  }
  if (s->parent_end->done()) EndParent(s, absl::OkStatus());
}

void World::EndParent(Session* s, const absl::Status& status) {
  if (s->parent_end == nullptr) return;
  const daemon::SyncStats stats = s->parent_end->stats();
  s->parent_end.reset();
  s->parent_policy.reset();
  Trace(absl::StrCat("session ", s->id, " parent end: ", status.ok() ? "OK" : status.ToString()));
  if (s->parent->node != nullptr) s->parent->node->SessionEnded(s->child->satker, status, stats);
  const uint64_t id = s->id;
  // The call's status reaches the child after a delay, behind the messages sent before it.
  const int64_t when = std::max(now_ms_ + Latency(), s->down_clear_ms);
  s->down_clear_ms = when;
  At(when, [this, id, status] {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    Session* ended = it->second.get();
    if (status.ok() && !ended->child_done) {
      EndChild(ended, absl::UnavailableError("sync stream ended before the session did"));
    } else {
      EndChild(ended, status);
    }
  });
}

void World::EndChild(Session* s, const absl::Status& status) {
  if (s->child_end != nullptr) {
    const daemon::SyncStats stats = s->child_end->stats();
    const storage::VersionVector vv = s->child_end->peer_version_vector();
    s->child_end.reset();
    if (s->child->link != nullptr) s->child->link->Ended(status, stats, vv);
  }
  if (s->parent_end == nullptr) {
    const uint64_t id = s->id;
    At(now_ms_, [this, id] {
      auto it = sessions_.find(id);
      if (it != sessions_.end() && it->second->child_end == nullptr &&
          it->second->parent_end == nullptr) {
        sessions_.erase(it);
      }
    });
  }
}

void World::Watchdog(uint64_t id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  Session* s = it->second.get();
  if (s->child_end != nullptr && now_ms_ - s->child_heard_ms > kIdleTimeoutMs) {
    EndChild(s, absl::DeadlineExceededError("the upstream went silent"));
  }
  if (s->parent_end != nullptr && now_ms_ - s->parent_heard_ms > kIdleTimeoutMs) {
    EndParent(s, absl::CancelledError("the child went silent"));
  }
  if (s->child_end != nullptr || s->parent_end != nullptr) {
    At(now_ms_ + 10000, [this, id] { Watchdog(id); });
  }
}

void World::AbortSessionsOf(SimNode* n) {
  for (auto& [id, s] : sessions_) {
    if (s->child == n && s->child_end != nullptr) {
      s->child_end.reset();  // Its link goes with the node.
      At(now_ms_ + Latency(), [this, id = id] {
        if (auto it = sessions_.find(id); it != sessions_.end()) {
          EndParent(it->second.get(), absl::CancelledError("the child went away"));
        }
      });
    }
    if (s->parent == n && s->parent_end != nullptr) {
      s->parent_end.reset();
      s->parent_policy.reset();
      At(now_ms_ + Latency(), [this, id = id] {
        if (auto it = sessions_.find(id); it != sessions_.end()) {
          EndChild(it->second.get(), absl::UnavailableError("the upstream went away"));
        }
      });
    }
  }
}

void World::CheckClaim(const SimNode* sender, const v1::SyncMessage& m) {
  if (sender->node == nullptr || sender->adversary) return;
  const v1::VersionVector* claimed = nullptr;
  if (m.has_hello()) claimed = &m.hello().version_vector();
  if (m.has_ack()) claimed = &m.ack().version_vector();
  if (claimed == nullptr) return;
  const storage::VersionVector held = sender->node->replica()->version_vector();
  for (const auto& e : claimed->entries()) {
    if (e.seq() > held.Get(e.origin())) {
      Fail("a hello or ack never claims more than its sender holds",
           absl::StrCat(sender->name, " sent a ", daemon::SyncMessageKindName(m), " claiming ", e.origin(), " through #",
                        e.seq(), " while holding through #", held.Get(e.origin())));
      return;
    }
  }
}

void World::LieAsParent(Session* s, v1::SyncMessage* m) {
  if (s->child->node == nullptr) return;
  // Claims the child's own changes as held, through the child's latest seq.
  const std::string rid = s->child->replica_id();
  const uint64_t tip = s->child->node->replica()->version_vector().Get(rid);
  if (tip == 0) return;
  v1::VersionVector* vv = nullptr;
  if (m->has_hello()) vv = m->mutable_hello()->mutable_version_vector();
  if (m->has_ack()) vv = m->mutable_ack()->mutable_version_vector();
  if (vv == nullptr) return;
  storage::VersionVector lie;
  for (const auto& e : vv->entries()) lie.Set(e.origin(), e.seq());
  lie.Raise(rid, tip);
  *vv = lie.ToProto();
}

void World::Forge(SimNode* sender, SimNode* receiver, v1::SyncMessage* m) {
  // A victim: another office, by satker and (if one is up) replica id.
  std::vector<SimNode*> others;
  for (auto& n : nodes_) {
    if (n->role == v1::ROLE_OFFICE && n->satker != sender->satker) others.push_back(n.get());
  }
  if (others.empty()) return;
  SimNode* victim = others[rng_() % others.size()];
  const std::string victim_rid =
      victim->node != nullptr ? victim->replica_id() : victim->satker + ".0000000000ab";
  if (m->has_hello()) {
    // A forged hello ends the session before any batch: forge only some, so that the
    // batch forgeries (origins, keys, values, ranges, order) fire as often.
    if (rng_() % 4 != 0) return;
    if (rng_() % 2 == 0) {
      m->mutable_hello()->set_node(victim->satker);
      Count("forge_hello_node");
    } else {
      m->mutable_hello()->set_replica_id(victim_rid);
      Count("forge_hello_replica");
    }
    return;
  }
  if (!m->has_batch()) return;
  v1::ChangeBatch* b = m->mutable_batch()->mutable_batch();
  // A hub sending down may also forge a change of the receiving child's own origin.
  const bool down = receiver->node != nullptr && receiver->role == v1::ROLE_OFFICE &&
                    sender->role != v1::ROLE_OFFICE;
  const int kind = b->changes_size() == 0 ? 3 : static_cast<int>(rng_() % (down ? 6 : 5));
  switch (kind) {
    case 5: {
      // The child's next seq, over one of its own records (valid, in scope): only the origin
      // gives it away, and only the child knows it never wrote it.
      v1::Change* c = b->mutable_changes(0);
      std::string key, value;
      WithoutIoErrors(receiver, [&] {
        (void)receiver->node->replica()->NewReadView()->Scan(
            storage::SatkerPrefix(receiver->satker),
            [&](absl::string_view k, absl::string_view v) {
              key = std::string(k);
              value = std::string(v);
              return storage::StopScan();
            });
      });
      if (key.empty()) break;
      const std::string rid = receiver->replica_id();
      c->set_origin(rid);
      c->set_seq(receiver->node->replica()->accounted(rid) + 1);
      c->set_key(key);
      c->set_value(value);
      c->set_tombstone(false);
      c->clear_bases();
      b->mutable_changes()->DeleteSubrange(1, b->changes_size() - 1);  // Keep (origin, seq) order.
      Count("forge_own_origin");
      break;
    }
    case 0: {
      b->mutable_changes(0)->set_origin(victim_rid);
      Count("forge_origin");
      break;
    }
    case 1: {
      v1::Change* c = b->mutable_changes(0);
      auto parsed = storage::ParseKey(c->key());
      if (!parsed.ok() || parsed->section != storage::KeySection::kRecord) {
        c->set_key(storage::RecordKey(victim->satker, 2024, storage::kKindPagu, {"RA01", "-"}));
      } else {
        c->set_key(victim->satker + c->key().substr(parsed->satker.size()));
      }
      Count("forge_key");
      break;
    }
    case 2: {
      v1::Change* c = b->mutable_changes(0);
      v1::Record r;
      r.mutable_anggaran_pagu()->set_satker(victim->satker);
      r.mutable_anggaran_pagu()->set_tahun(2024);
      // A kegiatan the workload never writes: the record is never its key's. (A hub that
      // rewrites a relayed value into another valid record of the same key cannot be caught
      // without end-to-end signatures, which the design does not have; not forged here.)
      r.mutable_anggaran_pagu()->set_kegiatan_kode("ZZ99");
      r.mutable_anggaran_pagu()->set_pagu_rupiah(999'000'000'000);
      c->set_value(r.SerializeAsString());
      c->set_tombstone(false);
      Count("forge_value");
      break;
    }
    case 3: {
      v1::OriginRange* r = b->add_covered();
      r->set_origin(victim_rid);
      r->set_first(1);
      r->set_last(1000);
      Count("forge_range");
      break;
    }
    default: {
      if (b->changes_size() >= 2) {
        b->mutable_changes()->SwapElements(0, 1);
        Count("forge_order");
      } else {
        b->mutable_changes(0)->set_seq(b->changes(0).seq() + 5);
        Count("forge_seq");
      }
      break;
    }
  }
}

}  // namespace kinerja::sim
