// Child processes and loopback ports for end-to-end tests and benchmarks: start a program in
// its own process group with its output sent to files, wait until it says it is ready (or
// say why it never did), and make sure it never outlives the harness that started it.
#ifndef KINERJA_TESTS_TESTING_SUBPROCESS_H_
#define KINERJA_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace kinerja::testing {

// A started child process, leader of its own process group. It never outlives its owner:
//  - the destructor SIGKILLs the group and reaps the child (normal return, error return,
//    exception);
//  - after KillChildrenOnSignals(), SIGINT or SIGTERM to the harness SIGKILLs the group of
//    every live Subprocess before the harness ends;
//  - the kernel SIGKILLs the child when the thread that started it ends, however it ends
//    (SIGKILL included): PR_SET_PDEATHSIG. REQUIRES: start children from a thread that lives
//    as long as they should (the main thread, in tests and benchmarks).
// Not thread-safe: one owner at a time; movable, not copyable.
class Subprocess {
 public:
  // Starts `args` (args[0] a path) with stdin from /dev/null and stdout and stderr appended to
  // `out_path` and `err_path` (which may be the same file). INTERNAL naming args[0] and the
  // reason if it cannot be started (exec failures included).
  [[nodiscard]] static absl::StatusOr<Subprocess> Start(const std::vector<std::string>& args,
                                                        const std::string& out_path,
                                                        const std::string& err_path);

  Subprocess() = default;  // No process.
  ~Subprocess();           // Kill().
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // The child's pid (also its process group id); -1 when there is none.
  pid_t pid() const { return pid_; }

  // Whether the child was started and has not been reaped.
  bool running() const { return pid_ > 0 && !exit_code_.has_value(); }

  // The exit code (128 + signal if a signal ended it) once the child has exited, reaping it;
  // nullopt while it runs. Never blocks.
  std::optional<int> Poll();

  // Waits up to `timeout` for the child to exit; its exit code, or nullopt if it still runs.
  std::optional<int> WaitFor(absl::Duration timeout);

  // Waits for the child to exit; its exit code, or -1 if there is no child.
  int Wait();

  // SIGTERM to the child, then SIGKILL to its group if it has not exited after `grace`.
  // Returns the exit code (143 after SIGTERM is the usual unclean answer; 0 a clean stop).
  int Terminate(absl::Duration grace = absl::Seconds(10));

  // SIGKILL to the child's group; reaps the child. No-op when there is no running child.
  void Kill();

 private:
  explicit Subprocess(pid_t pid);
  void Reaped(int exit_code);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// Waits until the file at `log_path`, from byte `offset` on, holds a line containing
// `marker`. OK once it does; FAILED_PRECONDITION "exited with code N before it was ready" if
// `process` ends first; DEADLINE_EXCEEDED "not ready after T" when `timeout` passes. Error
// messages end with the last lines of the log. Wakes on every write to the log and on the
// child's exit (no fixed sleeps).
[[nodiscard]] absl::Status WaitForLogLine(Subprocess& process, const std::string& log_path,
                                          size_t offset, absl::string_view marker,
                                          absl::Duration timeout);

// From now on, SIGINT and SIGTERM to this process SIGKILL the group of every live Subprocess
// and then end the process as the signal would have. Idempotent.
void KillChildrenOnSignals();

// Starts `args` like Subprocess::Start (own process group, killed when the starting thread
// ends) and hands the raw pid to the caller, who must reap it (WaitExit). -1 if it could not
// be started.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path);

// Waits for `pid`; returns its exit code, or 128 + signal if a signal ended it.
int WaitExit(pid_t pid);

// A TCP port on 127.0.0.1 that was free a moment ago (bound, then released), chosen at random
// below the kernel's ephemeral range so that no outgoing connection can take it meanwhile.
// 0 if none was found.
int FreePort();

// The whole content of a file ("" if unreadable).
std::string ReadFile(const std::string& path);

// The size of a file in bytes (0 if it does not exist).
size_t FileSize(const std::string& path);

// The last `lines` lines of a file, for error messages ("(empty)" if there is nothing).
std::string LogTail(const std::string& path, int lines = 12);

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_SUBPROCESS_H_
