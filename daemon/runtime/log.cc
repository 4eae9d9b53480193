#include "daemon/runtime/log.h"

#include <cstdint>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/text/utf8.h"

namespace kinerja::daemon {
namespace {

using text::Utf8SequenceLength;

// Keeps lines of concurrent writers whole.
absl::Mutex stderr_mu(absl::kConstInit);

constexpr char kReplacement[] = "\\ufffd";

void AppendField(std::string* out, absl::string_view key, absl::string_view value) {
  absl::StrAppend(out, ",\"", key, "\":\"", JsonEscape(value), "\"");
}

}  // namespace

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            absl::StrAppendFormat(&out, "\\u%04x", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  return out;
}

std::string FormatJsonLogLine(absl::Time when, LogLevel level, absl::string_view node,
                              const LogFields& fields, absl::string_view message) {
  std::string line = absl::StrCat(
      "{\"ts\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", when, absl::UTCTimeZone()),
      "\",\"level\":\"", LogLevelName(level), "\"");
  AppendField(&line, "msg", message);
  AppendField(&line, "node", node);
  AppendField(&line, "component", fields.component.empty() ? "daemon" : fields.component);
  if (!fields.peer.empty()) AppendField(&line, "peer", fields.peer);
  if (!fields.session.empty()) AppendField(&line, "session", fields.session);
  if (!fields.change.empty()) AppendField(&line, "change", fields.change);
  line += '}';
  return line;
}

const Logger& Logger::Unnamed() {
  static const Logger* const unnamed = new Logger("-");
  return *unnamed;
}

void Logger::Line(LogLevel level, const LogFields& fields, absl::string_view message) const {
  if (sink_) {
    sink_(level, node_, message);
    return;
  }
  if (static_cast<int>(level) < static_cast<int>(min_level_)) return;
  const absl::Time now = absl::Now();
  if (format_ == LogFormat::kJson) {
    const std::string line = FormatJsonLogLine(now, level, node_, fields, message);
    absl::MutexLock l(&stderr_mu);
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
    return;
  }
  const char* tag = level == LogLevel::kInfo ? "I" : level == LogLevel::kWarning ? "W" : "E";
  const std::string when = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", now, absl::UTCTimeZone());
  absl::MutexLock l(&stderr_mu);
  std::fprintf(stderr, "%s %s kinerjad[%s] %.*s\n", when.c_str(), tag, node_.c_str(),
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace kinerja::daemon
