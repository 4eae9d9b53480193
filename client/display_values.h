// How kinerjactl shows single values: rupiah grouped the Indonesian way, percentages with two
// decimals, periods and schedules by their short names, Nilai as the document wrote it, HLC
// timestamps and change ids. Pure functions; the time zone is always passed in.
#ifndef KINERJA_CLIENT_DISPLAY_VALUES_H_
#define KINERJA_CLIENT_DISPLAY_VALUES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "kinerja/v1/config.pb.h"
#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::client {

// Whole rupiah with '.' between groups of three digits: 238339761000 -> "238.339.761.000",
// -1500 -> "-1.500", 0 -> "0". Exact for every int64, including the minimum.
std::string FormatRupiah(int64_t rupiah);

// numerator / denominator as a percentage rounded half away from zero to two decimals, with
// '.' as the decimal point as in the LKj documents: (231658704797, 238339761000) -> "97.20%".
// Computed in integers, never in floating point. "-" when the denominator is 0.
std::string FormatPercent(int64_t numerator, int64_t denominator);

// A fixed-point value with four decimals (Nilai.angka_e4) in plain decimal notation, trailing
// zeros of the fraction dropped: 975000 -> "97.5", 120000 -> "12", -5 -> "-0.0005".
std::string FormatAngkaE4(int64_t angka_e4);

// "TAHUNAN", "TW1".."TW4", "B01".."B12"; "" for PERIODE_UNSPECIFIED or an unknown value.
std::string FormatPeriode(v1::Periode periode);

// A month 1..12 as its period, "B01".."B12"; any other number as itself ("13").
std::string FormatBulan(int bulan);

// A Rencana Aksi schedule, consecutive months or quarters joined into ranges, in the order
// given: {B01, B02, B03, B06} -> "B01-B03,B06"; {TW1, TW3} -> "TW1,TW3".
std::string FormatJadwal(absl::Span<const int> jadwal);

// A Nilai for people: its `teks` as the document wrote it. When `teks` is empty, the number
// with its unit ("12 Kali"; a "%" value with exactly two decimals, "97.50%") or the category.
std::string FormatNilai(const v1::Nilai& nilai);

// Lower-case enum words as users write them in import files and configuration:
// "kabkota", "RKT", "positif", "office". "" for UNSPECIFIED values.
std::string FormatTingkat(v1::Tingkat tingkat);
std::string FormatDokumen(v1::Dokumen dokumen);
std::string FormatPolaritas(v1::Polaritas polaritas);
std::string FormatRole(v1::Role role);

// A hybrid logical clock value (physical ms << 16 | counter) as local time with milliseconds,
// the counter appended after '/' when it is not 0: "2024-05-01 10:00:00.123" or
// "2024-05-01 10:00:00.123/2".
std::string FormatHlc(uint64_t hlc, absl::TimeZone time_zone);

// "origin#seq", the form `resolve --pick` reads: "3604.9f2c41d07ab3#12".
std::string FormatChangeId(const v1::ChangeId& id);
std::string FormatChangeId(absl::string_view origin, uint64_t seq);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_DISPLAY_VALUES_H_
