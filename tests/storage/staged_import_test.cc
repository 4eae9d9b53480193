// StagedImport (storage/staged_import.h): a commit in several batches is one write; a failure
// in a later batch undoes the earlier ones; leftover staging is dropped at open.
#include "storage/staged_import.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/replica.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::storage {
namespace {

// Counts visible changes in a derived row; refuses the key named `refuse`.
class CountingObserver final : public VisibleObserver {
 public:
  absl::Status OnVisibleChange(absl::string_view key, const std::string*, const std::string*,
                               DerivedRows* rows) override {
    if (key == refuse) return absl::OutOfRangeError(absl::StrCat("refused ", key));
    auto row = rows->Get("count");
    if (!row.ok()) return row.status();
    rows->Put("count", absl::StrCat(row->has_value() ? std::stoi(**row) + 1 : 1));
    return absl::OkStatus();
  }
  std::string refuse;
};

class StagedImportTest : public ::testing::Test {
 protected:
  void Open() {
    replica_.reset();
    ReplicaOptions options;
    options.satker = "3604";
    options.sync = false;
    options.observer = &observer_;
    options.incarnation = 1;
    auto replica = Replica::Open(dir_.Sub("r"), options);
    ASSERT_TRUE(replica.ok()) << replica.status();
    replica_ = *std::move(replica);
  }
  static std::string Key(int i) { return absl::StrCat("3604/2024/pagu/", 100000 + i, "/-"); }

  // Stages n records.
  std::unique_ptr<StagedImport> Staged(int n) {
    std::unique_ptr<StagedImport> staged = replica_->BeginImport();
    for (int i = 0; i < n; ++i) {
      EXPECT_FALSE(staged->Claim(Key(i), i + 2)->has_value());
      EXPECT_TRUE(staged->Stage(Key(i), absl::StrCat("value ", i)).ok());
    }
    return staged;
  }

  testing::TempDir dir_;
  CountingObserver observer_;
  std::unique_ptr<Replica> replica_;
};

TEST_F(StagedImportTest, ACommitOfManyBatchesIsWholeAndCountsExactly) {
  Open();
  auto counts = Staged(10000)->Commit("test");
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(counts->created, 10000u);
  EXPECT_EQ(replica_->changes_held(), 10000u);
  EXPECT_EQ(replica_->accounted(replica_->replica_id()), 10000u);
  auto count = replica_->NewReadView()->GetDerived("count");
  ASSERT_TRUE(count.ok() && count->has_value());
  EXPECT_EQ(**count, "10000");
}

// The observer refuses a key in the third batch (a sum past int64, say): the two batches
// already written are undone, so nothing of the import is held.
TEST_F(StagedImportTest, ARefusalInALaterBatchUndoesTheEarlierOnes) {
  Open();
  ASSERT_TRUE(replica_->Write({Mutation{Key(5), "before"}}, "test").ok());
  auto digest_before = replica_->Digest();
  observer_.refuse = Key(9000);
  auto counts = Staged(10000)->Commit("test");
  EXPECT_EQ(counts.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(replica_->changes_held(), 1u);
  EXPECT_EQ(replica_->accounted(replica_->replica_id()), 1u);
  EXPECT_EQ(replica_->feed_head(), 1u);
  EXPECT_EQ(*replica_->Digest(), *digest_before);
  EXPECT_EQ(**replica_->NewReadView()->GetDerived("count"), "1");
  auto value = replica_->NewReadView()->Get(Key(5));
  EXPECT_EQ(**value, "before");
  EXPECT_FALSE(replica_->GetChange(replica_->replica_id(), 2)->has_value());
  // The next write takes seq 2, as if the import had never been.
  auto written = replica_->Write({Mutation{Key(6), "next"}}, "test");
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ((*written)[0].seq(), 2u);
  Open();  // And nothing is left to roll back at open.
  EXPECT_EQ(replica_->changes_held(), 2u);
}

// Staging left by a process that stopped mid-import is dropped when the replica opens: a new
// import (whose ids start again at 1) finds no earlier claims.
TEST_F(StagedImportTest, LeftoverStagingIsDroppedAtOpen) {
  Open();
  std::unique_ptr<StagedImport> staged = Staged(100);
  ASSERT_EQ(staged->id(), 1u);
  staged->Abandon();
  staged.reset();
  Open();
  std::unique_ptr<StagedImport> next = replica_->BeginImport();
  ASSERT_EQ(next->id(), 1u);
  auto claimed = next->Claim(Key(0), 2);
  ASSERT_TRUE(claimed.ok());
  EXPECT_FALSE(claimed->has_value());
  auto counts = next->Commit("test");
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->created, 0u);
  EXPECT_EQ(replica_->changes_held(), 0u);
}

TEST_F(StagedImportTest, ADiscardedImportChangesNothing) {
  Open();
  Staged(100).reset();
  EXPECT_EQ(replica_->changes_held(), 0u);
  EXPECT_FALSE(replica_->NewReadView()->Get(Key(0))->has_value());
}

}  // namespace
}  // namespace kinerja::storage
