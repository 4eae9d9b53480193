#include "common/values/angka.h"

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace kinerja::values {
namespace {

constexpr int kMaxDecimals = 4;

// Runs of digits and the single '.' or ',' between them: "1.234,5" is groups {"1", "234",
// "5"} and separators ".,"; separators[i] sits between groups[i] and groups[i + 1].
struct DigitGroups {
  std::vector<absl::string_view> groups;
  std::string separators;
};

// Splits `s` into digit groups; nullopt if it holds anything else or an empty group.
std::optional<DigitGroups> SplitDigitGroups(absl::string_view s) {
  DigitGroups out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) continue;
    if (i == start) return std::nullopt;  // Empty group, or an empty string.
    out.groups.push_back(s.substr(start, i - start));
    if (i == s.size()) break;
    if (s[i] != '.' && s[i] != ',') return std::nullopt;
    out.separators.push_back(s[i]);
    start = i + 1;
  }
  return out;
}

bool AllSame(absl::string_view separators) {
  return separators.find_first_not_of(separators.front()) == absl::string_view::npos;
}

// True if `groups` (at least two) read as thousands grouping: a first group of 1-3 digits
// without a leading zero, then groups of exactly three.
bool IsThousandsGrouping(const std::vector<absl::string_view>& groups, size_t count) {
  const absl::string_view first = groups.front();
  if (first.empty() || first.size() > 3 || first.front() == '0') return false;
  for (size_t i = 1; i < count; ++i) {
    if (groups[i].size() != 3) return false;
  }
  return true;
}

// Appends decimal digits to *value. Returns false on int64 overflow.
bool AppendDigits(absl::string_view digits, int64_t* value) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (const char c : digits) {
    const int d = c - '0';
    if (*value > (kMax - d) / 10) return false;
    *value = *value * 10 + d;
  }
  return true;
}

// Digits of `magnitude` with `separator` between groups of three: 1234567 -> "1.234.567".
std::string GroupThousands(uint64_t magnitude, char separator) {
  const std::string digits = absl::StrCat(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return out;
}

absl::Status NotANumber(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("not ", what));
}

}  // namespace

uint64_t Magnitude(int64_t x) {
  return x < 0 ? uint64_t{0} - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
}

absl::StatusOr<int64_t> ParseRupiah(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  if (s.size() >= 2 && absl::EqualsIgnoreCase(s.substr(0, 2), "rp")) {
    s.remove_prefix(2);
    absl::ConsumePrefix(&s, ".");
    s = absl::StripLeadingAsciiWhitespace(s);
  }
  const bool negative = absl::ConsumePrefix(&s, "-");
  char tail_separator = 0;
  if (absl::EndsWith(s, ",-") || absl::EndsWith(s, ".-")) {
    s.remove_suffix(2);
  } else if (absl::EndsWith(s, ",00") || absl::EndsWith(s, ".00")) {
    tail_separator = s[s.size() - 3];
    s.remove_suffix(3);
  }

  const std::optional<DigitGroups> parts = SplitDigitGroups(s);
  if (!parts.has_value()) return NotANumber("an amount of rupiah");
  const std::string& separators = parts->separators;
  if (!separators.empty()) {
    if (!AllSame(separators)) {
      return absl::InvalidArgumentError("mixes '.' and ',' to group thousands");
    }
    if (separators.front() == tail_separator) {
      return absl::InvalidArgumentError(
          "uses the same separator to group thousands and before the 00 tail");
    }
    if (!IsThousandsGrouping(parts->groups, parts->groups.size())) {
      return absl::InvalidArgumentError(
          "digits must be grouped in threes; rupiah are whole (only ,00 or ,- may follow)");
    }
  }
  int64_t value = 0;
  for (const absl::string_view group : parts->groups) {
    if (!AppendDigits(group, &value)) return absl::InvalidArgumentError("amount too large");
  }
  return negative ? -value : value;
}

std::string FormatRupiah(int64_t rupiah) {
  return absl::StrCat(rupiah < 0 ? "-" : "", GroupThousands(Magnitude(rupiah), '.'));
}

absl::StatusOr<int64_t> ParseAngkaE4(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  const bool negative = absl::ConsumePrefix(&s, "-");
  const std::optional<DigitGroups> parts = SplitDigitGroups(s);
  if (!parts.has_value()) return NotANumber("a number");
  const std::vector<absl::string_view>& groups = parts->groups;
  const std::string& separators = parts->separators;
  const size_t n = separators.size();

  // How many leading groups form the integer part; the group after them, if any, holds the
  // decimals.
  size_t integer_groups = groups.size();
  if (n == 1) {
    if (!IsThousandsGrouping(groups, 2)) integer_groups = 1;
  } else if (n >= 2) {
    const bool last_is_decimal_point = separators[n - 1] != separators[n - 2];
    if (last_is_decimal_point) integer_groups = n;
    const absl::string_view grouping(separators.data(), integer_groups - 1);
    if (!AllSame(grouping)) {
      return absl::InvalidArgumentError("mixes '.' and ',' to group thousands");
    }
    if (!IsThousandsGrouping(groups, integer_groups)) {
      return absl::InvalidArgumentError(
          "separators must group thousands in threes, with at most one decimal point");
    }
  }

  int64_t value = 0;
  for (size_t i = 0; i < integer_groups; ++i) {
    if (!AppendDigits(groups[i], &value)) return absl::InvalidArgumentError("number too large");
  }
  absl::string_view decimals = integer_groups < groups.size() ? groups.back() : "";
  while (!decimals.empty() && decimals.back() == '0') decimals.remove_suffix(1);
  if (decimals.size() > kMaxDecimals) {
    return absl::InvalidArgumentError("more than four decimals");
  }
  const std::string padded =
      absl::StrCat(decimals, std::string(kMaxDecimals - decimals.size(), '0'));
  if (!AppendDigits(padded, &value)) return absl::InvalidArgumentError("number too large");
  return negative ? -value : value;
}

std::string FormatAngkaE4(int64_t e4, Style style) {
  const uint64_t magnitude = Magnitude(e4);
  const uint64_t whole = magnitude / kAngkaScale;
  const bool document = style == Style::kDocument;
  std::string out =
      absl::StrCat(e4 < 0 ? "-" : "", document ? GroupThousands(whole, '.') : absl::StrCat(whole));
  std::string decimals = absl::StrCat(magnitude % kAngkaScale + kAngkaScale).substr(1);
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  // In a document "1,125" would read as 1125.
  if (document && decimals.size() == 3) decimals.push_back('0');
  if (!decimals.empty()) absl::StrAppend(&out, document ? "," : ".", decimals);
  return out;
}

}  // namespace kinerja::values
