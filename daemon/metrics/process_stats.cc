#include "daemon/metrics/process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>

namespace kinerja::daemon {

ProcessStats ReadProcessStats() {
  ProcessStats stats;
  // /proc/self/statm: size resident shared ... in pages.
  if (FILE* f = std::fopen("/proc/self/statm", "r"); f != nullptr) {
    unsigned long long size = 0, resident = 0;
    if (std::fscanf(f, "%llu %llu", &size, &resident) == 2) {
      stats.resident_bytes = resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    }
    std::fclose(f);
  }
  if (DIR* dir = opendir("/proc/self/fd"); dir != nullptr) {
    uint64_t n = 0;
    while (dirent* e = readdir(dir)) {
      if (e->d_name[0] != '.') ++n;
    }
    closedir(dir);
    stats.open_fds = n > 0 ? n - 1 : 0;  // Less the directory's own descriptor.
  }
  return stats;
}

}  // namespace kinerja::daemon
