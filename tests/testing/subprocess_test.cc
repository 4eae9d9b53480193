#include "tests/testing/subprocess.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::testing {
namespace {

constexpr char kHelper[] = SUBPROCESS_TEST_HELPER;

// Whether `pid` no longer runs: no such process, or a zombie nobody has reaped yet.
bool Gone(pid_t pid) {
  const std::string stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  const size_t paren = stat.rfind(')');
  if (stat.empty() || paren == std::string::npos || paren + 2 >= stat.size()) return true;
  const char state = stat[paren + 2];
  return state == 'Z' || state == 'X';
}

// Waits (bounded) for `pid`, which need not be a child of this process, to end.
bool GoneWithin(pid_t pid, absl::Duration timeout) {
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));  // Readable once it ends.
  if (fd < 0) return errno == ESRCH || Gone(pid);
  pollfd p{fd, POLLIN, 0};
  const int ready = poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  close(fd);
  return ready > 0 || Gone(pid);
}

// The number after `label ` on a line of `log` (0 if none).
pid_t PidAfter(const std::string& log, const std::string& label) {
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    int pid = 0;
    if (absl::ConsumePrefix(&line, label + " ") && absl::SimpleAtoi(line, &pid)) return pid;
  }
  return 0;
}

class SubprocessTest : public ::testing::Test {
 protected:
  // Starts the helper in `mode` with its output in `log_`.
  Subprocess StartHelper(const std::string& mode) {
    absl::StatusOr<Subprocess> p = Subprocess::Start({kHelper, mode, log_}, log_, log_);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *std::move(p) : Subprocess();
  }
  // Waits for the helper to print `label PID` and returns PID.
  pid_t AwaitPid(Subprocess& helper, const std::string& label) {
    const absl::Status st = WaitForLogLine(helper, log_, 0, label + " ", absl::Seconds(30));
    EXPECT_TRUE(st.ok()) << st;
    return PidAfter(ReadFile(log_), label);
  }

  TempDir dir_;
  const std::string log_ = dir_.Sub("helper.log");
};

TEST_F(SubprocessTest, ChildDiesWhenItsHarnessIsSigkilled) {
  Subprocess harness = StartHelper("harness");
  const pid_t child = AwaitPid(harness, "child");
  ASSERT_GT(child, 0);
  ASSERT_FALSE(Gone(child));
  kill(harness.pid(), SIGKILL);  // No handler, no destructor: only the kernel can help.
  EXPECT_EQ(harness.Wait(), 128 + SIGKILL);
  EXPECT_TRUE(GoneWithin(child, absl::Seconds(10))) << "child " << child << " outlived";
}

TEST_F(SubprocessTest, SigtermToHarnessKillsTheChildsWholeGroup) {
  Subprocess harness = StartHelper("harness");
  const pid_t child = AwaitPid(harness, "child");
  const pid_t grandchild = AwaitPid(harness, "grandchild");
  ASSERT_GT(child, 0);
  ASSERT_GT(grandchild, 0);
  kill(harness.pid(), SIGTERM);
  EXPECT_EQ(harness.Wait(), 128 + SIGTERM);
  EXPECT_TRUE(GoneWithin(child, absl::Seconds(10))) << "child " << child << " outlived";
  EXPECT_TRUE(GoneWithin(grandchild, absl::Seconds(10)))
      << "grandchild " << grandchild << " outlived";
}

TEST_F(SubprocessTest, SigintToHarnessKillsTheChild) {
  Subprocess harness = StartHelper("harness");
  const pid_t child = AwaitPid(harness, "child");
  ASSERT_GT(child, 0);
  kill(harness.pid(), SIGINT);
  EXPECT_EQ(harness.Wait(), 128 + SIGINT);
  EXPECT_TRUE(GoneWithin(child, absl::Seconds(10))) << "child " << child << " outlived";
}

TEST_F(SubprocessTest, DestructorKillsTheWholeGroup) {
  pid_t child = 0, grandchild = 0;
  {
    Subprocess family = StartHelper("child-family");
    child = family.pid();
    grandchild = AwaitPid(family, "grandchild");
    ASSERT_GT(grandchild, 0);
  }
  EXPECT_TRUE(Gone(child));
  EXPECT_TRUE(GoneWithin(grandchild, absl::Seconds(10)));
}

TEST_F(SubprocessTest, ExceptionUnwindingKillsTheChild) {
  pid_t child = 0;
  try {
    Subprocess p = StartHelper("ready");
    child = p.pid();
    ASSERT_TRUE(WaitForLogLine(p, log_, 0, "ready:", absl::Seconds(30)).ok());
    throw std::runtime_error("harness failed");
  } catch (const std::runtime_error&) {
  }
  ASSERT_GT(child, 0);
  EXPECT_TRUE(Gone(child));
}

TEST_F(SubprocessTest, ReadyLineIsSeen) {
  Subprocess p = StartHelper("ready");
  EXPECT_TRUE(WaitForLogLine(p, log_, 0, "ready:", absl::Seconds(30)).ok());
  EXPECT_TRUE(p.running());
}

TEST_F(SubprocessTest, NeverReadyIsAClearErrorAfterTheTimeout) {
  Subprocess p = StartHelper("silent");
  const absl::Time start = absl::Now();
  const absl::Status st = WaitForLogLine(p, log_, 0, "ready:", absl::Milliseconds(500));
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
  EXPECT_EQ(st.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(st.message().find("not ready after 500ms"), absl::string_view::npos) << st;
  EXPECT_NE(st.message().find("starting"), absl::string_view::npos) << st;  // The log's tail.
}

TEST_F(SubprocessTest, ExitBeforeReadyNamesTheCodeAndTheLog) {
  Subprocess p = StartHelper("fail");
  const absl::Status st = WaitForLogLine(p, log_, 0, "ready:", absl::Seconds(30));
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("exited with code 3 before it was ready"), absl::string_view::npos)
      << st;
  EXPECT_NE(st.message().find("cannot listen on 127.0.0.1:1"), absl::string_view::npos) << st;
}

TEST_F(SubprocessTest, ReadyLineBeforeTheOffsetDoesNotCount) {
  Subprocess first = StartHelper("ready");
  ASSERT_TRUE(WaitForLogLine(first, log_, 0, "ready:", absl::Seconds(30)).ok());
  first.Kill();
  const size_t offset = FileSize(log_);  // A restart appends to the same log.
  Subprocess second = StartHelper("silent");
  const absl::Status st = WaitForLogLine(second, log_, offset, "ready:", absl::Milliseconds(300));
  EXPECT_EQ(st.code(), absl::StatusCode::kDeadlineExceeded) << st;
}

TEST_F(SubprocessTest, MissingProgramIsReported) {
  absl::StatusOr<Subprocess> p = Subprocess::Start({dir_.Sub("no-such-program")}, log_, log_);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("no-such-program: No such file or directory"),
            absl::string_view::npos)
      << p.status();
}

TEST_F(SubprocessTest, TerminateStopsAndReportsTheExitCode) {
  Subprocess p = StartHelper("ready");
  ASSERT_TRUE(WaitForLogLine(p, log_, 0, "ready:", absl::Seconds(30)).ok());
  EXPECT_EQ(p.Terminate(absl::Seconds(10)), 128 + SIGTERM);
  EXPECT_FALSE(p.running());
}

}  // namespace
}  // namespace kinerja::testing
