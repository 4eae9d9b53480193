// The bounds a record's values keep (DESIGN.md, "Money never wraps"), checked wherever a record
// enters a replica: per row at import, on a resolve's merged record, and on every change a node
// receives. Import paths (whole-file or streaming) call CheckRecordLimits once per record.
//
// Rule (DESIGN.md states the goal, not the bound): every money field — an int64 field whose
// name ends in "_rupiah", in any record kind — lies in [-kMaxRupiah, kMaxRupiah], with
// kMaxRupiah = 10^15 rupiah (one quadrillion; the whole state budget is about 3.3 * 10^15, the
// largest figure in DOMAIN.md's documents 2.4 * 10^11). int64 holds 9.22 * 10^18, so more than
// 9,000 such values of one satker and year, or of the whole country, must be summed before a
// rollup could wrap: no legitimate set of changes can. The rollup engine still adds with a
// check (rollup_observer.h) and refuses a change that would take a sum past int64, so a forged
// or absurd data set is refused, never wrapped; because the bound keeps that case out of reach
// of real data, refusing a received change for it cannot wedge a legitimate replication.
#ifndef KINERJA_DAEMON_CODEC_RECORD_LIMITS_H_
#define KINERJA_DAEMON_CODEC_RECORD_LIMITS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// Largest magnitude of one money value, in rupiah.
inline constexpr int64_t kMaxRupiah = 1'000'000'000'000'000;

// OK, or INVALID_ARGUMENT naming the field and its value ("pagu_rupiah
// 9.223.372.036.854.775.807 is beyond ..."); callers prefix where the record came from
// (file:line, change origin#seq). Thread-safe.
[[nodiscard]] absl::Status CheckRecordLimits(const v1::Record& record);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_RECORD_LIMITS_H_
