#include "storage/key_state.h"

#include <set>
#include <utility>

#include "gtest/gtest.h"

namespace kinerja::storage {
namespace {

v1::Change MakeChange(const std::string& origin, uint64_t seq, uint64_t hlc,
                      const std::string& value,
                      std::vector<std::pair<std::string, uint64_t>> bases = {},
                      bool tombstone = false) {
  v1::Change c;
  c.set_origin(origin);
  c.set_seq(seq);
  c.set_hlc(hlc);
  c.set_key("3604/2024/pagu/1/-");
  if (tombstone) {
    c.set_tombstone(true);
  } else {
    c.set_value(value);
  }
  for (auto& [o, s] : bases) {
    auto* b = c.add_bases();
    b->set_origin(o);
    b->set_seq(s);
  }
  return c;
}

// Accounts for exactly the ids folded so far (what a version vector would say here).
struct Held {
  std::set<std::pair<std::string, uint64_t>> ids;
  bool operator()(const v1::ChangeId& id) const { return ids.count({id.origin(), id.seq()}) > 0; }
};

FoldResult Fold(const v1::Change& c, Held* held, v1::KeyState* state) {
  FoldResult r = FoldChange(c, *held, state);
  held->ids.insert({c.origin(), c.seq()});
  return r;
}

std::vector<std::string> HeadIds(const v1::KeyState& s) {
  std::vector<std::string> out;
  for (const auto& h : s.heads())
    out.push_back(h.id().origin() + "#" + std::to_string(h.id().seq()));
  return out;
}

TEST(KeyStateTest, FirstChangeIsTheOnlyHeadAndVisible) {
  v1::KeyState s;
  Held held;
  FoldResult r = Fold(MakeChange("a", 1, 10, "v1"), &held, &s);
  EXPECT_TRUE(r.is_head);
  EXPECT_TRUE(r.winner_changed);
  EXPECT_FALSE(r.needs_winner_value);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"a#1"}));
  EXPECT_TRUE(IsVisible(s));
  EXPECT_EQ(s.value(), "v1");
}

TEST(KeyStateTest, ChangeSupersedesExactlyItsBases) {
  v1::KeyState s;
  Held held;
  Fold(MakeChange("a", 1, 10, "v1"), &held, &s);
  Fold(MakeChange("a", 2, 11, "v2", {{"a", 1}}), &held, &s);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"a#2"}));
  EXPECT_EQ(s.value(), "v2");
}

TEST(KeyStateTest, ConcurrentWritesMakeAConflictWonByGreatestHlc) {
  v1::KeyState s;
  Held held;
  Fold(MakeChange("a", 1, 10, "base"), &held, &s);
  Fold(MakeChange("b", 1, 30, "from b", {{"a", 1}}), &held, &s);
  FoldResult r = Fold(MakeChange("a", 2, 20, "from a", {{"a", 1}}), &held, &s);
  EXPECT_TRUE(r.is_head);
  EXPECT_FALSE(r.winner_changed);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"a#2", "b#1"}));
  EXPECT_EQ(s.value(), "from b");
  // A resolution names both heads.
  Fold(MakeChange("a", 3, 40, "merged", {{"a", 2}, {"b", 1}}), &held, &s);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"a#3"}));
  EXPECT_EQ(s.value(), "merged");
}

TEST(KeyStateTest, HlcTieIsBrokenByOrigin) {
  v1::KeyState s;
  Held held;
  Fold(MakeChange("b", 1, 10, "from b"), &held, &s);
  Fold(MakeChange("a", 1, 10, "from a"), &held, &s);
  EXPECT_EQ(s.value(), "from b");
}

TEST(KeyStateTest, ChangeArrivingAfterItsSuccessorNeverBecomesHead) {
  v1::KeyState s;
  Held held;
  // y (origin b) was written over x (origin a) but arrives first.
  Fold(MakeChange("b", 1, 20, "y", {{"a", 1}}), &held, &s);
  ASSERT_EQ(s.pending_bases_size(), 1);
  FoldResult r = Fold(MakeChange("a", 1, 10, "x"), &held, &s);
  EXPECT_FALSE(r.is_head);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"b#1"}));
  EXPECT_EQ(s.pending_bases_size(), 0);
  EXPECT_EQ(s.value(), "y");
}

TEST(KeyStateTest, LateChangeStillRemovesItsOwnBases) {
  v1::KeyState s;
  Held held;
  // w <- x <- y; w and y arrive before x; y names only x.
  Fold(MakeChange("a", 1, 10, "w"), &held, &s);
  Fold(MakeChange("c", 1, 30, "y", {{"b", 1}}), &held, &s);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"a#1", "c#1"}));
  Fold(MakeChange("b", 1, 20, "x", {{"a", 1}}), &held, &s);
  EXPECT_EQ(HeadIds(s), (std::vector<std::string>{"c#1"}));
}

TEST(KeyStateTest, WinnerSupersededByLowerHlcChangeAsksForOlderHeadValue) {
  v1::KeyState s;
  Held held;
  Fold(MakeChange("a", 1, 50, "a1"), &held, &s);
  Fold(MakeChange("b", 1, 40, "b1"), &held, &s);
  ASSERT_EQ(s.value(), "a1");
  // c (slow clock) supersedes only a#1; b#1 (hlc 40) now wins over c#1 (hlc 5).
  FoldResult r = Fold(MakeChange("c", 1, 5, "c1", {{"a", 1}}), &held, &s);
  EXPECT_TRUE(r.winner_changed);
  EXPECT_TRUE(r.needs_winner_value);
  EXPECT_EQ(Winner(s)->id().origin(), "b");
}

TEST(KeyStateTest, TombstoneWinnerHidesValue) {
  v1::KeyState s;
  Held held;
  Fold(MakeChange("a", 1, 10, "v"), &held, &s);
  Fold(MakeChange("a", 2, 11, "", {{"a", 1}}, /*tombstone=*/true), &held, &s);
  EXPECT_FALSE(IsVisible(s));
  EXPECT_EQ(s.heads_size(), 1);
  EXPECT_TRUE(s.value().empty());
}

}  // namespace
}  // namespace kinerja::storage
