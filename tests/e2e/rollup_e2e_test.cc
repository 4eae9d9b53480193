// End-to-end: rollups consolidated across tiers and the national rollup feed, with real
// kinerjad processes on 127.0.0.1 driven by kinerjactl.
#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kinerja/v1/query.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
namespace {

std::string Anggaran(const std::string& satker, int64_t pagu) {
  return absl::StrFormat(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n"
      "%s,2024,WA,Dukungan Manajemen,3355,001,Pengelolaan Keuangan,B01,%d,1000\n"
      "%s,2024,WA,Dukungan Manajemen,3355,001,Pengelolaan Keuangan,B02,,2000\n",
      satker, pagu, satker);
}

std::vector<v1::RollupChange> FeedLines(const std::string& out) {
  std::vector<v1::RollupChange> changes;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    v1::RollupChange c;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &c).ok()) << line;
    changes.push_back(c);
  }
  return changes;
}

v1::RollupResponse Rollup(const Cluster& c, const std::string& node, const std::string& satker) {
  CtlResult r = c.Ctl(node, {"rollup", "--satker", satker, "--tahun", "2024", "-o", "json"});
  v1::RollupResponse resp;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &resp).ok()) << r.out;
  return resp;
}

TEST(RollupE2eTest, NationalConsolidatesAndItsFeedResumesWithoutGapsOrRepeats) {
  Cluster cluster(kBantenRegistry);
  cluster.Add("RI", "RI", "national", "");
  cluster.Add("36", "36", "province", "RI");
  cluster.Add("3604", "3604", "office", "36");
  cluster.Add("3603", "3603", "office", "36");
  for (const char* n : {"RI", "36", "3604", "3603"}) cluster.Start(n);
  for (auto [s, pagu] :
       std::vector<std::pair<std::string, int64_t>>{{"3604", 5'000'000}, {"3603", 7'000'000}}) {
    const std::string f = cluster.WriteFile(s + ".csv", Anggaran(s, pagu));
    ASSERT_EQ(cluster.Ctl(s, {"import", "anggaran", f}).exit_code, 0);
    ASSERT_EQ(cluster.Ctl(s, {"sync"}).exit_code, 0);
  }
  ASSERT_EQ(cluster.Ctl("36", {"sync"}).exit_code, 0);
  ASSERT_TRUE(
      WaitFor([&] { return Rollup(cluster, "RI", "RI").pagu() == 12'000'000; }, absl::Seconds(20)));
  const v1::RollupResponse national = Rollup(cluster, "RI", "RI");
  EXPECT_EQ(national.realisasi(), 6000);
  ASSERT_EQ(national.satker_rows_size(), 1);
  EXPECT_EQ(national.satker_rows(0).satker(), "36");
  const v1::RollupResponse banten = Rollup(cluster, "RI", "36");
  ASSERT_EQ(banten.satker_rows_size(), 2);
  EXPECT_EQ(banten.satker_rows(0).satker(), "3603");
  EXPECT_EQ(banten.satker_rows(0).pagu(), 7'000'000);
  EXPECT_EQ(banten.penyerapan(), "0.05");  // 6,000 of 12,000,000.
  // An office sees only what is its own.
  EXPECT_EQ(cluster.Ctl("3604", {"rollup", "--satker", "36", "--tahun", "2024"}).exit_code, 1);

  // The feed from the start, then a follower, then a resume from the last cursor.
  CtlResult first = cluster.Ctl("RI", {"feed", "--since", "0"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::vector<v1::RollupChange> before = FeedLines(first.out);
  ASSERT_FALSE(before.empty());
  const uint64_t last = before.back().cursor();
  const std::string follow_out = absl::StrCat(cluster.dir(), "/follow.ndjson");
  const pid_t follower = testing::Spawn({KINERJACTL_PATH, "--addr", cluster.AdminAddress("RI"),
                                         "feed", "--since", absl::StrCat(last), "--follow"},
                                        follow_out, follow_out + ".err");

  const std::string revised = cluster.WriteFile("r.csv", Anggaran("3604", 9'000'000));
  ASSERT_EQ(cluster.Ctl("3604", {"import", "anggaran", revised}).exit_code, 0);
  ASSERT_EQ(cluster.Ctl("3604", {"sync"}).exit_code, 0);
  ASSERT_EQ(cluster.Ctl("36", {"sync"}).exit_code, 0);
  ASSERT_TRUE(
      WaitFor([&] { return Rollup(cluster, "RI", "RI").pagu() == 16'000'000; }, absl::Seconds(20)));
  // The follower sees the new rows live.
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const auto& c : FeedLines(testing::ReadFile(follow_out))) {
          if (c.row_key() == "2024/total/3604" && c.row().total().pagu_rupiah() == 9'000'000) {
            return true;
          }
        }
        return false;
      },
      absl::Seconds(20)));
  kill(follower, SIGTERM);
  waitpid(follower, nullptr, 0);

  // A subscriber resuming from its last cursor gets exactly what came after it.
  CtlResult resumed = cluster.Ctl("RI", {"feed", "--since", absl::StrCat(last)});
  ASSERT_EQ(resumed.exit_code, 0);
  const std::vector<v1::RollupChange> after = FeedLines(resumed.out);
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front().cursor(), last + 1);
  std::set<uint64_t> cursors;
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].cursor(), last + 1 + i);  // Dense: nothing missed, nothing twice.
    cursors.insert(after[i].cursor());
  }
  const std::vector<v1::RollupChange> live = FeedLines(testing::ReadFile(follow_out));
  ASSERT_LE(live.size(), after.size());
  for (size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(live[i].SerializeAsString(), after[i].SerializeAsString());
  }
  CtlResult all = cluster.Ctl("RI", {"feed", "--since", "0"});
  EXPECT_EQ(FeedLines(all.out).size(), before.size() + after.size());
  for (const char* n : {"3604", "3603", "36", "RI"}) cluster.Stop(n);
}

}  // namespace
}  // namespace kinerja::e2e
