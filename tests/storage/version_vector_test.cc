#include "storage/version_vector.h"

#include "gtest/gtest.h"

namespace kinerja::storage {
namespace {

TEST(VersionVectorTest, GetSetRaise) {
  VersionVector vv;
  EXPECT_EQ(vv.Get("a"), 0u);
  vv.Set("a", 5);
  vv.Raise("a", 3);
  EXPECT_EQ(vv.Get("a"), 5u);
  vv.Raise("a", 9);
  EXPECT_EQ(vv.Get("a"), 9u);
  vv.Set("a", 0);
  EXPECT_TRUE(vv.empty());
}

TEST(VersionVectorTest, DominatesAndCountAhead) {
  VersionVector a, b;
  a.Set("x", 5);
  a.Set("y", 2);
  b.Set("x", 3);
  EXPECT_TRUE(a.Dominates(b));
  EXPECT_FALSE(b.Dominates(a));
  EXPECT_EQ(a.CountAhead(b), 4u);  // x: 4,5; y: 1,2.
  EXPECT_EQ(b.CountAhead(a), 0u);
}

TEST(VersionVectorTest, ProtoRoundTripIsSortedByOrigin) {
  VersionVector vv;
  vv.Set("b", 2);
  vv.Set("a", 1);
  const v1::VersionVector proto = vv.ToProto();
  ASSERT_EQ(proto.entries_size(), 2);
  EXPECT_EQ(proto.entries(0).origin(), "a");
  EXPECT_EQ(VersionVector::FromProto(proto), vv);
  EXPECT_EQ(vv.DebugString(), "a:1,b:2");
}

}  // namespace
}  // namespace kinerja::storage
