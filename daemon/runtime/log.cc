#include "daemon/runtime/log.h"

#include <cstdio>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace kinerja::daemon {
namespace {

absl::Mutex log_mu(absl::kConstInit);
std::string* log_node ABSL_GUARDED_BY(log_mu) = nullptr;

}  // namespace

void SetLogNode(absl::string_view node) {
  absl::MutexLock l(&log_mu);
  delete log_node;
  log_node = new std::string(node);
}

void LogLine(LogLevel level, absl::string_view message) {
  const char* tag = level == LogLevel::kInfo ? "I" : level == LogLevel::kWarning ? "W" : "E";
  const std::string when =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  absl::MutexLock l(&log_mu);
  std::fprintf(stderr, "%s %s kinerjad[%s] %.*s\n", when.c_str(), tag,
               log_node != nullptr ? log_node->c_str() : "-", static_cast<int>(message.size()),
               message.data());
  std::fflush(stderr);
}

}  // namespace kinerja::daemon
