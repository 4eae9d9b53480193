// Reporting periods as users write them (TAHUNAN, TW1-TW4 or TW I-TW IV, B01-B12 or B1-B12)
// and Rencana Aksi schedules, lists of periods and ranges such as "B1-B3,B6,B10-B12" or
// "TW1,TW3"; plus the canonical text for writing them back.
#ifndef KINERJA_COMMON_VALUES_PERIODE_H_
#define KINERJA_COMMON_VALUES_PERIODE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::values {

// Parses one period, in any case, blanks around and between prefix and number ignored:
// "TAHUNAN"; "TW1".."TW4" or "TW I".."TW IV"; "B01".."B12" or "B1".."B9".
// Returns INVALID_ARGUMENT naming the text for anything else.
[[nodiscard]] absl::StatusOr<v1::Periode> ParsePeriode(absl::string_view text);

// The canonical text of a period: "TAHUNAN", "TW1", "B01". "" for PERIODE_UNSPECIFIED and
// values outside the enum. The same in both styles and in storage keys.
std::string FormatPeriode(v1::Periode periode);

// A month 1..12 as its period, "B01".."B12"; any other number as itself ("13").
std::string FormatBulan(int bulan);

// True for B01-B12; false for TAHUNAN, quarters and UNSPECIFIED.
bool IsMonth(v1::Periode periode);

// True for TW1-TW4.
bool IsQuarter(v1::Periode periode);

// Parses a schedule: comma-separated items, each a month or quarter (see ParsePeriode) or a
// range "from-to" of two months or two quarters with from <= to. Blanks around commas and
// dashes are ignored. Months and quarters may both appear, but a range never mixes them.
// Returns the periods sorted by enum value (quarters before months) without duplicates.
// Returns INVALID_ARGUMENT naming the offending item for an empty schedule or item, TAHUNAN,
// a bad token, a mixed or backward range.
[[nodiscard]] absl::StatusOr<std::vector<v1::Periode>> ParseJadwal(absl::string_view text);

// Writes a schedule back in the form ParseJadwal reads, joining consecutive months or
// quarters into ranges: {B01, B02, B03, B06} -> "B01-B03,B06"; {TW1, TW3} -> "TW1,TW3".
// The input need not be sorted; duplicates are dropped. Any other period (TAHUNAN) is written
// as a single item, which ParseJadwal refuses. The same in both styles.
std::string FormatJadwal(absl::Span<const v1::Periode> jadwal);

// The periods of a repeated enum field such as RencanaAksi.jadwal, in field order.
std::vector<v1::Periode> PeriodesOf(absl::Span<const int> field);

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_PERIODE_H_
