// The replica on a failing disk: a full disk refuses a write whole and, once space returns,
// the next write succeeds without a restart; counters that `status` shows survive a reopen.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/derived_rows.h"
#include "storage/entity_key.h"
#include "storage/replica.h"
#include "storage/staged_import.h"
#include "tests/testing/power_loss_fs.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::storage {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kT0 = 1'700'000'000'000;

// Reads of the store's table files fail while `failing` is set, as on a disk with bad sectors.
class FailingReadsFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingReadsFileSystem(std::shared_ptr<rocksdb::FileSystem> target)
      : FileSystemWrapper(std::move(target)) {}
  static const char* kClassName() { return "FailingReadsFileSystem"; }
  const char* Name() const override { return kClassName(); }

  void SetFailing(bool failing) { failing_ = failing; }

  rocksdb::IOStatus NewRandomAccessFile(const std::string& fname,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* dbg) override {
    std::unique_ptr<rocksdb::FSRandomAccessFile> file;
    rocksdb::IOStatus s = target()->NewRandomAccessFile(fname, options, &file, dbg);
    if (s.ok()) result->reset(new File(std::move(file), &failing_));
    return s;
  }

 private:
  class File final : public rocksdb::FSRandomAccessFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSRandomAccessFile> target, const std::atomic<bool>* failing)
        : FSRandomAccessFileOwnerWrapper(std::move(target)), failing_(failing) {}
    rocksdb::IOStatus Read(uint64_t offset, size_t n, const rocksdb::IOOptions& options,
                           rocksdb::Slice* result, char* scratch,
                           rocksdb::IODebugContext* dbg) const override {
      if (*failing_) return rocksdb::IOStatus::IOError("bad sector");
      return FSRandomAccessFileOwnerWrapper::Read(offset, n, options, result, scratch, dbg);
    }
    rocksdb::IOStatus MultiRead(rocksdb::FSReadRequest* reqs, size_t num_reqs,
                                const rocksdb::IOOptions& options,
                                rocksdb::IODebugContext* dbg) override {
      if (*failing_) return rocksdb::IOStatus::IOError("bad sector");
      return FSRandomAccessFileOwnerWrapper::MultiRead(reqs, num_reqs, options, dbg);
    }

   private:
    const std::atomic<bool>* failing_;
  };

  std::atomic<bool> failing_{false};
};

// Keeps one derived row, "count", rewritten on every visible change without reading it first.
class BlindCounter final : public VisibleObserver {
 public:
  absl::Status OnVisibleChange(absl::string_view key, const std::string* before,
                               const std::string* after, DerivedRows* rows) override {
    rows->Put("count", std::string(key));
    return absl::OkStatus();
  }
};

// Refuses the key named `cut` after filling the disk, so that the import's commit fails midway
// and its rollback cannot be written either: as a process cut mid-commit leaves it.
class CutMidCommit final : public VisibleObserver {
 public:
  CutMidCommit(testing::PowerLossFileSystem* fs, std::string cut) : fs_(fs), cut_(std::move(cut)) {}
  absl::Status OnVisibleChange(absl::string_view key, const std::string*, const std::string*,
                               DerivedRows*) override {
    if (key != cut_) return absl::OkStatus();
    fs_->SetDiskFull(true);
    return absl::OutOfRangeError(absl::StrCat("cut at ", key));
  }

 private:
  testing::PowerLossFileSystem* const fs_;
  const std::string cut_;
};

class ReplicaFaultsTest : public ::testing::Test {
 protected:
  static std::string Key(const std::string& id) {
    return RecordKey("3604", 2024, kKindPagu, {id, "-"});
  }

  testing::TempDir dir_;
  ManualClock clock_{kT0};
  // A disk that fills on demand (SetDiskFull), for the tests of a full disk.
  std::shared_ptr<testing::PowerLossFileSystem> full_disk_ =
      std::make_shared<testing::PowerLossFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> full_disk_env_ = testing::NewEnvOver(full_disk_);
};

TEST_F(ReplicaFaultsTest, FullDiskRefusesTheWriteWholeAndWritesAgainOnceSpaceReturns) {
  auto& fs = full_disk_;
  auto& env = full_disk_env_;
  {
    auto r = Replica::Open(dir_.Sub("a"),
                           ReplicaOptions{.satker = "3604", .clock = &clock_, .env = env.get()});
    ASSERT_TRUE(r.ok()) << r.status();
    Replica& replica = **r;
    ASSERT_TRUE(replica.Write({Mutation{Key("1"), "before"}}, "test").ok());

    fs->SetDiskFull(true);
    auto refused = replica.Write({Mutation{Key("2"), "a"}, Mutation{Key("3"), "b"}}, "test");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted) << refused.status();
    EXPECT_THAT(refused.status().message(), HasSubstr("disk full"));
    EXPECT_EQ(replica.accounted(replica.replica_id()), 1u);
    EXPECT_EQ(*replica.NewReadView()->Get(Key("2")), std::nullopt);
    auto still = replica.Write({Mutation{Key("2"), "a"}}, "test");  // The disk is still full.
    EXPECT_EQ(still.status().code(), absl::StatusCode::kResourceExhausted) << still.status();

    fs->SetDiskFull(false);
    auto again = replica.Write({Mutation{Key("2"), "a"}, Mutation{Key("3"), "b"}}, "test");
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ((*again)[0].seq(), 2u);
    EXPECT_EQ(replica.accounted(replica.replica_id()), 3u);
  }
  auto reopened = Replica::Open(dir_.Sub("a"), ReplicaOptions{.clock = &clock_, .env = env.get()});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*(*reopened)->NewReadView()->Get(Key("1")), "before");
  EXPECT_EQ(*(*reopened)->NewReadView()->Get(Key("3")), "b");
  EXPECT_EQ((*reopened)->accounted((*reopened)->replica_id()), 3u);
}

// An import stages its records before it commits: a write to the staging that fails for lack
// of space must not leave the store refusing every later write either.
TEST_F(ReplicaFaultsTest, FullDiskDuringAnImportsStagingIsResumedOnceSpaceReturns) {
  auto& fs = full_disk_;
  auto& env = full_disk_env_;
  auto r = Replica::Open(dir_.Sub("a"),
                         ReplicaOptions{.satker = "3604", .clock = &clock_, .env = env.get()});
  ASSERT_TRUE(r.ok()) << r.status();
  Replica& replica = **r;
  ASSERT_TRUE(replica.Write({Mutation{Key("1"), "before"}}, "test").ok());

  // The staging goes first, before any commit: the disk fills under it.
  ASSERT_TRUE(replica.Write({Mutation{Key("9"), "fills the WAL"}}, "test").ok());
  fs->SetDiskFull(true);
  {
    std::unique_ptr<StagedImport> staged = replica.BeginImport();
    ASSERT_TRUE(staged->Stage(Key("2"), "a").ok());
    auto refused = staged->Commit("import (a.csv)");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted) << refused.status();
  }
  EXPECT_EQ(replica.accounted(replica.replica_id()), 2u);

  fs->SetDiskFull(false);
  std::unique_ptr<StagedImport> staged = replica.BeginImport();
  ASSERT_TRUE(staged->Stage(Key("2"), "a").ok());
  auto committed = staged->Commit("import (a.csv)");
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->created, 1u);
  EXPECT_EQ(*replica.NewReadView()->Get(Key("2")), "a");
  EXPECT_EQ(replica.accounted(replica.replica_id()), 3u);
}

// A derived row that cannot be read must fail the batch, not be taken for absent: Put and
// Delete return no status, so the batch keeps the read error and reports it.
TEST_F(ReplicaFaultsTest, ADerivedRowThatCannotBeReadFailsTheWrite) {
  auto fs = std::make_shared<FailingReadsFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  BlindCounter counter;
  ReplicaOptions options{.satker = "3604", .clock = &clock_, .env = env.get()};
  options.observer = &counter;
  {
    auto r = Replica::Open(dir_.Sub("a"), options);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE((*r)->Write({Mutation{Key("1"), "one"}}, "test").ok());
  }
  auto r = Replica::Open(dir_.Sub("a"), options);  // The rows are now in table files.
  ASSERT_TRUE(r.ok()) << r.status();
  fs->SetFailing(true);
  auto written = (*r)->Write({Mutation{Key("2"), "two"}}, "test");
  fs->SetFailing(false);
  EXPECT_FALSE(written.ok());
  EXPECT_THAT(written.status().message(), HasSubstr("bad sector"));
  EXPECT_EQ((*r)->accounted((*r)->replica_id()), 1u);
  EXPECT_EQ(*(*r)->NewReadView()->Get(Key("2")), std::nullopt);
}

// An import's commit writes batch after batch; one cut midway, before it could be undone,
// is rolled back when the replica next opens: nothing of the import is held, no seq is used.
TEST_F(ReplicaFaultsTest, AnImportCutMidCommitIsRolledBackAtOpen) {
  auto& fs = full_disk_;
  auto& env = full_disk_env_;
  auto id = [](int i) { return absl::StrCat(100000 + i); };
  CutMidCommit cut(fs.get(), Key(id(9000)));  // In the third batch of 4,096.
  ReplicaOptions options{.satker = "3604", .clock = &clock_, .env = env.get()};
  options.observer = &cut;
  {
    auto r = Replica::Open(dir_.Sub("a"), options);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE((*r)->Write({Mutation{Key("before"), "kept"}}, "test").ok());
    std::unique_ptr<StagedImport> staged = (*r)->BeginImport();
    for (int i = 0; i < 10000; ++i) {
      ASSERT_TRUE(staged->Stage(Key(id(i)), absl::StrCat("value ", i)).ok());
    }
    auto committed = staged->Commit("import (big.csv)");
    ASSERT_FALSE(committed.ok());
    EXPECT_THAT(committed.status().message(), HasSubstr("undoing it failed too"));
  }
  fs->SetDiskFull(false);
  auto reopened = Replica::Open(dir_.Sub("a"), options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  Replica& replica = **reopened;
  EXPECT_EQ(replica.accounted(replica.replica_id()), 1u);
  EXPECT_EQ(replica.changes_held(), 1u);
  EXPECT_EQ(*replica.NewReadView()->Get(Key(id(0))), std::nullopt);
  EXPECT_EQ(*replica.NewReadView()->Get(Key("before")), "kept");
  auto next = replica.Write({Mutation{Key(id(0)), "after"}}, "test");
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ((*next)[0].seq(), 2u);
}

TEST_F(ReplicaFaultsTest, ClockSkewCountSurvivesReopen) {
  ManualClock fast_clock(kT0 + 3LL * 86'400'000);
  auto fast =
      Replica::Open(dir_.Sub("fast"), ReplicaOptions{.satker = "3604", .clock = &fast_clock});
  ASSERT_TRUE(fast.ok());
  ASSERT_TRUE((*fast)->Write({Mutation{Key("1"), "from the future"}}, "test").ok());
  {
    auto hub = Replica::Open(dir_.Sub("hub"), ReplicaOptions{.satker = "36", .clock = &clock_});
    ASSERT_TRUE(hub.ok());
    auto cursor = (*fast)->NewChangeCursor((*hub)->version_vector(), nullptr);
    v1::ChangeBatch batch;
    ASSERT_TRUE(cursor->Next(100, 1 << 20, &batch).ok());
    ASSERT_TRUE((*hub)->Apply(batch).ok());
    ASSERT_EQ((*hub)->clock_skew_events(), 1u);
  }
  auto hub = Replica::Open(dir_.Sub("hub"), ReplicaOptions{.clock = &clock_});
  ASSERT_TRUE(hub.ok());
  EXPECT_EQ((*hub)->clock_skew_events(), 1u);
}

// The WAL files of the store in `dir`, by name.
std::vector<std::string> WalFiles(const std::string& dir) {
  std::vector<std::string> wals;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log") wals.push_back(entry.path().string());
  }
  std::sort(wals.begin(), wals.end());
  return wals;
}

// Writes `n` changes, one per sync'ed write, to a new replica in `dir` and closes it.
void WriteAndClose(const std::string& dir, PhysicalClock* clock, int n) {
  auto r = Replica::Open(dir, ReplicaOptions{.satker = "3604", .clock = clock});
  ASSERT_TRUE(r.ok()) << r.status();
  for (int i = 1; i <= n; ++i) {
    ASSERT_TRUE((*r)->Write({Mutation{RecordKey("3604", 2024, kKindPagu, {absl::StrCat(i), "-"}),
                                      std::string(200, 'x')}},
                            "test")
                    .ok());
  }
}

TEST_F(ReplicaFaultsTest, TruncatedWalIsNamedAtOpenWithWhatWasDropped) {
  const std::string dir = dir_.Sub("a");
  WriteAndClose(dir, &clock_, 10);
  std::vector<std::string> wals = WalFiles(dir);
  ASSERT_EQ(wals.size(), 1u);
  const uintmax_t size = std::filesystem::file_size(wals[0]);
  std::filesystem::resize_file(wals[0], size / 2);

  auto r = Replica::Open(dir, ReplicaOptions{.clock = &clock_});
  ASSERT_TRUE(r.ok()) << r.status();
  const uint64_t kept = (*r)->accounted((*r)->replica_id());
  EXPECT_LT(kept, 10u);
  const std::string& report = (*r)->recovery_report();
  EXPECT_THAT(report, HasSubstr(std::filesystem::path(wals[0]).filename().string()));
  EXPECT_THAT(report, HasSubstr("dropped"));
  EXPECT_THAT(report, HasSubstr("bytes"));
}

TEST_F(ReplicaFaultsTest, GarbageInTheWalIsNamedAtOpenWithWhatWasDropped) {
  const std::string dir = dir_.Sub("a");
  WriteAndClose(dir, &clock_, 10);
  std::vector<std::string> wals = WalFiles(dir);
  ASSERT_EQ(wals.size(), 1u);
  const uintmax_t size = std::filesystem::file_size(wals[0]);
  {
    std::fstream f(wals[0], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    std::mt19937 rng(7);
    for (int i = 0; i < 100; ++i) f.put(static_cast<char>(rng()));
  }
  auto r = Replica::Open(dir, ReplicaOptions{.clock = &clock_});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_LT((*r)->accounted((*r)->replica_id()), 10u);
  EXPECT_THAT((*r)->recovery_report(), HasSubstr("dropped"));
}

TEST_F(ReplicaFaultsTest, IntactWalReportsNothing) {
  const std::string dir = dir_.Sub("a");
  WriteAndClose(dir, &clock_, 10);
  auto r = Replica::Open(dir, ReplicaOptions{.clock = &clock_});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->accounted((*r)->replica_id()), 10u);
  EXPECT_EQ((*r)->recovery_report(), "");
}

}  // namespace
}  // namespace kinerja::storage
