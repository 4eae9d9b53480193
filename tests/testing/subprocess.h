// Child processes and loopback ports for end-to-end tests and benchmarks: spawn a program
// with its output sent to files, wait for it, and find a free port on 127.0.0.1.
#ifndef KINERJA_TESTS_TESTING_SUBPROCESS_H_
#define KINERJA_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace kinerja::testing {

// Starts `args` (args[0] a path) with stdin from /dev/null and stdout/stderr appended to the
// given files. Returns the pid, or -1 if it could not be started.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path);

// Waits for `pid`; returns its exit code, or 128 + signal if a signal ended it.
int WaitExit(pid_t pid);

// A TCP port on 127.0.0.1 that was free a moment ago (bound, then released).
int FreePort();

// The whole content of a file ("" if unreadable).
std::string ReadFile(const std::string& path);

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_SUBPROCESS_H_
