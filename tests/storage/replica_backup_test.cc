// Replica::Checkpoint and Replica::OpenAsNewIncarnation (storage/replica_backup.cc): a copy
// taken while writing holds exactly what was committed at one instant, and a restored copy
// writes under a new origin, never reusing a seq of the old one.
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"
#include "storage/replica.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::storage {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

class ReplicaBackupTest : public ::testing::Test {
 protected:
  ReplicaOptions Options(uint64_t incarnation = 0) {
    ReplicaOptions options;
    options.satker = "3604";
    options.clock = &clock_;
    if (incarnation != 0) options.incarnation = incarnation;
    return options;
  }
  static std::string Key(int i) {
    return RecordKey("3604", 2024, kKindPagu, {absl::StrCat(i), "-"});
  }
  static void Put(Replica* r, int i) {
    auto written = r->Write({Mutation{Key(i), absl::StrCat("v", i)}}, "test");
    ASSERT_TRUE(written.ok()) << written.status();
  }

  testing::TempDir dir_;
  ManualClock clock_{kT0};
};

TEST_F(ReplicaBackupTest, CheckpointHoldsWhatWasCommittedWhenItWasTaken) {
  auto r = Replica::Open(dir_.Sub("live"), Options(0xabc));
  ASSERT_TRUE(r.ok()) << r.status();
  for (int i = 0; i < 10; ++i) Put(r->get(), i);
  auto info = (*r)->Checkpoint(dir_.Sub("live/copy"));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->replica_id, (*r)->replica_id());
  EXPECT_EQ(info->satker, "3604");
  EXPECT_EQ(info->changes_held, 10u);
  EXPECT_EQ(info->version_vector.Get((*r)->replica_id()), 10u);
  EXPECT_EQ(info->storage_version, kStorageVersion);
  for (int i = 10; i < 15; ++i) Put(r->get(), i);  // After the copy: not in it.
  // A second checkpoint into an existing directory is refused.
  EXPECT_FALSE((*r)->Checkpoint(dir_.Sub("live/copy")).ok());

  std::filesystem::rename(dir_.Sub("live/copy"), dir_.Sub("restored"));
  std::string previous;
  auto restored = Replica::OpenAsNewIncarnation(dir_.Sub("restored"), Options(), &previous);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(previous, (*r)->replica_id());
  EXPECT_NE((*restored)->replica_id(), (*r)->replica_id());
  EXPECT_EQ((*restored)->satker(), "3604");
  EXPECT_EQ((*restored)->changes_held(), 10u);
  EXPECT_EQ((*restored)->accounted(previous), 10u);
  EXPECT_EQ((*restored)->accounted((*restored)->replica_id()), 0u);
  EXPECT_EQ((*restored)->Digest().value(), [&] {
    // The live replica's state at the copy: its first 10 keys.
    auto other = Replica::Open(dir_.Sub("ten"), Options(0xabc));
    for (int i = 0; i < 10; ++i) Put(other->get(), i);
    return (*other)->Digest().value();
  }());

  // A write at the restored copy is seq 1 of the new origin, never seq 11 of the old one.
  auto written = (*restored)->Write({Mutation{Key(99), "new"}}, "test");
  ASSERT_TRUE(written.ok()) << written.status();
  ASSERT_EQ(written->size(), 1u);
  EXPECT_EQ((*written)[0].origin(), (*restored)->replica_id());
  EXPECT_EQ((*written)[0].seq(), 1u);
  // The live replica holding 15 of the old origin is no regression of the restored one.
  EXPECT_TRUE((*restored)->CheckOwnOrigin("36", 0).ok());
  EXPECT_FALSE((*restored)->own_origin_regression().has_value());

  // The new identity is durable: reopening keeps it.
  const std::string fresh = (*restored)->replica_id();
  restored->reset();
  auto again = Replica::Open(dir_.Sub("restored"), Options());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->replica_id(), fresh);
  EXPECT_EQ((*again)->accounted(fresh), 1u);
}

TEST_F(ReplicaBackupTest, NewIncarnationDropsARecordedRefusal) {
  auto r = Replica::Open(dir_.Sub("live"), Options());
  ASSERT_TRUE(r.ok());
  Put(r->get(), 1);
  // The hub says it holds 5 of our own origin: writing stops (the log went back).
  EXPECT_FALSE((*r)->CheckOwnOrigin("36", 5).ok());
  ASSERT_TRUE((*r)->own_origin_regression().has_value());
  ASSERT_TRUE((*r)->Checkpoint(dir_.Sub("live/copy")).ok());
  std::string previous;
  auto restored = Replica::OpenAsNewIncarnation(dir_.Sub("live/copy"), Options(), &previous);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_FALSE((*restored)->own_origin_regression().has_value());
  EXPECT_TRUE((*restored)->Write({Mutation{Key(2), "x"}}, "t").ok());
}

TEST_F(ReplicaBackupTest, NewIncarnationOfAnEmptyDirectoryIsRefused) {
  std::filesystem::create_directories(dir_.Sub("empty"));
  std::string previous;
  auto restored = Replica::OpenAsNewIncarnation(dir_.Sub("empty"), Options(), &previous);
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Sub("empty")));
}

}  // namespace
}  // namespace kinerja::storage
