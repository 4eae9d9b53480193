// End-to-end: damaged disks with real kinerjad processes. A WAL cut short or overwritten
// must not let an office reuse seqs its hub holds with other content: the session is refused
// naming both seqs, the hub's figures stay as they were, `kinerjactl status` says how to
// recover, and the new incarnation it describes gets the data back.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"

namespace kinerja::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n"
    "36,KPU Provinsi Banten,provinsi,RI\n"
    "3604,KPU Kabupaten Serang,kabkota,36\n";

// The node's records of 3604 as "key=record bytes" lines: equal strings, equal figures.
std::string Records(const Cluster& c, const std::string& node) {
  const auto list =
      ParseJson<v1::ListResponse>(c.Ctl(node, {"ls", "--satker", "3604", "-o", "json"}));
  std::string out;
  for (const auto& e : list.entries()) {
    absl::StrAppend(&out, e.key(), "=", e.record().SerializeAsString(), "\n");
  }
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The newest WAL file of the store in `dir`.
std::string NewestWal(const std::string& dir) {
  std::vector<std::string> wals;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log") wals.push_back(entry.path().string());
  }
  std::sort(wals.begin(), wals.end());
  return wals.empty() ? "" : wals.back();
}

class DiskE2eTest : public ::testing::Test {
 protected:
  DiskE2eTest() : cluster_(kRegistry) {
    cluster_.Add("RI", "RI", "national", "");
    cluster_.Add("36", "36", "province", "RI");
    cluster_.Add("3604", "3604", "office", "36");
  }

  // Office imports and syncs; returns its replica id. The hub then holds `lines` * 13
  // changes of it.
  std::string ImportAndSync(int lines) {
    cluster_.Start("36");
    cluster_.Start("3604");
    const std::string file = cluster_.WriteFile("a.csv", AnggaranCsv("3604", lines, 1'000'000));
    CtlResult imported = cluster_.Ctl("3604", {"import", "anggaran", file});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    CtlResult synced = cluster_.Ctl("3604", {"sync"});
    EXPECT_EQ(synced.exit_code, 0) << synced.err;
    return Status(cluster_, "3604").replica_id();
  }

  // After the damage: the office comes up, writes again (not knowing yet), and its next sync
  // is refused naming both seqs; the hub keeps its figures; status says how to recover and
  // writing is refused. Then the recovery it describes gets everything back.
  void ExpectRefusedThenRecovered(const std::string& old_id, uint64_t hub_held,
                                  const std::string& hub_records) {
    const std::string log = ReadAll(cluster_.dir() + "/log-3604.txt");
    for (const auto& line : absl::StrSplit(log, '\n')) {
      if (absl::StrContains(line, "WAL recovery")) std::cout << "kinerjad log: " << line << "\n";
    }
    EXPECT_THAT(log, HasSubstr("WAL recovery of"));
    EXPECT_THAT(log, HasSubstr("dropped the last"));
    const uint64_t local = Held(Status(cluster_, "3604"), old_id);
    ASSERT_LT(local, hub_held);

    // The office's own sync loop may already have met the hub and refused: then the import
    // is refused too; otherwise it writes, reusing seqs the hub holds, until the next sync.
    const std::string revised = cluster_.WriteFile("b.csv", AnggaranCsv("3604", 5, 7'000'000));
    CtlResult first = cluster_.Ctl("3604", {"import", "anggaran", revised});
    std::cout << "after restart: kinerjactl import -> exit " << first.exit_code << ": " << first.out
              << first.err;
    if (first.exit_code != 0) {
      EXPECT_THAT(first.err, HasSubstr("writing is refused"));
    }
    const uint64_t written = Held(Status(cluster_, "3604"), old_id);
    CtlResult sync = cluster_.Ctl("3604", {"sync", "--timeout", "20s"});
    std::cout << "kinerjactl sync -> exit " << sync.exit_code << ": " << sync.out << sync.err;
    EXPECT_EQ(sync.exit_code, 1) << sync.out << sync.err;
    EXPECT_THAT(sync.err, HasSubstr(absl::StrCat("own origin ", old_id, " up to seq ", hub_held,
                                                 ", this replica")));
    EXPECT_THAT(sync.err, HasSubstr(absl::StrCat("up to seq ", written)));
    EXPECT_EQ(Held(Status(cluster_, "36"), old_id), hub_held);
    EXPECT_EQ(Records(cluster_, "36"), hub_records);  // The hub's figures are unchanged.

    CtlResult status = cluster_.Ctl("3604", {"status"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    std::cout << "kinerjactl status:\n" << status.out;
    EXPECT_THAT(status.out, HasSubstr("WRITING REFUSED"));
    EXPECT_THAT(status.out, HasSubstr("empty data directory"));
    CtlResult refused = cluster_.Ctl("3604", {"import", "anggaran", revised});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("writing is refused"));

    // The recovery status describes: a new incarnation in an empty data directory.
    cluster_.Stop("3604");
    cluster_.WipeDisk("3604");
    cluster_.Start("3604");
    EXPECT_NE(Status(cluster_, "3604").replica_id(), old_id);
    CtlResult back = cluster_.Ctl("3604", {"sync"});
    std::cout << "new incarnation: kinerjactl sync -> exit " << back.exit_code << ": " << back.out;
    ASSERT_EQ(back.exit_code, 0) << back.err;
    EXPECT_EQ(Records(cluster_, "3604"), hub_records);  // Nothing acknowledged to the hub lost.
    CtlResult again = cluster_.Ctl("3604", {"import", "anggaran", revised});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    ASSERT_EQ(cluster_.Ctl("3604", {"sync"}).exit_code, 0);
    const v1::StatusResponse hub = Status(cluster_, "36");
    EXPECT_EQ(hub.conflicts(), 0u);
    EXPECT_EQ(Records(cluster_, "36"), Records(cluster_, "3604"));
    for (const char* n : {"3604", "36"}) cluster_.Stop(n);
  }

  Cluster cluster_;
};

TEST_F(DiskE2eTest, TruncatedWalIsRefusedAtSyncAndANewIncarnationGetsTheDataBack) {
  const std::string old_id = ImportAndSync(5);
  const v1::StatusResponse hub = Status(cluster_, "36");
  const uint64_t hub_held = Held(hub, old_id);
  ASSERT_EQ(hub_held, 65u);
  const std::string hub_records = Records(cluster_, "36");
  // Killed, as by a power cut: a clean stop may flush the memtables, leaving the WAL empty.
  cluster_.Kill("3604");

  const std::string wal = NewestWal(cluster_.DataDir("3604"));
  ASSERT_FALSE(wal.empty());
  std::filesystem::resize_file(wal, std::filesystem::file_size(wal) / 3);
  cluster_.Start("3604");
  ExpectRefusedThenRecovered(old_id, hub_held, hub_records);
}

TEST_F(DiskE2eTest, GarbageInTheWalIsRefusedAtSyncAndANewIncarnationGetsTheDataBack) {
  const std::string old_id = ImportAndSync(5);
  const uint64_t hub_held = Held(Status(cluster_, "36"), old_id);
  const std::string hub_records = Records(cluster_, "36");
  // Killed, as by a power cut: a clean stop may flush the memtables, leaving the WAL empty.
  cluster_.Kill("3604");

  const std::string wal = NewestWal(cluster_.DataDir("3604"));
  ASSERT_FALSE(wal.empty());
  const uintmax_t size = std::filesystem::file_size(wal);
  {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 4));
    std::mt19937 rng(42);
    for (uintmax_t i = 0; i < size / 8; ++i) f.put(static_cast<char>(rng()));
  }
  cluster_.Start("3604");
  ExpectRefusedThenRecovered(old_id, hub_held, hub_records);
}

}  // namespace
}  // namespace kinerja::e2e
