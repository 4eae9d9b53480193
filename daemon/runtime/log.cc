#include "daemon/runtime/log.h"

#include <cstdio>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace kinerja::daemon {
namespace {

// Keeps lines of concurrent writers whole.
absl::Mutex stderr_mu(absl::kConstInit);

}  // namespace

const Logger& Logger::Unnamed() {
  static const Logger* const unnamed = new Logger("-");
  return *unnamed;
}

void Logger::Line(LogLevel level, absl::string_view message) const {
  if (sink_) {
    sink_(level, node_, message);
    return;
  }
  const char* tag = level == LogLevel::kInfo ? "I" : level == LogLevel::kWarning ? "W" : "E";
  const std::string when =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  absl::MutexLock l(&stderr_mu);
  std::fprintf(stderr, "%s %s kinerjad[%s] %.*s\n", when.c_str(), tag, node_.c_str(),
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace kinerja::daemon
