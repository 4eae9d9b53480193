#include "common/values/periode.h"

#include <algorithm>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace kinerja::values {
namespace {

constexpr absl::string_view kRomanQuarters[] = {"I", "II", "III", "IV"};

v1::Periode Quarter(int n) { return static_cast<v1::Periode>(v1::PERIODE_TW1 + n - 1); }
v1::Periode Month(int n) { return static_cast<v1::Periode>(v1::PERIODE_B01 + n - 1); }

// The 1-based number of a quarter written as "1".."4" or "I".."IV"; 0 if it is neither.
int QuarterNumber(absl::string_view text) {
  for (int n = 1; n <= 4; ++n) {
    if (text == absl::StrCat(n) || text == kRomanQuarters[n - 1]) return n;
  }
  return 0;
}

// The 1-based number of a month written with one or two digits; 0 if it is not one.
int MonthNumber(absl::string_view text) {
  int n = 0;
  if (text.empty() || text.size() > 2 || !absl::SimpleAtoi(text, &n)) return 0;
  if (!absl::ascii_isdigit(static_cast<unsigned char>(text.front()))) return 0;  // "+1".
  return n >= 1 && n <= 12 ? n : 0;
}

// Whether two periods are consecutive of the same kind (B03 then B04, TW1 then TW2).
bool Consecutive(v1::Periode a, v1::Periode b) {
  return b == a + 1 && ((IsMonth(a) && IsMonth(b)) || (IsQuarter(a) && IsQuarter(b)));
}

absl::Status BadItem(absl::string_view item, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(why, " \"", item, "\""));
}

// Appends the periods of one schedule item, a single period or a range.
absl::Status AppendItem(absl::string_view item, std::vector<v1::Periode>* out) {
  const std::vector<absl::string_view> ends = absl::StrSplit(item, '-');
  if (ends.size() > 2) return BadItem(item, "bad range");
  v1::Periode bounds[2] = {v1::PERIODE_UNSPECIFIED, v1::PERIODE_UNSPECIFIED};
  for (size_t i = 0; i < ends.size(); ++i) {
    const absl::string_view token = absl::StripAsciiWhitespace(ends[i]);
    absl::StatusOr<v1::Periode> periode = ParsePeriode(token);
    if (!periode.ok() || !(IsMonth(*periode) || IsQuarter(*periode))) {
      return BadItem(token, "bad month or quarter");
    }
    bounds[i] = *periode;
  }
  if (ends.size() == 1) {
    out->push_back(bounds[0]);
    return absl::OkStatus();
  }
  if (IsMonth(bounds[0]) != IsMonth(bounds[1])) {
    return BadItem(item, "range mixes months and quarters");
  }
  if (bounds[0] > bounds[1]) return BadItem(item, "range runs backwards");
  for (int p = bounds[0]; p <= bounds[1]; ++p) out->push_back(static_cast<v1::Periode>(p));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Periode> ParsePeriode(absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  absl::string_view rest = upper;
  if (rest == "TAHUNAN") return v1::PERIODE_TAHUNAN;
  if (absl::ConsumePrefix(&rest, "TW")) {
    if (const int n = QuarterNumber(absl::StripLeadingAsciiWhitespace(rest))) return Quarter(n);
  } else if (absl::ConsumePrefix(&rest, "B")) {
    if (const int n = MonthNumber(absl::StripLeadingAsciiWhitespace(rest))) return Month(n);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("not a period: \"", text, "\"; expected TAHUNAN, TW1-TW4 or B01-B12"));
}

std::string FormatPeriode(v1::Periode periode) {
  if (periode == v1::PERIODE_TAHUNAN) return "TAHUNAN";
  if (IsQuarter(periode)) return absl::StrCat("TW", periode - v1::PERIODE_TW1 + 1);
  if (IsMonth(periode)) return absl::StrFormat("B%02d", periode - v1::PERIODE_B01 + 1);
  return "";
}

std::string FormatBulan(int bulan) {
  if (bulan < 1 || bulan > 12) return absl::StrCat(bulan);
  return FormatPeriode(Month(bulan));
}

bool IsMonth(v1::Periode periode) {
  return periode >= v1::PERIODE_B01 && periode <= v1::PERIODE_B12;
}

bool IsQuarter(v1::Periode periode) {
  return periode >= v1::PERIODE_TW1 && periode <= v1::PERIODE_TW4;
}

absl::StatusOr<std::vector<v1::Periode>> ParseJadwal(absl::string_view text) {
  if (absl::StripAsciiWhitespace(text).empty()) {
    return absl::InvalidArgumentError("empty schedule");
  }
  std::vector<v1::Periode> out;
  for (const absl::string_view raw : absl::StrSplit(text, ',')) {
    const absl::string_view item = absl::StripAsciiWhitespace(raw);
    if (item.empty()) return absl::InvalidArgumentError("empty item in schedule");
    if (absl::Status s = AppendItem(item, &out); !s.ok()) return s;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string FormatJadwal(absl::Span<const v1::Periode> jadwal) {
  std::vector<v1::Periode> sorted(jadwal.begin(), jadwal.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out;
  for (size_t i = 0; i < sorted.size();) {
    size_t last = i;
    while (last + 1 < sorted.size() && Consecutive(sorted[last], sorted[last + 1])) ++last;
    if (!out.empty()) out.push_back(',');
    absl::StrAppend(&out, FormatPeriode(sorted[i]));
    if (last > i) absl::StrAppend(&out, "-", FormatPeriode(sorted[last]));
    i = last + 1;
  }
  return out;
}

std::vector<v1::Periode> PeriodesOf(absl::Span<const int> field) {
  std::vector<v1::Periode> periodes;
  periodes.reserve(field.size());
  for (const int p : field) periodes.push_back(static_cast<v1::Periode>(p));
  return periodes;
}

}  // namespace kinerja::values
