// End-to-end: backup and restore (issue 11, item 8). An office is backed up online while
// imports keep writing; `backup inspect` shows the manifest; a damaged copy is refused by
// inspect and by restore; then the office loses its disk, is restored from the backup into a
// new directory as a new incarnation, catches up from its hub the changes written after the
// backup, and its new writes reach hub and national under the new origin, never reusing a seq
// of the old one. Real kinerjad processes on 127.0.0.1.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
namespace {

// Runs `kinerjad restore ARGS`; its exit code and what it printed (stdout and stderr).
CtlResult Restore(const Cluster& c, const std::vector<std::string>& args) {
  const std::string out = absl::StrCat(c.dir(), "/restore.out");
  const std::string err = absl::StrCat(c.dir(), "/restore.err");
  std::string cmd = absl::StrCat("'", KINERJAD_PATH, "' restore");
  for (const auto& a : args) absl::StrAppend(&cmd, " '", a, "'");
  absl::StrAppend(&cmd, " >'", out, "' 2>'", err, "'");
  const int status = std::system(cmd.c_str());
  CtlResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing::ReadFile(out);
  r.err = testing::ReadFile(err);
  return r;
}

// The node's /metrics page (Python's urllib: no HTTP client in the test's dependencies).
std::string Scrape(const Cluster& c, const std::string& node) {
  const std::string out = absl::StrCat(c.dir(), "/metrics-", node, ".txt");
  const std::string cmd = absl::StrCat(
      "/usr/bin/python3 -c \"import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("
      "'http://",
      c.HttpAddress(node), "/metrics').read().decode())\" >'", out, "'");
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return testing::ReadFile(out);
}

// The value of the metric line starting with `name ` ("" if none).
std::string MetricValue(const std::string& page, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(page, '\n')) {
    if (absl::StartsWith(line, absl::StrCat(name, " "))) {
      return std::string(line.substr(name.size() + 1));
    }
  }
  return "";
}

std::string Digest(const Cluster& c, const std::string& node) {
  return ParseJson<v1::DigestResponse>(c.Ctl(node, {"-o", "json", "digest", "--satker", "3604"}))
      .digest();
}

// A copy of `path` with one byte in its middle changed.
std::string DamagedCopy(const std::string& path, const std::string& to) {
  std::string bytes = testing::ReadFile(path);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  std::ofstream(to, std::ios::binary | std::ios::trunc) << bytes;
  return to;
}

bool ExitedZero(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(BackupE2eTest, OnlineBackupThenLostDiskRestoredAsNewIncarnationCatchesUp) {
  Cluster c(kBantenRegistry);
  c.Add("RI", "RI", "national", "");
  c.Add("36", "36", "province", "RI");
  c.Add("3604", "3604", "office", "36");
  for (const char* n : {"RI", "36", "3604"}) c.Start(n);

  // An office with data, synced up.
  ASSERT_EQ(c.Ctl("3604", {"import", "anggaran", c.WriteFile("a.csv", AnggaranCsv("3604", 20))})
                .exit_code,
            0);
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  const std::string old_id = Status(c, "3604").replica_id();
  ASSERT_FALSE(old_id.empty());

  // Backed up while two writers import (each file rewrites every line's pagu).
  const pid_t writer1 = c.CtlAsync(
      "3604", {"import", "anggaran", c.WriteFile("b.csv", AnggaranCsv("3604", 300, 2'000'000))});
  const pid_t writer2 = c.CtlAsync(
      "3604", {"import", "anggaran", c.WriteFile("c.csv", AnggaranCsv("3604", 300, 3'000'000))});
  const std::string file = absl::StrCat(c.dir(), "/office-3604.kbak");
  const CtlResult saved = c.Ctl("3604", {"backup", "save", file});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_TRUE(absl::StrContains(saved.out, "saved ")) << saved.out;
  EXPECT_TRUE(ExitedZero(writer1));
  EXPECT_TRUE(ExitedZero(writer2));
  EXPECT_TRUE(std::filesystem::exists(file));
  // The daemon is unaffected: it still answers, and its temporary copy is gone.
  EXPECT_EQ(Status(c, "3604").replica_id(), old_id);
  for (const auto& e : std::filesystem::directory_iterator(c.DataDir("3604"))) {
    EXPECT_FALSE(absl::StartsWith(e.path().filename().string(), ".backup-")) << e.path();
  }
  // One log line for the backup, and the gauge moved.
  EXPECT_TRUE(absl::StrContains(testing::ReadFile(c.LogPath("3604")), "backup: ")) << "no log line";
  const std::string last =
      MetricValue(Scrape(c, "3604"), "kinerja_backup_last_success_timestamp_seconds");
  EXPECT_NE(last, "");
  EXPECT_NE(last, "0");

  // `backup inspect`: the manifest, exit 0.
  const CtlResult shown = c.Ctl("3604", {"backup", "inspect", file});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(absl::StrContains(shown.out, old_id)) << shown.out;
  const v1::BackupManifest manifest =
      ParseJson<v1::BackupManifest>(c.Ctl("3604", {"-o", "json", "backup", "inspect", file}));
  EXPECT_EQ(manifest.satker(), "3604");
  EXPECT_EQ(manifest.replica_id(), old_id);
  EXPECT_EQ(manifest.role(), v1::ROLE_OFFICE);
  EXPECT_GT(manifest.files_size(), 0);
  uint64_t backed_up_seq = 0;
  for (const auto& e : manifest.version_vector().entries()) {
    if (e.origin() == old_id) backed_up_seq = e.seq();
  }
  EXPECT_GT(backed_up_seq, 0u);
  EXPECT_GT(manifest.changes_held(), 0u);

  // A damaged copy: refused by inspect and by restore, which creates nothing.
  const std::string bad = DamagedCopy(file, absl::StrCat(c.dir(), "/damaged.kbak"));
  const CtlResult bad_inspect = c.Ctl("3604", {"backup", "inspect", bad});
  EXPECT_EQ(bad_inspect.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad_inspect.err, "damaged")) << bad_inspect.err;
  EXPECT_EQ(std::count(bad_inspect.err.begin(), bad_inspect.err.end(), '\n'), 1) << bad_inspect.err;
  const std::string never = absl::StrCat(c.dir(), "/never");
  const CtlResult bad_restore = Restore(c, {"--from", bad, "--data-dir", never});
  EXPECT_EQ(bad_restore.exit_code, 1) << bad_restore.out << bad_restore.err;
  EXPECT_FALSE(std::filesystem::exists(never));
  // Nor into a directory that holds something.
  const CtlResult busy = Restore(c, {"--from", file, "--data-dir", c.DataDir("36")});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(busy.err, "not empty")) << busy.err;

  // Written after the backup and synced to the hub before the disk is lost.
  ASSERT_EQ(c.Ctl("3604",
                  {"import", "anggaran", c.WriteFile("d.csv", AnggaranCsv("3604", 40, 4'000'000))})
                .exit_code,
            0);
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  const uint64_t old_seq = Held(Status(c, "3604"), old_id);
  ASSERT_GT(old_seq, backed_up_seq);
  ASSERT_EQ(Held(Status(c, "36"), old_id), old_seq);
  const std::string digest_before = Digest(c, "3604");

  // The disk is lost; the office is restored from the backup into a new directory.
  c.Stop("3604");
  std::filesystem::remove_all(c.DataDir("3604"));
  c.WipeDisk("3604");
  const CtlResult restored = Restore(c, {"--from", file, "--data-dir", c.DataDir("3604")});
  ASSERT_EQ(restored.exit_code, 0) << restored.out << restored.err;
  EXPECT_TRUE(absl::StrContains(restored.out, absl::StrCat("old replica id ", old_id)))
      << restored.out;
  EXPECT_TRUE(absl::StrContains(restored.out, "new replica id 3604.")) << restored.out;

  c.Start("3604");
  v1::StatusResponse s = Status(c, "3604");
  const std::string new_id = s.replica_id();
  EXPECT_NE(new_id, old_id);
  EXPECT_TRUE(absl::StartsWith(new_id, "3604.")) << new_id;
  EXPECT_GE(Held(s, old_id), backed_up_seq);  // Everything in the backup.
  // It catches up from its hub what the old incarnation sent after the backup.
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  s = Status(c, "3604");
  EXPECT_EQ(Held(s, old_id), old_seq);
  EXPECT_EQ(s.write_refused(), "");
  EXPECT_EQ(Digest(c, "3604"), digest_before);

  // New writes carry the new origin and reach hub and national; no seq of the old id is used.
  ASSERT_EQ(c.Ctl("3604",
                  {"import", "anggaran", c.WriteFile("e.csv", AnggaranCsv("3604", 10, 5'000'000))})
                .exit_code,
            0);
  ASSERT_EQ(c.Ctl("3604", {"sync"}).exit_code, 0);
  s = Status(c, "3604");
  const uint64_t new_seq = Held(s, new_id);
  EXPECT_GT(new_seq, 0u);
  EXPECT_EQ(Held(s, old_id), old_seq);
  EXPECT_EQ(s.write_refused(), "");
  const v1::StatusResponse hub = Status(c, "36");
  EXPECT_EQ(Held(hub, new_id), new_seq);
  EXPECT_EQ(Held(hub, old_id), old_seq);
  ASSERT_TRUE(WaitFor([&] { return Held(Status(c, "RI"), new_id) == new_seq; }, absl::Seconds(20)));
  EXPECT_EQ(Held(Status(c, "RI"), old_id), old_seq);
  const std::string office_digest = Digest(c, "3604");
  EXPECT_NE(office_digest, digest_before);
  EXPECT_EQ(Digest(c, "36"), office_digest);
  EXPECT_EQ(Digest(c, "RI"), office_digest);
}

}  // namespace
}  // namespace kinerja::e2e
