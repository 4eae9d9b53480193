#include "daemon/authz/authz.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"

namespace kinerja::daemon {
namespace {

v1::Satker S(const std::string& kode, v1::Tingkat t, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_tingkat(t);
  s.set_induk(induk);
  return s;
}

Registry Banten() {
  return *Registry::Build({S("RI", v1::TINGKAT_NASIONAL, ""), S("36", v1::TINGKAT_PROVINSI, "RI"),
                           S("3604", v1::TINGKAT_KABKOTA, "36"),
                           S("3603", v1::TINGKAT_KABKOTA, "36"),
                           S("51", v1::TINGKAT_PROVINSI, "RI")});
}

v1::Change ChangeOf(const std::string& origin, const std::string& key) {
  v1::Change c;
  c.set_origin(origin);
  c.set_seq(7);
  c.set_key(key);
  return c;
}

TEST(RegistryTest, AncestryAndSubtree) {
  Registry r = Banten();
  EXPECT_TRUE(r.IsSelfOrAncestor("RI", "3604"));
  EXPECT_TRUE(r.IsSelfOrAncestor("3604", "3604"));
  EXPECT_FALSE(r.IsSelfOrAncestor("3603", "3604"));
  EXPECT_FALSE(r.IsSelfOrAncestor("51", "3604"));
  EXPECT_TRUE(r.IsProperAncestor("36", "3604"));
  EXPECT_FALSE(r.IsProperAncestor("3604", "3604"));
  EXPECT_EQ(r.Parent("3604"), "36");
  EXPECT_EQ(r.Children("36"), (std::vector<std::string>{"3603", "3604"}));
  EXPECT_EQ(r.Subtree("36"), (std::vector<std::string>{"36", "3603", "3604"}));
}

TEST(RegistryTest, UnknownParentAndCyclesAreRefused) {
  EXPECT_FALSE(Registry::Build({S("3604", v1::TINGKAT_KABKOTA, "99")}).ok());
  EXPECT_FALSE(
      Registry::Build({S("a", v1::TINGKAT_KABKOTA, "b"), S("b", v1::TINGKAT_KABKOTA, "a")}).ok());
}

TEST(AuthzTest, WriterRule) {
  Registry r = Banten();
  const std::string own = storage::RecordKey("3604", 2024, storage::kKindPagu, {"1", "-"});
  EXPECT_TRUE(CheckWriter(r, "3604", own).ok());
  EXPECT_EQ(CheckWriter(r, "3603", own).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckWriter(r, "36", own).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckWriter(r, "36", storage::CatatanKey("3604", "36", "x")).ok());
  EXPECT_TRUE(CheckWriter(r, "RI", storage::CatatanKey("3604", "RI", "x")).ok());
  EXPECT_FALSE(CheckWriter(r, "51", storage::CatatanKey("3604", "51", "x")).ok());
  EXPECT_TRUE(CheckWriter(r, "RI", storage::ReferenceKey("RI", "satker", {"3604"})).ok());
  EXPECT_TRUE(CheckWriter(r, "36", storage::ReferenceKey("36", "jadwal", {"1"})).ok());
  EXPECT_FALSE(CheckWriter(r, "3604", storage::ReferenceKey("3604", "x", {"1"})).ok());
  EXPECT_FALSE(CheckWriter(r, "9999", storage::RecordKey("9999", 2024, "pagu", {"1"})).ok());
}

TEST(AuthzTest, ScopeOfAnOffice) {
  Registry r = Banten();
  EXPECT_TRUE(InScope(r, "3604", storage::RecordKey("3604", 2024, "pagu", {"1"})));
  EXPECT_TRUE(InScope(r, "3604", storage::ReferenceKey("RI", "satker", {"3603"})));
  EXPECT_TRUE(InScope(r, "3604", storage::ReferenceKey("36", "x", {"1"})));
  EXPECT_TRUE(InScope(r, "3604", storage::CatatanKey("3604", "36", "x")));
  EXPECT_FALSE(InScope(r, "3604", storage::RecordKey("3603", 2024, "pagu", {"1"})));
  EXPECT_FALSE(InScope(r, "3604", storage::CatatanKey("3603", "36", "x")));
  EXPECT_FALSE(InScope(r, "3604", storage::RecordKey("36", 2024, "pagu", {"1"})));
  EXPECT_FALSE(InScope(r, "3604", storage::ReferenceKey("51", "x", {"1"})));
  EXPECT_TRUE(InScope(r, "36", storage::RecordKey("3603", 2024, "pagu", {"1"})));
}

TEST(AuthzTest, ReceivedFromChildMustOriginateInItsSubtree) {
  Registry r = Banten();
  const std::string key = storage::RecordKey("3604", 2024, "pagu", {"1"});
  EXPECT_TRUE(
      CheckReceived(r, "36", "3604", Direction::kFromChild, ChangeOf("3604.000000000001", key))
          .ok());
  EXPECT_TRUE(
      CheckReceived(r, "RI", "36", Direction::kFromChild, ChangeOf("3604.000000000001", key)).ok());
  absl::Status st =
      CheckReceived(r, "36", "3603", Direction::kFromChild, ChangeOf("3604.000000000001", key));
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(st.message().find("3604.000000000001#7"), absl::string_view::npos);
}

TEST(AuthzTest, OriginMustBeAReplicaId) {
  EXPECT_TRUE(IsReplicaId("3604.00000000abcd"));
  EXPECT_FALSE(IsReplicaId("3604"));
  EXPECT_FALSE(IsReplicaId("3604."));
  EXPECT_FALSE(IsReplicaId(".00000000abcd"));
  EXPECT_FALSE(IsReplicaId("3604.00000000ABCD"));
  EXPECT_FALSE(IsReplicaId("3604.0000000abcd"));
  Registry r = Banten();
  absl::Status st =
      CheckReceived(r, "36", "3604", Direction::kFromChild,
                    ChangeOf("3604", storage::RecordKey("3604", 2024, "pagu", {"1"})));
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(st.message().find("change 3604#7"), absl::string_view::npos);
}

v1::OriginRange RangeOf(const std::string& origin) {
  v1::OriginRange range;
  range.set_origin(origin);
  range.set_first(83);
  range.set_last(1000);
  return range;
}

TEST(AuthzTest, RangesPassTheRulesOfTheirOrigin) {
  Registry r = Banten();
  EXPECT_TRUE(
      CheckReceivedRange(r, "3604", Direction::kFromChild, RangeOf("3604.00000000abcd")).ok());
  EXPECT_TRUE(
      CheckReceivedRange(r, "36", Direction::kFromChild, RangeOf("3604.00000000abcd")).ok());
  // From the parent a scoped receiver is told of any known origin.
  EXPECT_TRUE(
      CheckReceivedRange(r, "36", Direction::kFromParent, RangeOf("3603.00000000abcd")).ok());
  EXPECT_TRUE(CheckReceivedRange(r, "36", Direction::kFromParent, RangeOf("RI.00000000abcd")).ok());

  for (const char* origin : {"3603.00000000abcd", "RI.00000000abcd", "51.00000000abcd"}) {
    absl::Status st = CheckReceivedRange(r, "3604", Direction::kFromChild, RangeOf(origin));
    EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << origin;
    EXPECT_NE(st.message().find(absl::StrCat(origin, " [83, 1000]")), absl::string_view::npos)
        << st;
  }
  EXPECT_EQ(
      CheckReceivedRange(r, "36", Direction::kFromParent, RangeOf("9999.00000000abcd")).code(),
      absl::StatusCode::kPermissionDenied);  // Unknown satker.
  EXPECT_EQ(CheckReceivedRange(r, "3604", Direction::kFromChild, RangeOf("3604")).code(),
            absl::StatusCode::kPermissionDenied);  // No incarnation.
}

}  // namespace
}  // namespace kinerja::daemon
