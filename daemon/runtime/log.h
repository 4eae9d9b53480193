// Minimal structured logging for kinerjad: one line per event, UTC timestamp, level, node.
// (Debian's Abseil 20220623 has no absl logging.) Each node owns a Logger that names it, so
// several nodes in one process (the simulator) log under their own names; nothing global
// holds a node name.
#ifndef KINERJA_DAEMON_RUNTIME_LOG_H_
#define KINERJA_DAEMON_RUNTIME_LOG_H_

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace kinerja::daemon {

enum class LogLevel { kInfo, kWarning, kError };

// Where a logger's lines go: its node name, the level and the message. Called from the
// logging thread; must be thread-safe if the logger is used from several threads.
using LogSink =
    std::function<void(LogLevel level, absl::string_view node, absl::string_view message)>;

// Thread-safe when its sink is (the default one is).
class Logger {
 public:
  // Names `node` on every line. A null `sink` writes to stderr as
  // "<UTC time> <I|W|E> kinerjad[<node>] <message>".
  explicit Logger(std::string node = "-", LogSink sink = nullptr)
      : node_(std::move(node)), sink_(std::move(sink)) {}

  // A logger for code that serves no particular node ("-"), writing to stderr.
  static const Logger& Unnamed();

  const std::string& node() const { return node_; }

  // Writes one line.
  void Line(LogLevel level, absl::string_view message) const;

  template <typename... Args>
  void Info(const Args&... args) const {
    Line(LogLevel::kInfo, absl::StrCat(args...));
  }
  template <typename... Args>
  void Warning(const Args&... args) const {
    Line(LogLevel::kWarning, absl::StrCat(args...));
  }
  template <typename... Args>
  void Error(const Args&... args) const {
    Line(LogLevel::kError, absl::StrCat(args...));
  }

 private:
  const std::string node_;
  const LogSink sink_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_LOG_H_
