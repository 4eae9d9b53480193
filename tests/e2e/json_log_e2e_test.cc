// End-to-end: with --log-format json every line any kinerjad writes (national, hub, office)
// is one JSON object with ts, level, msg, node and component (tests/e2e/check_json_logs.py
// parses each with Python's json), and a forged write the hub refuses gives exactly one
// warning line, naming the refused change (issue 11, "Logs").
#include <sys/wait.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/e2e/forged_client.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
namespace {

// Runs the Python checker over `logs`; its exit code and what it printed.
CtlResult CheckJsonLogs(const Cluster& c, const std::vector<std::string>& logs) {
  const std::string out = absl::StrCat(c.dir(), "/check_json_logs.out");
  std::string cmd = absl::StrCat("python3 ", KINERJA_SOURCE_DIR, "/tests/e2e/check_json_logs.py");
  for (const auto& log : logs) absl::StrAppend(&cmd, " '", log, "'");
  absl::StrAppend(&cmd, " >'", out, "' 2>&1");
  const int status = std::system(cmd.c_str());
  CtlResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing::ReadFile(out);
  return r;
}

TEST(JsonLogE2eTest, EveryLineIsJsonAndARefusedForgedWriteIsOneWarning) {
  Cluster c(kBantenRegistry);
  c.SetJsonLogs(true);
  c.Add("RI", "RI", "national", "");
  c.Add("36", "36", "province", "RI");
  c.Add("3604", "3604", "office", "36");
  for (const char* n : {"RI", "36", "3604"}) c.Start(n);

  // Imports, sessions at every tier, a refused import.
  const std::string file = c.WriteFile("anggaran.csv", AnggaranCsv("3604", 5));
  ASSERT_EQ(c.Ctl("3604", {"import", "anggaran", file}).exit_code, 0);
  const std::string bad = c.WriteFile("bad.csv", "satker;tahun\n3604;\"dua\xff ribu\n");
  EXPECT_NE(c.Ctl("3604", {"import", "anggaran", bad}).exit_code, 0);
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  const std::string office_id = Status(c, "3604").replica_id();
  ASSERT_TRUE(WaitFor([&] { return Held(Status(c, "RI"), office_id) == 65; }, absl::Seconds(20)));

  ForgedClient client(c, "36", "3604");
  const grpc::Status st = client.Send("3604", Forged("3603.00000000abcd", "3603"));
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  for (const char* n : {"3604", "36", "RI"}) c.Stop(n);

  const CtlResult check = CheckJsonLogs(c, {c.LogPath("RI"), c.LogPath("36"), c.LogPath("3604")});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_TRUE(absl::StartsWith(check.out, "ok: ")) << check.out;

  // Exactly one line names the refused change, a warning of the sync component naming the peer.
  std::vector<std::string> naming;
  for (const char* n : {"RI", "36", "3604"}) {
    for (absl::string_view line : absl::StrSplit(testing::ReadFile(c.LogPath(n)), '\n')) {
      if (absl::StrContains(line, "3603.00000000abcd#1")) naming.emplace_back(line);
    }
  }
  ASSERT_EQ(naming.size(), 1u) << absl::StrJoin(naming, "\n");
  EXPECT_TRUE(absl::StrContains(naming[0], "\"level\":\"warning\"")) << naming[0];
  EXPECT_TRUE(absl::StrContains(naming[0], "\"change\":\"3603.00000000abcd#1\"")) << naming[0];
  EXPECT_TRUE(absl::StrContains(naming[0], "\"component\":\"sync\"")) << naming[0];
  EXPECT_TRUE(absl::StrContains(naming[0], "\"peer\":\"3604\"")) << naming[0];
  EXPECT_TRUE(absl::StrContains(naming[0], "\"node\":\"36\"")) << naming[0];
}

}  // namespace
}  // namespace kinerja::e2e
