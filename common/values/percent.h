// Percentages as the domain shows them (DOMAIN.md, "Rules"): computed exactly from integers
// and rounded half-up (away from zero) to two decimals only when shown. This is the one
// rounding that penyerapan, capaian and every display of a percentage go through.
#ifndef KINERJA_COMMON_VALUES_PERCENT_H_
#define KINERJA_COMMON_VALUES_PERCENT_H_

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "common/values/style.h"

namespace kinerja::values {

// A percentage rounded to hundredths: 97.20% is {false, 9720}.
struct RoundedPercent {
  bool negative = false;         // Never true when hundredths is 0 (no "-0.00").
  absl::uint128 hundredths = 0;  // The magnitude, in hundredths of a percent.
};

// numerator / denominator x percent_per_unit percent, rounded half away from zero to
// hundredths of a percent: (231658704797, 238339761000, 100) -> 97.20% (a fraction of one,
// such as realisasi / pagu); (97195, 1000, 1) -> 97.20% (a value already in percent, such as
// a capaian fraction). Computed in 128-bit integers: exact for every int64 numerator and
// denominator and every percent_per_unit up to 100.
// REQUIRES: denominator != 0; 0 < percent_per_unit <= 100.
RoundedPercent RoundPercent(int64_t numerator, int64_t denominator, int64_t percent_per_unit);

// The number of a rounded percentage with exactly two decimals, without the '%':
// Style::kDisplay "97.20", "-0.01"; Style::kDocument "97,20".
std::string FormatRoundedPercent(const RoundedPercent& percent, Style style);

// numerator / denominator (a fraction of one) as a percentage with its sign:
// (231658704797, 238339761000) -> "97.20%" (kDisplay) or "97,20%" (kDocument). "-" when the
// denominator is 0.
std::string FormatPercent(int64_t numerator, int64_t denominator, Style style);

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_PERCENT_H_
