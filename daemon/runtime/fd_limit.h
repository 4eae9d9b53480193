// The process's open-file limit. A hub holds a descriptor per child connection; the soft limit
// a shell or service manager hands out (often 1024) is far below what the hard limit allows.
#ifndef KINERJA_DAEMON_RUNTIME_FD_LIMIT_H_
#define KINERJA_DAEMON_RUNTIME_FD_LIMIT_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace kinerja::daemon {

struct FdLimit {
  uint64_t soft_before = 0;  // The soft limit found.
  uint64_t soft = 0;         // The soft limit now.
  uint64_t hard = 0;         // The hard limit (RLIM_INFINITY: none).
};

// Raises the soft RLIMIT_NOFILE to the hard one. INTERNAL naming the call that failed. Call
// at start-up, before any thread opens files.
[[nodiscard]] absl::StatusOr<FdLimit> RaiseFdLimit();

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_FD_LIMIT_H_
