// Property tests of the replication rules (DESIGN.md): for many seeds, replicas that receive
// the same random set of changes -- concurrent writes to shared keys, tombstones, resolutions,
// clocks days apart -- in different orders and batchings, with duplicates and restarts, end in
// identical states that match a simple reference model of heads and winners.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"
#include "storage/key_state.h"
#include "storage/replica.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::storage {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kDay = 86'400'000;

using Id = std::pair<std::string, uint64_t>;

int SeedCount() {
  const char* env = std::getenv("KINERJA_PROPERTY_SEEDS");
  return env != nullptr ? std::atoi(env) : 40;
}

std::unique_ptr<Replica> MustOpen(const std::string& dir, const std::string& satker,
                                  PhysicalClock* clock, bool sync) {
  ReplicaOptions options;
  options.satker = satker;
  options.clock = clock;
  options.sync = sync;
  auto r = Replica::Open(dir, options);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? std::move(*r) : nullptr;
}

// All changes of one random history, grouped by origin in seq order.
struct History {
  std::map<std::string, std::vector<v1::Change>> by_origin;
  std::set<std::string> keys;
  size_t size() const {
    size_t n = 0;
    for (const auto& [o, cs] : by_origin) n += cs.size();
    return n;
  }
};

// Writers (two laptops of one office, another office, a hub), each with its own clock, write
// shared keys and pull from each other at random, some pulls cut short.
void Generate(std::mt19937_64& rng, const std::string& dir, History* out) {
  std::vector<std::unique_ptr<ManualClock>> clocks;
  std::vector<std::unique_ptr<Replica>> writers;
  const std::vector<std::pair<std::string, int64_t>> who = {
      {"3604", 0}, {"3604", 2 * kDay}, {"3603", -3 * kDay}, {"36", 0}};
  for (size_t i = 0; i < who.size(); ++i) {
    clocks.push_back(std::make_unique<ManualClock>(kT0 + who[i].second));
    writers.push_back(MustOpen(absl::StrCat(dir, "/w", i), who[i].first, clocks.back().get(),
                               /*sync=*/false));
  }
  std::vector<std::string> keys;
  for (int k = 0; k < 5; ++k)
    keys.push_back(RecordKey("3604", 2024, kKindPagu, {absl::StrCat("k", k), "-"}));
  keys.push_back(RecordKey("3603", 2024, kKindPagu, {"k0", "-"}));
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };

  const int steps = 40 + static_cast<int>(pick(40));
  for (int step = 0; step < steps; ++step) {
    for (auto& c : clocks) c->Advance(absl::Milliseconds(static_cast<int64_t>(pick(3))));
    Replica& w = *writers[pick(writers.size())];
    if (pick(10) < 6) {
      const std::string& key = keys[pick(keys.size())];
      auto state = w.NewReadView()->GetKeyState(key);
      ASSERT_TRUE(state.ok());
      const bool can_delete = state->has_value() && (*state)->heads_size() > 0;
      Mutation m{key, absl::StrCat("v", step, "@", w.replica_id())};
      if (can_delete && pick(5) == 0) m.value.reset();
      ASSERT_TRUE(w.Write({m}, "prop").ok());
    } else {
      Replica& from = *writers[pick(writers.size())];
      if (&from == &w) continue;
      auto cursor = from.NewChangeCursor(w.version_vector(), nullptr);
      const size_t max_batches = 1 + pick(3);
      for (size_t b = 0; b < max_batches && !cursor->done(); ++b) {
        v1::ChangeBatch batch;
        ASSERT_TRUE(cursor->Next(1 + pick(6), 1 << 20, &batch).ok());
        auto st = w.Apply(batch);
        ASSERT_TRUE(st.ok()) << st.status();
      }
    }
  }
  History& h = *out;
  std::set<Id> seen;
  for (auto& w : writers) {
    auto cursor = w->NewChangeCursor(VersionVector(), nullptr);
    while (!cursor->done()) {
      v1::ChangeBatch batch;
      EXPECT_TRUE(cursor->Next(1000, 1 << 30, &batch).ok());
      for (const auto& c : batch.changes()) {
        if (seen.insert({c.origin(), c.seq()}).second) {
          h.by_origin[c.origin()].push_back(c);
          h.keys.insert(c.key());
        }
      }
    }
  }
  for (auto& [o, cs] : h.by_origin) {
    std::sort(cs.begin(), cs.end(), [](const auto& a, const auto& b) { return a.seq() < b.seq(); });
  }
}

// What DESIGN.md says the state of each key is, computed from the whole set at once.
struct Expected {
  std::set<Id> heads;
  std::optional<std::string> visible;
};

std::map<std::string, Expected> ReferenceModel(const History& h) {
  std::map<std::string, std::vector<const v1::Change*>> by_key;
  for (const auto& [o, cs] : h.by_origin) {
    for (const auto& c : cs) by_key[c.key()].push_back(&c);
  }
  std::map<std::string, Expected> model;
  for (const auto& [key, changes] : by_key) {
    std::set<Id> named;
    for (const auto* c : changes) {
      for (const auto& b : c->bases()) named.insert({b.origin(), b.seq()});
    }
    Expected e;
    const v1::Change* winner = nullptr;
    for (const auto* c : changes) {
      if (named.count({c->origin(), c->seq()})) continue;
      e.heads.insert({c->origin(), c->seq()});
      if (winner == nullptr ||
          std::forward_as_tuple(winner->hlc(), winner->origin(), winner->seq()) <
              std::forward_as_tuple(c->hlc(), c->origin(), c->seq())) {
        winner = c;
      }
    }
    if (winner != nullptr && !winner->tombstone()) e.visible = winner->value();
    model[key] = e;
  }
  return model;
}

void ExpectMatchesModel(const Replica& r, const std::map<std::string, Expected>& model,
                        const std::function<bool(const std::string&)>& in_scope) {
  auto view = r.NewReadView();
  for (const auto& [key, e] : model) {
    auto state = view->GetKeyState(key);
    ASSERT_TRUE(state.ok());
    if (!in_scope(key)) {
      EXPECT_FALSE(state->has_value()) << "out-of-scope key held: " << key;
      continue;
    }
    ASSERT_TRUE(state->has_value()) << key;
    std::set<Id> heads;
    for (const auto& hd : (*state)->heads()) heads.insert({hd.id().origin(), hd.id().seq()});
    EXPECT_EQ(heads, e.heads) << key;
    auto visible = view->Get(key);
    ASSERT_TRUE(visible.ok());
    EXPECT_EQ(*visible, e.visible) << key;
  }
}

// Delivers the history in a random interleaving of origins (each origin in seq order),
// random batch sizes, with duplicates; optionally closes and reopens the replica between
// batches, checking that nothing acknowledged is lost.
void Feed(const History& h, std::mt19937_64& rng, const std::string& dir,
          std::unique_ptr<Replica>* replica, bool reopen) {
  std::map<std::string, size_t> next;
  std::vector<const v1::Change*> delivered;
  size_t remaining = h.size();
  while (remaining > 0) {
    v1::ChangeBatch batch;
    const size_t size = 1 + rng() % 12;
    while (static_cast<size_t>(batch.changes_size()) < size && remaining > 0) {
      if (!delivered.empty() && rng() % 8 == 0) {
        *batch.add_changes() = *delivered[rng() % delivered.size()];  // Duplicate.
        continue;
      }
      std::vector<const std::string*> open;
      for (const auto& [o, cs] : h.by_origin) {
        if (next[o] < cs.size()) open.push_back(&o);
      }
      const std::string& o = *open[rng() % open.size()];
      const size_t run = 1 + rng() % 3;
      for (size_t i = 0; i < run && next[o] < h.by_origin.at(o).size(); ++i) {
        const v1::Change& c = h.by_origin.at(o)[next[o]++];
        *batch.add_changes() = c;
        delivered.push_back(&c);
        --remaining;
      }
    }
    auto st = (*replica)->Apply(batch);
    ASSERT_TRUE(st.ok()) << st.status();
    if (reopen && rng() % 3 == 0) {
      const VersionVector acked = (*replica)->version_vector();
      const std::string digest = *(*replica)->Digest();
      const std::string satker = (*replica)->satker();
      replica->reset();
      *replica = MustOpen(dir, satker, nullptr, /*sync=*/true);
      ASSERT_NE(*replica, nullptr);
      EXPECT_EQ((*replica)->version_vector(), acked);
      EXPECT_EQ(*(*replica)->Digest(), digest);
    }
  }
}

TEST(ReplicaPropertyTest, SameChangesInAnyOrderGiveIdenticalReplicas) {
  const int seeds = SeedCount();
  for (int seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    testing::TempDir dir;
    std::mt19937_64 rng(seed);
    History h;
    Generate(rng, dir.path(), &h);
    if (::testing::Test::HasFatalFailure()) return;
    const auto model = ReferenceModel(h);
    std::string first_digest;
    for (int r = 0; r < 3; ++r) {
      const std::string path = dir.Sub(absl::StrCat("r", r));
      ManualClock clock(kT0);
      auto replica = MustOpen(path, "RI", &clock, /*sync=*/r == 2);
      Feed(h, rng, path, &replica, /*reopen=*/r == 2);
      if (::testing::Test::HasFatalFailure()) return;
      ExpectMatchesModel(*replica, model, [](const std::string&) { return true; });
      const std::string digest = *replica->Digest();
      if (r == 0) {
        first_digest = digest;
      } else {
        EXPECT_EQ(digest, first_digest) << "replica " << r;
      }
      uint64_t conflicts = 0;
      for (const auto& [k, e] : model) conflicts += e.heads.size() > 1;
      EXPECT_EQ(replica->conflict_count(), conflicts);
    }
  }
}

TEST(ReplicaPropertyTest, ScopedReceiverHoldsExactlyItsScope) {
  const int seeds = SeedCount() / 2 + 1;
  for (int seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    testing::TempDir dir;
    std::mt19937_64 rng(1000 + seed);
    History h;
    Generate(rng, dir.path(), &h);
    if (::testing::Test::HasFatalFailure()) return;
    const auto model = ReferenceModel(h);
    ManualClock clock(kT0);
    auto full = MustOpen(dir.Sub("full"), "36", &clock, false);
    Feed(h, rng, dir.Sub("full"), &full, false);
    const std::string prefix = SatkerPrefix("3604");
    auto in_scope = [&](const std::string& key) { return key.rfind(prefix, 0) == 0; };
    auto office = MustOpen(dir.Sub("office"), "3604", &clock, false);
    // Sessions cut after a random number of batches, each resuming from the office's vector.
    for (int session = 0; session < 100; ++session) {
      auto cursor = full->NewChangeCursor(office->version_vector(),
                                          [&](const v1::Change& c) { return in_scope(c.key()); });
      if (cursor->done()) break;
      const size_t cut_after = 1 + rng() % 3;
      for (size_t b = 0; b < cut_after && !cursor->done(); ++b) {
        v1::ChangeBatch batch;
        ASSERT_TRUE(cursor->Next(1 + rng() % 5, 1 << 20, &batch).ok());
        auto st = office->Apply(batch);
        ASSERT_TRUE(st.ok()) << st.status();
      }
    }
    EXPECT_EQ(office->version_vector(), full->version_vector());
    ExpectMatchesModel(*office, model, in_scope);
  }
}

// A process applying batches with sync is killed at a random moment; every batch it had
// acknowledged is there after restart.
TEST(ReplicaPropertyTest, ApplySurvivesKillWithNothingAcknowledgedLost) {
  for (int seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    testing::TempDir dir;
    std::mt19937_64 rng(5000 + seed);
    History h;
    Generate(rng, dir.path(), &h);
    if (::testing::Test::HasFatalFailure()) return;
    std::vector<const v1::Change*> order;
    for (const auto& [o, cs] : h.by_origin) {
      for (const auto& c : cs) order.push_back(&c);
    }
    const std::string path = dir.Sub("victim");
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      ReplicaOptions options{.satker = "RI"};
      auto r = Replica::Open(path, options);
      if (!r.ok()) _exit(2);
      for (uint32_t i = 0; i < order.size(); ++i) {
        v1::ChangeBatch batch;
        *batch.add_changes() = *order[i];
        if (!(*r)->Apply(batch).ok()) _exit(3);
        if (write(fds[1], &i, sizeof(i)) != sizeof(i)) _exit(4);  // Acknowledge.
      }
      pause();
      _exit(0);
    }
    close(fds[1]);
    const uint32_t kill_after = static_cast<uint32_t>(rng() % order.size());
    uint32_t acked = 0, got;
    bool any = false;
    while (read(fds[0], &got, sizeof(got)) == sizeof(got)) {
      acked = got;
      any = true;
      if (got >= kill_after) break;
    }
    kill(child, SIGKILL);
    int status;
    waitpid(child, &status, 0);
    close(fds[0]);
    ASSERT_TRUE(any);
    auto r = MustOpen(path, "RI", nullptr, true);
    ASSERT_NE(r, nullptr);
    for (uint32_t i = 0; i <= acked; ++i) {
      auto c = r->GetChange(order[i]->origin(), order[i]->seq());
      ASSERT_TRUE(c.ok());
      ASSERT_TRUE(c->has_value()) << "acknowledged change " << i << " lost";
      EXPECT_EQ((*c)->SerializeAsString(), order[i]->SerializeAsString());
    }
  }
}

}  // namespace
}  // namespace kinerja::storage
