#include "common/values/percent.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/values/angka.h"

namespace kinerja::values {

RoundedPercent RoundPercent(int64_t numerator, int64_t denominator, int64_t percent_per_unit) {
  // |numerator| < 2^64 times 100 x 100 stays far below 2^128, and so does twice it.
  const absl::uint128 n =
      absl::uint128(Magnitude(numerator)) * static_cast<uint64_t>(percent_per_unit) * 100;
  const absl::uint128 d = Magnitude(denominator);
  RoundedPercent out;
  out.hundredths = (n * 2 + d) / (d * 2);
  out.negative = (numerator < 0) != (denominator < 0) && out.hundredths != 0;
  return out;
}

std::string FormatRoundedPercent(const RoundedPercent& percent, Style style) {
  const absl::uint128 whole = percent.hundredths / 100;
  const int fraction = static_cast<int>(absl::Uint128Low64(percent.hundredths % 100));
  // A uint128 has no StrCat overload; the quotient of an int64-derived value by 100 still may
  // not fit 64 bits (INT64_MAX x 100 / 1), so it is written in two halves.
  std::string digits;
  if (absl::Uint128High64(whole) == 0) {
    digits = absl::StrCat(absl::Uint128Low64(whole));
  } else {
    constexpr uint64_t kTenTo18 = 1'000'000'000'000'000'000;
    digits = absl::StrFormat("%d%018d", absl::Uint128Low64(whole / kTenTo18),
                             absl::Uint128Low64(whole % kTenTo18));
  }
  return absl::StrFormat("%s%s%c%02d", percent.negative ? "-" : "", digits,
                         style == Style::kDocument ? ',' : '.', fraction);
}

std::string FormatPercent(int64_t numerator, int64_t denominator, Style style) {
  if (denominator == 0) return "-";
  return absl::StrCat(FormatRoundedPercent(RoundPercent(numerator, denominator, 100), style), "%");
}

}  // namespace kinerja::values
