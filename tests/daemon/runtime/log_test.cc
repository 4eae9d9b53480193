// The log line formats: JSON escaping (quotes, backslash, control characters, invalid UTF-8),
// the JSON line's keys, and the text format that existed before JSON, unchanged.
#include "daemon/runtime/log.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

absl::Time At() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 29, 14, 32, 41), absl::UTCTimeZone()) +
         absl::Milliseconds(7);
}

TEST(JsonEscapeTest, QuotesBackslashAndControlCharactersAreEscaped) {
  EXPECT_EQ(JsonEscape("a\"b\\c\nd\te\rf"), "a\\\"b\\\\c\\nd\\te\\rf");
  EXPECT_EQ(JsonEscape(std::string("x\0y\x1f\x7f", 5)), "x\\u0000y\\u001f\\u007f");
}

TEST(JsonEscapeTest, ValidUtf8IsKept) {
  EXPECT_EQ(JsonEscape("Rp 1.000 — capaian 97,2% 😀"), "Rp 1.000 — capaian 97,2% 😀");
}

TEST(JsonEscapeTest, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(JsonEscape("a\xff"
                       "b"),
            "a\\ufffdb");                                  // Never a UTF-8 byte.
  EXPECT_EQ(JsonEscape("\x80"), "\\ufffd");                // Stray continuation byte.
  EXPECT_EQ(JsonEscape("\xc3"), "\\ufffd");                // Truncated at the end.
  EXPECT_EQ(JsonEscape("\xc3x"), "\\ufffdx");              // Truncated before ASCII.
  EXPECT_EQ(JsonEscape("\xc0\xaf"), "\\ufffd\\ufffd");     // Overlong '/'.
  EXPECT_EQ(JsonEscape("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");  // A surrogate.
  EXPECT_EQ(JsonEscape("\xf4\x90\x80\x80"), "\\ufffd\\ufffd\\ufffd\\ufffd");  // Past U+10FFFF.
}

TEST(JsonLogLineTest, HasTheKeysAndLeavesOutEmptyFields) {
  EXPECT_EQ(FormatJsonLogLine(At(), LogLevel::kInfo, "3604", LogFields{}, "ready: x"),
            "{\"ts\":\"2026-11-29T14:32:41.007Z\",\"level\":\"info\",\"msg\":\"ready: x\","
            "\"node\":\"3604\",\"component\":\"daemon\"}");
  EXPECT_EQ(FormatJsonLogLine(At(), LogLevel::kWarning, "36",
                              LogFields{.component = "sync",
                                        .peer = "3604",
                                        .session = "7",
                                        .change = "3603.00000000abcd#1"},
                              "refused \"x\""),
            "{\"ts\":\"2026-11-29T14:32:41.007Z\",\"level\":\"warning\",\"msg\":\"refused "
            "\\\"x\\\"\",\"node\":\"36\",\"component\":\"sync\",\"peer\":\"3604\",\"session\":"
            "\"7\",\"change\":\"3603.00000000abcd#1\"}");
}

TEST(LoggerTest, ASinkGetsTheMessageWithOrWithoutFields) {
  std::vector<std::string> lines;
  const Logger log("36", [&](LogLevel level, absl::string_view node, absl::string_view message) {
    lines.push_back(absl::StrCat(LogLevelName(level), " ", node, " ", message));
  });
  log.Info("a ", 1);
  log.Warning(LogFields{.component = "sync", .peer = "3604"}, "b ", 2);
  log.Error(LogFields{}, "c");
  EXPECT_EQ(lines, (std::vector<std::string>{"info 36 a 1", "warning 36 b 2", "error 36 c"}));
}

}  // namespace
}  // namespace kinerja::daemon
