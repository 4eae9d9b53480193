// The domain's percentages, computed exactly from integers (DOMAIN.md, "Rules"): penyerapan
// (budget absorption) and capaian (indicator achievement, with polarity and categorical
// grades). They stay exact fractions until shown, rounded half-up to two decimals.
#ifndef KINERJA_DAEMON_ROLLUP_CAPAIAN_H_
#define KINERJA_DAEMON_ROLLUP_CAPAIAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/rollup.pb.h"

namespace kinerja::rollup {

// The percentage num / den percent. REQUIRES: den > 0.
struct Percent {
  int64_t num = 0;
  int64_t den = 1;
};

// Whether p >= percent.
bool AtLeast(const Percent& p, int64_t percent);
// Whether p > percent.
bool Above(const Percent& p, int64_t percent);

// "97.20": rounded half-up (away from zero) to two decimals.
std::string FormatPercent(const Percent& p);

// realisasi / pagu; nullopt when pagu is 0.
std::optional<Percent> Penyerapan(int64_t realisasi_rupiah, int64_t pagu_rupiah);
// FormatPercent of Penyerapan, or "" when pagu is 0.
std::string PenyerapanText(int64_t realisasi_rupiah, int64_t pagu_rupiah);

// Capaian of a realisasi against a target:
//  - numeric, positive polarity: realisasi / target x 100 (none for a zero target);
//  - numeric, negative polarity: (2 - realisasi / target) x 100, floored at 0; a zero target
//    gives 100 when realisasi is 0 (and 0 otherwise);
//  - categorical (WTP > WDP > TW > TMP; AA > A > BB > B > CC > C > D): 100 when realisasi is
//    at least the target, else the ratio of their ranks x 100.
// nullopt when either is missing, or they are not comparable (a number against a grade,
// grades of different scales).
std::optional<Percent> Capaian(const v1::Nilai& target, const v1::Nilai& realisasi,
                               v1::Polaritas polaritas);

// The realisasi an indicator is judged by: TAHUNAN if present, else the latest quarter, else
// the latest month. nullptr when there is none.
const v1::IndikatorRollup::Realisasi* FinalRealisasi(const v1::IndikatorRollup& row);

}  // namespace kinerja::rollup

#endif  // KINERJA_DAEMON_ROLLUP_CAPAIAN_H_
