// Minimal structured logging for kinerjad: one line per event, UTC timestamp, level, node.
// (Debian's Abseil 20220623 has no absl logging.) Each node owns a Logger that names it, so
// several nodes in one process (the simulator) log under their own names; nothing global
// holds a node name. Lines go out as text (the default) or as one JSON object per line
// (`--log-format json`), with the structured fields (component, peer, session, change) that
// a call site gives. Never log key material: certificates and keys are named by path only.
#ifndef KINERJA_DAEMON_RUNTIME_LOG_H_
#define KINERJA_DAEMON_RUNTIME_LOG_H_

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace kinerja::daemon {

enum class LogLevel { kInfo, kWarning, kError };

// How the default (stderr) sink writes a line.
enum class LogFormat {
  kText,  // "<UTC time> <I|W|E> kinerjad[<node>] <message>": the format before JSON existed.
  kJson,  // One JSON object per line: ts, level, msg, node, component, and peer, session,
          // change when the call site gives them (FormatJsonLogLine).
};

// The structured part of a line. Empty fields are left out of a JSON line; the text format
// shows only the message, so a text line reads the same with or without fields.
struct LogFields {
  absl::string_view component;  // "sync", "admin", "import", "upstream", "storage", ...
                                // Empty: "daemon".
  absl::string_view peer;       // The peer's satker code (or its address, upstream).
  absl::string_view session;    // The session's id, where it has one.
  absl::string_view change;     // A change id "<origin>#<seq>", e.g. on a refusal.
};

// Where a logger's lines go: its node name, the level and the message. Called from the
// logging thread; must be thread-safe if the logger is used from several threads.
using LogSink =
    std::function<void(LogLevel level, absl::string_view node, absl::string_view message)>;

// Thread-safe when its sink is (the default one is).
class Logger {
 public:
  // Names `node` on every line. A null `sink` writes to stderr as text.
  explicit Logger(std::string node = "-", LogSink sink = nullptr)
      : node_(std::move(node)), sink_(std::move(sink)) {}
  // Writes to stderr in `format`, dropping lines below `min_level`.
  Logger(std::string node, LogFormat format, LogLevel min_level)
      : node_(std::move(node)), format_(format), min_level_(min_level) {}

  // A logger for code that serves no particular node ("-"), writing to stderr.
  static const Logger& Unnamed();

  const std::string& node() const { return node_; }

  // Writes one line (a sink gets the message only; the fields are for JSON).
  void Line(LogLevel level, absl::string_view message) const { Line(level, LogFields{}, message); }
  void Line(LogLevel level, const LogFields& fields, absl::string_view message) const;

  template <typename... Args>
  void Info(const Args&... args) const {
    Line(LogLevel::kInfo, absl::StrCat(args...));
  }
  template <typename... Args>
  void Info(const LogFields& fields, const Args&... args) const {
    Line(LogLevel::kInfo, fields, absl::StrCat(args...));
  }
  template <typename... Args>
  void Warning(const Args&... args) const {
    Line(LogLevel::kWarning, absl::StrCat(args...));
  }
  template <typename... Args>
  void Warning(const LogFields& fields, const Args&... args) const {
    Line(LogLevel::kWarning, fields, absl::StrCat(args...));
  }
  template <typename... Args>
  void Error(const Args&... args) const {
    Line(LogLevel::kError, absl::StrCat(args...));
  }
  template <typename... Args>
  void Error(const LogFields& fields, const Args&... args) const {
    Line(LogLevel::kError, fields, absl::StrCat(args...));
  }

 private:
  const std::string node_;
  const LogSink sink_;
  const LogFormat format_ = LogFormat::kText;
  const LogLevel min_level_ = LogLevel::kInfo;
};

// "info", "warning" or "error".
const char* LogLevelName(LogLevel level);

// `text` as the inside of a JSON string: quote, backslash and control characters escaped
// (\n, \t, ... or \u00XX), every byte that is not part of valid UTF-8 (a stray continuation
// byte, a truncated or overlong sequence, a surrogate, past U+10FFFF) as \ufffd.
std::string JsonEscape(absl::string_view text);

// One JSON log line without its newline:
// {"ts":"2026-11-29T14:32:41.123Z","level":"warning","msg":"...","node":"36",
//  "component":"sync","peer":"3604","change":"3604.00000000abcd#1"}
std::string FormatJsonLogLine(absl::Time when, LogLevel level, absl::string_view node,
                              const LogFields& fields, absl::string_view message);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_LOG_H_
