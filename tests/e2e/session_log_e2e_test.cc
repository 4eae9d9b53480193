// End-to-end: with --log-format json every line a node writes about a sync session carries a
// `session` key (issue 11, "Logs"): the same on all the lines of one session at that node,
// another for another session. A silent child makes the hub write two lines about one
// session (the progress timeout, then the session's end).
#include <map>
#include <memory>
#include <set>
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

// The string value of `key` in a JSON log line ("" if absent). The writer escapes quotes, and
// the values read here (ids, codes, components) never hold one.
std::string Field(absl::string_view line, absl::string_view key) {
  const std::string start = absl::StrCat("\"", key, "\":\"");
  const size_t at = line.find(start);
  if (at == absl::string_view::npos) return "";
  const size_t from = at + start.size();
  const size_t end = line.find('"', from);
  return std::string(line.substr(from, end - from));
}

// The lines of `log` that are about sync sessions: component sync or upstream, except the
// lines of the listener and the clock.
std::vector<std::string> SessionLines(const std::string& log) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    const std::string component = Field(line, "component");
    if (component != "sync" && component != "upstream") continue;
    if (absl::StrContains(line, "clock skew")) continue;
    lines.emplace_back(line);
  }
  return lines;
}

TEST(SessionLogE2eTest, EverySessionLineCarriesItsSessionId) {
  Cluster c(kBantenRegistry);
  c.SetJsonLogs(true);
  c.Add("RI", "RI", "national", "");
  c.Add("36", "36", "province", "RI", {"--sync-progress-timeout-ms", "1000"});
  c.Add("3604", "3604", "office", "36");
  for (const char* n : {"RI", "36", "3604"}) c.Start(n);

  // A session that moves changes: one line at each end.
  ASSERT_EQ(
      c.Ctl("3604", {"import", "anggaran", c.WriteFile("a.csv", AnggaranCsv("3604", 3))}).exit_code,
      0);
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  // A session whose child falls silent after its hello: two lines at the hub.
  ForgedClient client(c, "36", "3604");
  std::unique_ptr<OpenSession> silent = client.Open("3604");
  ASSERT_TRUE(silent->answered);
  EXPECT_EQ(silent->Wait().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  for (const char* n : {"3604", "36", "RI"}) c.Stop(n);

  // At the hub: every session line has an id; the silent session's two lines share one, and
  // the office's session has another.
  const std::vector<std::string> hub = SessionLines(testing::ReadFile(c.LogPath("36")));
  std::map<std::string, std::vector<std::string>> by_session;
  std::string received_session;
  for (const std::string& line : hub) {
    const std::string session = Field(line, "session");
    EXPECT_FALSE(session.empty()) << "a session line without its session: " << line;
    EXPECT_LE(session.size(), 16u) << line;
    by_session[session].push_back(line);
    if (absl::StrContains(line, "sync from 3604: received")) received_session = session;
  }
  ASSERT_FALSE(received_session.empty()) << absl::StrJoin(hub, "\n");
  std::string silent_session;
  for (const std::string& line : hub) {
    if (absl::StrContains(line, "no message from 3604")) silent_session = Field(line, "session");
  }
  ASSERT_FALSE(silent_session.empty()) << absl::StrJoin(hub, "\n");
  EXPECT_NE(silent_session, received_session);
  const std::vector<std::string>& silent_lines = by_session[silent_session];
  ASSERT_EQ(silent_lines.size(), 2u) << absl::StrJoin(hub, "\n");
  EXPECT_TRUE(absl::StrContains(silent_lines[1], "sync session with 3604 ended"))
      << silent_lines[1];
  for (const std::string& line : silent_lines) EXPECT_EQ(Field(line, "peer"), "3604") << line;

  // At the office: its upstream session's line has an id of its own.
  bool office_line = false;
  for (const std::string& line : SessionLines(testing::ReadFile(c.LogPath("3604")))) {
    EXPECT_FALSE(Field(line, "session").empty()) << line;
    office_line = office_line || absl::StrContains(line, "sync with ");
  }
  EXPECT_TRUE(office_line);
}

}  // namespace
}  // namespace kinerja::e2e
