// Reading and writing a Nilai: a target or realisasi as a document states it, either a
// number with an optional unit ("95%", "12 Laporan") or a categorical grade ("WTP", "BB"),
// and the ranking of grades that capaian of categorical indicators relies on.
#ifndef KINERJA_COMMON_VALUES_NILAI_H_
#define KINERJA_COMMON_VALUES_NILAI_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/values/style.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::values {

// The scale a categorical grade belongs to.
enum class SkalaKategori {
  kOpiniBpk,    // BPK audit opinion: WTP > WDP > TW > TMP.
  kNilaiSakip,  // SAKIP grade: AA > A > BB > B > CC > C > D.
};

// The scale of `grade` (trimmed, any case), or nullopt if it is not a known grade.
std::optional<SkalaKategori> KategoriSkala(absl::string_view grade);

// The rank of `grade` (trimmed, any case) within its scale, 1 for the worst (TMP, D) up to 4
// for WTP and 7 for AA; nullopt if it is not a known grade. Ranks compare only within one
// scale: check KategoriSkala before comparing two grades.
std::optional<int> KategoriRank(absl::string_view grade);

// Parses a value cell. `teks` keeps the trimmed text as written. Then, in this order:
// - a known grade (see KategoriSkala), any case, sets `kategori` in upper case;
// - a number in ParseAngkaE4's format sets `angka_e4`; after it may come "%" (with or
//   without a blank) or a unit word or words starting with a letter ("12 Kali",
//   "1 Dokumen"), kept in `satuan` as written. A unit is accepted only if
//   `column_has_unit`; otherwise only the bare number is.
// Returns INVALID_ARGUMENT, with a short reason, for empty text (a caller for which a value is
// optional checks for emptiness first) and for anything else.
[[nodiscard]] absl::StatusOr<v1::Nilai> ParseNilai(absl::string_view text, bool column_has_unit);

// Writes `nilai` as text. "" for a Nilai with neither kind (and no teks, in kDisplay).
// - Style::kDocument: what ParseNilai(..., true) reads back to the same kind, angka_e4 or
//   kategori, and satuan: "97,5%", "12 Laporan", "WTP". `teks` is ignored (exporters that
//   want the original wording use it directly).
// - Style::kDisplay: `teks` as the document wrote it; when `teks` is empty, the number with
//   its unit ("12 Kali"; a "%" value with exactly two decimals, "97.50%") or the category.
std::string FormatNilai(const v1::Nilai& nilai, Style style);

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_NILAI_H_
