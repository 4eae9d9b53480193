// Minimal structured logging to stderr for kinerjad: one line per event, UTC timestamp,
// level, node. (Debian's Abseil 20220623 has no absl logging.)
#ifndef KINERJA_DAEMON_RUNTIME_LOG_H_
#define KINERJA_DAEMON_RUNTIME_LOG_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace kinerja::daemon {

enum class LogLevel { kInfo, kWarning, kError };

// Sets the node name printed on every line. Call once at start-up.
void SetLogNode(absl::string_view node);
// Writes one line. Thread-safe.
void LogLine(LogLevel level, absl::string_view message);

template <typename... Args>
void LogInfo(const Args&... args) {
  LogLine(LogLevel::kInfo, absl::StrCat(args...));
}
template <typename... Args>
void LogWarning(const Args&... args) {
  LogLine(LogLevel::kWarning, absl::StrCat(args...));
}
template <typename... Args>
void LogError(const Args&... args) {
  LogLine(LogLevel::kError, absl::StrCat(args...));
}

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_LOG_H_
