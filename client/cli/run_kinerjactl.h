// kinerjactl as a function: parses a command line, runs the chosen subcommand against
// kinerjad's AdminService or QueryService and returns the process exit code. `main` only
// forwards to it, so tests run the whole command line in-process with their own streams.
#ifndef KINERJA_CLIENT_CLI_RUN_KINERJACTL_H_
#define KINERJA_CLIENT_CLI_RUN_KINERJACTL_H_

#include <functional>
#include <ostream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace kinerja::client {

// Exit codes; `kinerjactl --help` lists them too.
inline constexpr int kExitOk = 0;           // The command did what was asked.
inline constexpr int kExitFailed = 1;       // The operation failed (e.g. the daemon refused
                                            // an import); its message is on stderr.
inline constexpr int kExitUsage = 2;        // Bad command line (CLI11's message on stderr).
inline constexpr int kExitUnreachable = 3;  // kinerjad, or for sync its upstream, is
                                            // unreachable.

// What kinerjactl takes from its surroundings rather than its command line.
struct KinerjactlOptions {
  // Address of kinerjad's admin listener when --addr is not given.
  // Default: "127.0.0.1:7401" (main passes $KINERJA_ADDR when set).
  std::string default_addr = "127.0.0.1:7401";
  // Author recorded by import and resolve when --author is not given; "" lets the daemon
  // decide. Default: "" (main passes $USER).
  std::string default_author;
  // The present, read when a response is shown (status: "N s ago"). Default: absl::Now.
  std::function<absl::Time()> now = [] { return absl::Now(); };
  // Zone of times shown in table output. Default: UTC (main passes the local zone).
  absl::TimeZone time_zone = absl::UTCTimeZone();
  // Whether the error stream is a terminal: long operations (import) then show progress
  // there. Default: false (main passes isatty(2)).
  bool err_is_terminal = false;
};

// Options of a real run: $KINERJA_ADDR, $USER, the local time zone, the system clock.
KinerjactlOptions KinerjactlOptionsFromEnvironment();

// Runs `argv` (argv[0] is the program name). Results go to `out`; errors to `err` as one line
// "kinerjactl: <message>", usage errors as CLI11 words them. `--help` prints to `out` and
// returns kExitOk. Returns one of the exit codes above.
int RunKinerjactl(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                  const KinerjactlOptions& options);

// The same with KinerjactlOptionsFromEnvironment().
int RunKinerjactl(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_CLI_RUN_KINERJACTL_H_
