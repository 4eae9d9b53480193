// The number formats of DOMAIN.md as users paste them from OCR'd documents and Excel: whole
// rupiah ("Rp. 238,339,761,000,-") and decimal numbers held as fixed point with four decimals
// ("97,5" -> 975000). Parsing never goes through floating point; writing follows a Style.
#ifndef KINERJA_COMMON_VALUES_ANGKA_H_
#define KINERJA_COMMON_VALUES_ANGKA_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/values/style.h"

namespace kinerja::values {

// Scale of fixed-point numbers: a value v is held as v * kAngkaScale (Nilai.angka_e4).
inline constexpr int64_t kAngkaScale = 10'000;

// Parses an amount of whole rupiah:
//   [Rp | Rp.] [-] digits [tail]      (prefix in any case, blanks around allowed)
// where digits are either a plain run ("1500000") or grouped in threes by one kind of
// separator, '.' or ',' ("2.357.012.000", "23,368,000"; the first group has 1-3 digits and
// no leading zero), and the optional tail is ",-", ".-", ",00" or ".00". A ",00"/".00" tail
// must use the other separator than the grouping ("1.000.000,00", "1,000,000.00").
// Returns INVALID_ARGUMENT, with a short reason, for anything else: mixed grouping
// ("1.000,000"), any other fraction ("1.000,50"), a lone "-" (callers decide what an empty
// or "-" cell means), or a value beyond int64.
[[nodiscard]] absl::StatusOr<int64_t> ParseRupiah(absl::string_view text);

// Formats whole rupiah with '.' grouping, in both styles: 238339761000 -> "238.339.761.000",
// -1500 -> "-1.500", 0 -> "0". Exact for every int64, the minimum included;
// ParseRupiah(FormatRupiah(x)) == x for every x > INT64_MIN.
std::string FormatRupiah(int64_t rupiah);

// Parses a decimal number into fixed point (value * 10,000):
//   [-] digits [separator digits]...   (blanks around allowed)
// A separator followed by exactly three digits groups thousands ("1.000" = "1,000" = 1000,
// "1.000.000"), provided the first group has 1-3 digits without a leading zero; otherwise a
// single ',' or '.' is the decimal point ("97,5" -> 975000, "97.20" -> 972000,
// "0,125" -> 1250). Grouping and a decimal point may be combined when they differ
// ("1.234,5", "1,234.5").
// Returns INVALID_ARGUMENT for anything else, for more than four significant decimals (the
// value is never rounded; trailing zeros do not count) and for values beyond int64.
[[nodiscard]] absl::StatusOr<int64_t> ParseAngkaE4(absl::string_view text);

// Formats a fixed-point value (value * kAngkaScale), trailing zeros of the fraction dropped.
// - Style::kDocument, as an Indonesian document writes it: '.' groups thousands, ',' is the
//   decimal point: 975000 -> "97,5", 10000000 -> "1.000", 12345000 -> "1.234,5". Exactly three
//   decimals are padded to four ("0,1250") so that the result never reads as grouping.
//   ParseAngkaE4(FormatAngkaE4(x, Style::kDocument)) == x for every x > INT64_MIN.
// - Style::kDisplay, plain decimal notation: 975000 -> "97.5", 120000 -> "12",
//   -5 -> "-0.0005", 12345000 -> "1234.5".
std::string FormatAngkaE4(int64_t e4, Style style);

// The magnitude of `x` without overflowing on INT64_MIN.
uint64_t Magnitude(int64_t x);

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_ANGKA_H_
