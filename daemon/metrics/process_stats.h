// The process's own resident memory and open descriptors, read from /proc/self, for
// process_resident_memory_bytes and process_open_fds.
#ifndef KINERJA_DAEMON_METRICS_PROCESS_STATS_H_
#define KINERJA_DAEMON_METRICS_PROCESS_STATS_H_

#include <cstdint>

namespace kinerja::daemon {

struct ProcessStats {
  uint64_t resident_bytes = 0;  // VmRSS; 0 if /proc cannot be read.
  uint64_t open_fds = 0;        // Entries of /proc/self/fd, less the one reading it.
};

ProcessStats ReadProcessStats();

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_METRICS_PROCESS_STATS_H_
