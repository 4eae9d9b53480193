// PowerLossFileSystem on its own: what a power loss keeps and drops, crash points, a full disk,
// I/O errors and a damaged WAL tail.
#include "tests/testing/power_loss_fs.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/file_system.h"

namespace kinerja::testing {
namespace {

constexpr char kDir[] = "/power-loss-test";

class PowerLossFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs_->CreateDirIfMissing(kDir, io_, nullptr).ok());
    ASSERT_TRUE(fs_->NewDirectory(kDir, io_, &dir_, nullptr).ok());
  }
  void TearDown() override { dir_.reset(); }

  static std::string Path(const std::string& name) { return std::string(kDir) + "/" + name; }

  std::unique_ptr<rocksdb::FSWritableFile> Create(const std::string& name) {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    EXPECT_TRUE(fs_->NewWritableFile(Path(name), rocksdb::FileOptions(), &file, nullptr).ok());
    return file;
  }
  rocksdb::IOStatus Append(rocksdb::FSWritableFile* file, const std::string& bytes) {
    return file->Append(bytes, io_, nullptr);
  }
  // A file holding `bytes`, synced, its directory fsync'd: durable whole.
  void WriteDurable(const std::string& name, const std::string& bytes) {
    auto file = Create(name);
    ASSERT_TRUE(Append(file.get(), bytes).ok());
    ASSERT_TRUE(file->Sync(io_, nullptr).ok());
    ASSERT_TRUE(file->Close(io_, nullptr).ok());
    ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  }
  // The content of `name`, or "<absent>".
  std::string Read(const std::string& name) {
    std::string bytes;
    if (!rocksdb::ReadFileToString(fs_.get(), Path(name), &bytes).ok()) return "<absent>";
    return bytes;
  }
  void PowerLoss() {
    dir_.reset();
    fs_->PowerLoss();
    ASSERT_TRUE(fs_->NewDirectory(kDir, io_, &dir_, nullptr).ok());
  }

  rocksdb::IOOptions io_;
  std::shared_ptr<PowerLossFileSystem> fs_ =
      std::make_shared<PowerLossFileSystem>(NewInMemoryFileSystem());
  std::unique_ptr<rocksdb::FSDirectory> dir_;
};

TEST_F(PowerLossFileSystemTest, UnsyncedBytesAreDroppedAndSyncedOnesKept) {
  auto file = Create("a");
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  ASSERT_TRUE(Append(file.get(), "synced ").ok());
  ASSERT_TRUE(file->Sync(io_, nullptr).ok());
  ASSERT_TRUE(Append(file.get(), "not synced").ok());
  ASSERT_TRUE(file->Close(io_, nullptr).ok());
  EXPECT_EQ(Read("a"), "synced not synced");
  PowerLoss();
  EXPECT_EQ(Read("a"), "synced ");
}

TEST_F(PowerLossFileSystemTest, FsyncKeepsEverythingAppended) {
  auto file = Create("a");
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  ASSERT_TRUE(Append(file.get(), "one ").ok());
  ASSERT_TRUE(Append(file.get(), "two").ok());
  ASSERT_TRUE(file->Fsync(io_, nullptr).ok());
  file.reset();
  PowerLoss();
  EXPECT_EQ(Read("a"), "one two");
}

TEST_F(PowerLossFileSystemTest, AFileCreatedWithoutADirectoryFsyncDisappears) {
  WriteDurable("kept", "k");
  auto file = Create("new");
  ASSERT_TRUE(Append(file.get(), "synced but not named").ok());
  ASSERT_TRUE(file->Sync(io_, nullptr).ok());
  file.reset();
  PowerLoss();
  EXPECT_EQ(Read("new"), "<absent>");
  EXPECT_EQ(Read("kept"), "k");
}

TEST_F(PowerLossFileSystemTest, ARenameNotMadeDurableIsUndone) {
  WriteDurable("CURRENT", "MANIFEST-1");
  WriteDurable("tmp", "MANIFEST-2");
  ASSERT_TRUE(fs_->RenameFile(Path("tmp"), Path("CURRENT"), io_, nullptr).ok());
  EXPECT_EQ(Read("CURRENT"), "MANIFEST-2");
  PowerLoss();
  EXPECT_EQ(Read("CURRENT"), "MANIFEST-1");
  EXPECT_EQ(Read("tmp"), "MANIFEST-2");
}

TEST_F(PowerLossFileSystemTest, ARenameMadeDurableStays) {
  WriteDurable("CURRENT", "MANIFEST-1");
  WriteDurable("tmp", "MANIFEST-2");
  ASSERT_TRUE(fs_->RenameFile(Path("tmp"), Path("CURRENT"), io_, nullptr).ok());
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  PowerLoss();
  EXPECT_EQ(Read("CURRENT"), "MANIFEST-2");
  EXPECT_EQ(Read("tmp"), "<absent>");
}

TEST_F(PowerLossFileSystemTest, ADeleteNotMadeDurableIsUndoneWithTheSyncedBytes) {
  auto file = Create("a");
  ASSERT_TRUE(Append(file.get(), "synced").ok());
  ASSERT_TRUE(file->Sync(io_, nullptr).ok());
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  ASSERT_TRUE(Append(file.get(), " lost").ok());
  file.reset();
  ASSERT_TRUE(fs_->DeleteFile(Path("a"), io_, nullptr).ok());
  EXPECT_EQ(Read("a"), "<absent>");
  PowerLoss();
  EXPECT_EQ(Read("a"), "synced");
}

TEST_F(PowerLossFileSystemTest, FilesThatExistedBeforeAreDurable) {
  auto base = NewInMemoryFileSystem();
  ASSERT_TRUE(base->CreateDirIfMissing(kDir, io_, nullptr).ok());
  ASSERT_TRUE(rocksdb::WriteStringToFile(base.get(), "old", Path("old"), false).ok());
  auto fs = std::make_shared<PowerLossFileSystem>(base);
  std::unique_ptr<rocksdb::FSWritableFile> file;
  ASSERT_TRUE(fs->NewWritableFile(Path("new"), rocksdb::FileOptions(), &file, nullptr).ok());
  file.reset();
  fs->PowerLoss();
  std::string bytes;
  EXPECT_TRUE(rocksdb::ReadFileToString(fs.get(), Path("old"), &bytes).ok());
  EXPECT_EQ(bytes, "old");
  EXPECT_FALSE(fs->FileExists(Path("new"), io_, nullptr).ok());
}

TEST_F(PowerLossFileSystemTest, CrashPointFailsThatOperationAndEveryLaterOneChangingNothing) {
  auto file = Create("a");
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  const uint64_t before = fs_->mutating_operations();
  fs_->CrashAtOperation(3);
  EXPECT_TRUE(Append(file.get(), "1").ok());   // 1
  EXPECT_TRUE(file->Sync(io_, nullptr).ok());  // 2
  EXPECT_FALSE(fs_->crashed());
  rocksdb::IOStatus s = Append(file.get(), "2");  // 3: the process dies here.
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.ToString().find("injected crash"), std::string::npos) << s.ToString();
  EXPECT_TRUE(fs_->crashed());
  EXPECT_FALSE(file->Sync(io_, nullptr).ok());
  EXPECT_FALSE(fs_->RenameFile(Path("a"), Path("b"), io_, nullptr).ok());
  EXPECT_FALSE(dir_->Fsync(io_, nullptr).ok());
  EXPECT_EQ(fs_->mutating_operations(), before + 6);
  EXPECT_EQ(Read("a"), "1");  // The failed append wrote nothing.
  file.reset();
  PowerLoss();
  EXPECT_FALSE(fs_->crashed());
  EXPECT_EQ(Read("a"), "1");
  auto after = Create("c");  // The next process writes again.
  EXPECT_TRUE(Append(after.get(), "x").ok());
}

TEST_F(PowerLossFileSystemTest, ACrashWithoutPowerLossKeepsEveryByteWritten) {
  auto file = Create("a");
  fs_->CrashAtOperation(2);
  ASSERT_TRUE(Append(file.get(), "written, not synced").ok());
  EXPECT_FALSE(file->Sync(io_, nullptr).ok());
  EXPECT_TRUE(fs_->crashed());
  file.reset();
  fs_->CrashAtOperation(0);  // The next process, on the same disk.
  EXPECT_FALSE(fs_->crashed());
  EXPECT_EQ(Read("a"), "written, not synced");
  auto after = Create("b");
  EXPECT_TRUE(Append(after.get(), "x").ok());
}

TEST_F(PowerLossFileSystemTest, CountsEachKindOfMutatingOperation) {
  const uint64_t before = fs_->mutating_operations();
  auto file = Create("a");                                                       // 1
  ASSERT_TRUE(Append(file.get(), "x").ok());                                     // 2
  ASSERT_TRUE(Append(file.get(), "y").ok());                                     // 3
  ASSERT_TRUE(file->Truncate(2, io_, nullptr).ok());                             // 4
  ASSERT_TRUE(file->Sync(io_, nullptr).ok());                                    // 5
  ASSERT_TRUE(file->Fsync(io_, nullptr).ok());                                   // 6
  ASSERT_TRUE(file->Close(io_, nullptr).ok());                                   // 7
  ASSERT_TRUE(fs_->RenameFile(Path("a"), Path("b"), io_, nullptr).ok());         // 8
  ASSERT_TRUE(fs_->LinkFile(Path("b"), Path("c"), io_, nullptr).ok());           // 9
  ASSERT_TRUE(fs_->DeleteFile(Path("c"), io_, nullptr).ok());                    // 10
  ASSERT_TRUE(fs_->CreateDirIfMissing(Path("sub"), io_, nullptr).ok());          // 11
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());                                   // 12
  EXPECT_EQ(fs_->mutating_operations(), before + 12);
  std::string bytes;
  ASSERT_TRUE(rocksdb::ReadFileToString(fs_.get(), Path("b"), &bytes).ok());     // Not counted.
  EXPECT_EQ(fs_->mutating_operations(), before + 12);
}

TEST_F(PowerLossFileSystemTest, DiskFullRefusesWritesUntilSpaceReturns) {
  auto file = Create("a");
  fs_->SetDiskFull(true);
  EXPECT_TRUE(Append(file.get(), "x").IsNoSpace());
  EXPECT_TRUE(file->Sync(io_, nullptr).IsNoSpace());
  std::unique_ptr<rocksdb::FSWritableFile> other;
  EXPECT_TRUE(fs_->NewWritableFile(Path("b"), rocksdb::FileOptions(), &other, nullptr).IsNoSpace());
  uint64_t free_space = 1;
  ASSERT_TRUE(fs_->GetFreeSpace(kDir, io_, &free_space, nullptr).ok());
  EXPECT_EQ(free_space, 0u);
  fs_->SetDiskFull(false);
  EXPECT_TRUE(Append(file.get(), "x").ok());
  EXPECT_TRUE(file->Sync(io_, nullptr).ok());
}

TEST_F(PowerLossFileSystemTest, IoErrorsFollowTheSeed) {
  auto run = [this](uint64_t seed) {
    auto file = Create("a");
    fs_->SetIoErrorRate(0.5, seed);
    std::vector<bool> failed;
    for (int i = 0; i < 64; ++i) failed.push_back(!Append(file.get(), "x").ok());
    fs_->SetIoErrorRate(0, 0);
    return failed;
  };
  std::vector<bool> first = run(7);
  EXPECT_EQ(run(7), first);
  EXPECT_NE(std::count(first.begin(), first.end(), true), 0);
  EXPECT_NE(std::count(first.begin(), first.end(), false), 0);
}

TEST_F(PowerLossFileSystemTest, TearsAndGarblesTheNewestWalOnly) {
  WriteDurable("000003.log", std::string(100, 'a'));
  WriteDurable("000012.log", std::string(100, 'b'));
  WriteDurable("MANIFEST-000004", std::string(100, 'm'));
  PowerLoss();
  ASSERT_TRUE(fs_->TearWalTail(kDir, 0.5).ok());
  EXPECT_EQ(Read("000012.log"), std::string(50, 'b'));
  EXPECT_EQ(Read("000003.log"), std::string(100, 'a'));
  ASSERT_TRUE(fs_->GarbageWalTail(kDir, 10, 1).ok());
  const std::string garbled = Read("000012.log");
  ASSERT_EQ(garbled.size(), 50u);
  EXPECT_EQ(garbled.substr(0, 40), std::string(40, 'b'));
  EXPECT_NE(garbled.substr(40), std::string(10, 'b'));
  PowerLoss();  // What they wrote is the disk now.
  EXPECT_EQ(Read("000012.log"), garbled);
  EXPECT_EQ(Read("MANIFEST-000004"), std::string(100, 'm'));
  EXPECT_EQ(fs_->TearWalTail("/nowhere", 0.5).code(), absl::StatusCode::kNotFound);
}

TEST_F(PowerLossFileSystemTest, APowerLossMidWalWriteKeepsTheSyncedBytesAndATornOrGarbageTail) {
  auto wal = Create("000007.log");
  ASSERT_TRUE(dir_->Fsync(io_, nullptr).ok());
  ASSERT_TRUE(Append(wal.get(), "synced|").ok());
  ASSERT_TRUE(wal->Sync(io_, nullptr).ok());
  ASSERT_TRUE(Append(wal.get(), "0123456789").ok());
  wal.reset();
  dir_.reset();
  ASSERT_TRUE(fs_->PowerLossTearingWal(kDir, 0.5).ok());
  EXPECT_EQ(Read("000007.log"), "synced|01234");

  ASSERT_TRUE(fs_->NewDirectory(kDir, io_, &dir_, nullptr).ok());
  ASSERT_TRUE(fs_->ReopenWritableFile(Path("000007.log"), rocksdb::FileOptions(), &wal, nullptr)
                  .ok());
  ASSERT_TRUE(Append(wal.get(), "not synced").ok());
  wal.reset();
  dir_.reset();
  ASSERT_TRUE(fs_->PowerLossGarblingWal(kDir, 8, 3).ok());
  const std::string garbled = Read("000007.log");
  ASSERT_EQ(garbled.size(), std::string("synced|01234").size() + 8);
  EXPECT_EQ(garbled.substr(0, 12), "synced|01234");
}

}  // namespace
}  // namespace kinerja::testing
