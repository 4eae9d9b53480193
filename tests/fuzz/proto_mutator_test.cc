#include "tests/fuzz/proto_mutator.h"

#include <cstdint>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "tests/fuzz/fuzz_session.pb.h"

namespace kinerja::fuzz {
namespace {

// A session of one Hello and one batch of two changes, the shape a real session has.
FuzzSession SmallSession() {
  FuzzSession s;
  v1::SyncHello* hello = s.add_messages()->mutable_hello();
  hello->set_node("3604");
  hello->set_replica_id("3604.000000003604");
  hello->set_protocol_version(1);
  v1::ChangeBatch* batch = s.add_messages()->mutable_batch()->mutable_batch();
  for (uint64_t seq : {3, 4}) {
    v1::Change* c = batch->add_changes();
    c->set_origin("3604.000000003604");
    c->set_seq(seq);
    c->set_key("3604/2024/pagu/A3/-");
    c->set_value("value");
  }
  return s;
}

TEST(ProtoMutatorTest, MutationChangesTheMessage) {
  int changed = 0;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    FuzzSession s = SmallSession();
    const std::string before = s.SerializeAsString();
    ProtoMutator(seed).Mutate(&s, 1 << 20);
    if (s.SerializeAsString() != before) ++changed;
  }
  // A retried mutation may still change nothing (a swap of equal elements, a copy of the same
  // value), but rarely.
  EXPECT_GE(changed, 480);
}

TEST(ProtoMutatorTest, SameSeedSameMutation) {
  FuzzSession a = SmallSession();
  FuzzSession b = SmallSession();
  ProtoMutator(42).Mutate(&a, 1 << 20);
  ProtoMutator(42).Mutate(&b, 1 << 20);
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
}

TEST(ProtoMutatorTest, NeverGrowsPastTheLimit) {
  FuzzSession s = SmallSession();
  const size_t limit = s.ByteSizeLong() + 16;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    ProtoMutator(seed).Mutate(&s, limit);
    ASSERT_LE(s.ByteSizeLong(), limit) << "seed " << seed;
  }
}

// proto3 refuses a string field that is not UTF-8: every mutant must parse back, or the
// target would see none of it.
TEST(ProtoMutatorTest, MutantsStillParse) {
  FuzzSession s = SmallSession();
  for (uint64_t seed = 0; seed < 5000; ++seed) {
    ProtoMutator(seed).Mutate(&s, 4096);
    FuzzSession back;
    ASSERT_TRUE(back.ParseFromString(s.SerializeAsString())) << "seed " << seed;
  }
}

// From an empty session, mutations alone reach every kind of message and the nested fields of
// a change: the mutator sets unset messages, adds elements and mutates strings and integers.
TEST(ProtoMutatorTest, ReachesNestedFieldsFromNothing) {
  FuzzSession s;
  std::set<int> kinds;
  bool change_with_key = false, change_with_seq = false, range = false;
  for (uint64_t seed = 0; seed < 20000; ++seed) {
    ProtoMutator(seed).Mutate(&s, 4096);
    for (const v1::SyncMessage& m : s.messages()) {
      kinds.insert(m.kind_case());
      for (const v1::Change& c : m.batch().batch().changes()) {
        change_with_key |= !c.key().empty();
        change_with_seq |= c.seq() != 0;
      }
      range |= m.batch().batch().covered_size() > 0;
    }
  }
  EXPECT_TRUE(kinds.count(v1::SyncMessage::kHello));
  EXPECT_TRUE(kinds.count(v1::SyncMessage::kBatch));
  EXPECT_TRUE(kinds.count(v1::SyncMessage::kAck));
  EXPECT_TRUE(kinds.count(v1::SyncMessage::kDone));
  EXPECT_TRUE(change_with_key);
  EXPECT_TRUE(change_with_seq);
  EXPECT_TRUE(range);
}

// Strings are copied between fields: a key can become an origin, as a forged change would.
TEST(ProtoMutatorTest, CopiesValuesBetweenFields) {
  bool origin_is_node = false;
  for (uint64_t seed = 0; seed < 5000 && !origin_is_node; ++seed) {
    FuzzSession s = SmallSession();
    ProtoMutator(seed).Mutate(&s, 1 << 20);
    for (const v1::Change& c : s.messages(1).batch().batch().changes()) {
      origin_is_node |= c.origin() == "3604";
    }
  }
  EXPECT_TRUE(origin_is_node);
}

TEST(ProtoMutatorTest, CrossOverTakesFromBothSides) {
  FuzzSession a = SmallSession();
  FuzzSession b;
  b.add_messages()->mutable_done()->set_batches(7);
  bool mixed = false;
  for (uint64_t seed = 0; seed < 200 && !mixed; ++seed) {
    FuzzSession c = a;
    ProtoMutator(seed).CrossOver(b, &c);
    bool has_a = false, has_b = false;
    for (const v1::SyncMessage& m : c.messages()) {
      has_a |= m.has_hello();
      has_b |= m.has_done() && m.done().batches() == 7;
    }
    mixed = has_a && has_b;
  }
  EXPECT_TRUE(mixed);
}

}  // namespace
}  // namespace kinerja::fuzz
