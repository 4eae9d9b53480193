#include "tests/testing/subprocess.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <random>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace kinerja::testing {
namespace {

// The process groups a signal handler must kill. A signal handler can reach nothing but
// globals; lock-free atomics are safe to read there. Constant-initialised (all zero).
constexpr int kMaxTracked = 4096;
std::atomic<pid_t> tracked_groups[kMaxTracked];

void Track(pid_t pid) {
  for (auto& slot : tracked_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
  // Full: the child still dies with its parent thread (PR_SET_PDEATHSIG).
}

void Untrack(pid_t pid) {
  for (auto& slot : tracked_groups) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

extern "C" void KillTrackedAndDie(int sig) {
  for (auto& slot : tracked_groups) {
    const pid_t pgid = slot.load();
    if (pgid > 0) kill(-pgid, SIGKILL);
  }
  signal(sig, SIG_DFL);
  raise(sig);  // Delivered when this handler returns: the process ends as the signal says.
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

// Runs in the child between fork and exec: async-signal-safe calls only. Never returns.
[[noreturn]] void ExecChild(char* const* argv, const char* out_path, const char* err_path,
                            pid_t parent, int report_fd) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // The parent is already gone: do not start.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // kinerjad-style parents block signals.
  const int in = open("/dev/null", O_RDONLY);
  const int out = open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int err = open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in >= 0 && out >= 0 && err >= 0 && dup2(in, 0) >= 0 && dup2(out, 1) >= 0 &&
      dup2(err, 2) >= 0) {
    execv(argv[0], argv);
  }
  const int error = errno;
  const ssize_t ignored = write(report_fd, &error, sizeof(error));
  (void)ignored;
  _exit(127);
}

// Forks and execs; the child's errno if it could not exec, through a close-on-exec pipe.
absl::StatusOr<pid_t> ForkExec(const std::vector<std::string>& args, const std::string& out_path,
                               const std::string& err_path) {
  if (args.empty()) return absl::InvalidArgumentError("cannot start a process: no program");
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": pipe: ", strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) ExecChild(argv.data(), out_path.c_str(), err_path.c_str(), parent, report[1]);
  close(report[1]);
  if (pid < 0) {
    close(report[0]);
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": fork: ", strerror(errno)));
  }
  setpgid(pid, pid);  // Also here, so the group exists whichever side runs first.
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof(child_errno));
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": ", strerror(child_errno)));
  }
  return pid;
}

// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int PidFd(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

// Blocks until one of `fds` (those >= 0) is readable or `timeout` passes. Without any usable
// descriptor it waits at most 20 ms, so callers that poll state still make progress.
void WaitReadable(std::initializer_list<int> fds, absl::Duration timeout) {
  std::vector<pollfd> polled;
  for (int fd : fds) {
    if (fd >= 0) polled.push_back(pollfd{fd, POLLIN, 0});
  }
  if (polled.empty()) timeout = std::min(timeout, absl::Milliseconds(20));
  const int ms = static_cast<int>(std::clamp<int64_t>(
      absl::ToInt64Milliseconds(absl::Ceil(timeout, absl::Milliseconds(1))), 0, 1000));
  poll(polled.data(), polled.size(), ms);
}

void Drain(int fd) {
  char buf[4096];
  while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0) {
  }
}

bool LogHasLine(const std::string& path, size_t offset, absl::string_view marker) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StrContains(line, marker)) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<Subprocess> Subprocess::Start(const std::vector<std::string>& args,
                                             const std::string& out_path,
                                             const std::string& err_path) {
  absl::StatusOr<pid_t> pid = ForkExec(args, out_path, err_path);
  if (!pid.ok()) return pid.status();
  return Subprocess(*pid);
}

Subprocess::Subprocess(pid_t pid) : pid_(pid) { Track(pid); }

Subprocess::~Subprocess() { Kill(); }

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), exit_code_(std::exchange(other.exit_code_, {})) {}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    Kill();
    pid_ = std::exchange(other.pid_, -1);
    exit_code_ = std::exchange(other.exit_code_, {});
  }
  return *this;
}

void Subprocess::Reaped(int exit_code) {
  exit_code_ = exit_code;
  Untrack(pid_);
}

std::optional<int> Subprocess::Poll() {
  if (pid_ <= 0 || exit_code_.has_value()) return exit_code_;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) Reaped(DecodeWaitStatus(status));
  return exit_code_;
}

std::optional<int> Subprocess::WaitFor(absl::Duration timeout) {
  if (pid_ <= 0) return std::nullopt;
  const absl::Time deadline = absl::Now() + timeout;
  const Fd exited(PidFd(pid_));  // Readable once the child has exited.
  for (;;) {
    if (std::optional<int> code = Poll()) return code;
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return std::nullopt;
    WaitReadable({exited.get()}, left);
  }
}

int Subprocess::Wait() {
  if (pid_ <= 0) return -1;
  if (exit_code_.has_value()) return *exit_code_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  Reaped(DecodeWaitStatus(status));
  return *exit_code_;
}

int Subprocess::Terminate(absl::Duration grace) {
  if (!running()) return exit_code_.value_or(-1);
  kill(pid_, SIGTERM);
  if (std::optional<int> code = WaitFor(grace)) return *code;
  Kill();
  return exit_code_.value_or(-1);
}

void Subprocess::Kill() {
  if (!running()) return;
  kill(-pid_, SIGKILL);
  Wait();
}

absl::Status WaitForLogLine(Subprocess& process, const std::string& log_path, size_t offset,
                            absl::string_view marker, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  close(open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));  // To watch.
  const Fd written(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (written.get() >= 0) inotify_add_watch(written.get(), log_path.c_str(), IN_MODIFY);
  const Fd exited(PidFd(process.pid()));
  for (;;) {
    if (LogHasLine(log_path, offset, marker)) return absl::OkStatus();
    if (std::optional<int> code = process.Poll()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "exited with code ", *code, " before it was ready; its log ends:\n", LogTail(log_path)));
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat("not ready after ",
                                                      absl::FormatDuration(timeout),
                                                      "; its log ends:\n", LogTail(log_path)));
    }
    WaitReadable({written.get(), exited.get()}, left);
    Drain(written.get());
  }
}

void KillChildrenOnSignals() {
  struct sigaction action {};
  action.sa_handler = KillTrackedAndDie;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path) {
  absl::StatusOr<pid_t> pid = ForkExec(args, out_path, err_path);
  return pid.ok() ? *pid : -1;
}

int WaitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return DecodeWaitStatus(status);
}

namespace {

// Whether a listener could bind 127.0.0.1:port right now.
bool CanBind(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// The lowest port the kernel hands out on its own (for outgoing connections and bind to port
// 0): the first number of ip_local_port_range, 32768 where it cannot be read.
int EphemeralLow() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0;
  if (!(in >> low) || low <= 2048) return 32768;
  return low;
}

}  // namespace

int FreePort() {
  // A port from the kernel's own range could be handed to any client's outgoing connection
  // between this check and the daemon's (exclusive) bind; so pick at random below that range,
  // where only a listener that names its port can take it.
  const int high = EphemeralLow();
  const int low = std::max(1024, high - 12000);
  thread_local std::mt19937 rng(std::random_device{}() ^ static_cast<unsigned>(getpid()));
  std::uniform_int_distribution<int> pick(low, high - 1);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = pick(rng);
    if (CanBind(port)) return port;
  }
  return 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  return size > 0 ? static_cast<size_t>(size) : 0;
}

std::string LogTail(const std::string& path, int lines) {
  std::vector<std::string> all = absl::StrSplit(ReadFile(path), '\n', absl::SkipWhitespace());
  if (all.empty()) return "  (empty)";
  const size_t from = all.size() > static_cast<size_t>(lines) ? all.size() - lines : 0;
  std::vector<std::string> tail(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
  return absl::StrCat("  | ", absl::StrJoin(tail, "\n  | "));
}

}  // namespace kinerja::testing
