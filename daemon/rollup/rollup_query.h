// Consolidated figures read from rollup rows (never from raw records): the rollup of a satker
// and its subtree, and the LKj tables of one satker.
#ifndef KINERJA_DAEMON_ROLLUP_ROLLUP_QUERY_H_
#define KINERJA_DAEMON_ROLLUP_ROLLUP_QUERY_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/authz/registry.h"
#include "kinerja/v1/query.pb.h"
#include "storage/replica.h"

namespace kinerja::rollup {

// The rollup of `request.satker` (this node's satker `node` or one below it) for a year: its
// totals over the whole subtree, one row per direct child's subtree (and the satker's own
// figures), per program, per month and the indicator counts. PERMISSION_DENIED for a satker
// outside this node's subtree; NOT_FOUND for an unknown one.
[[nodiscard]] absl::StatusOr<v1::RollupResponse> QueryRollup(const storage::ReadView& view,
                                                             const daemon::Registry& registry,
                                                             absl::string_view node,
                                                             const v1::RollupRequest& request);

// The LKj tables of one satker and year: indicators with target, realisasi and capaian;
// budget per program and kegiatan with subtotals and totals; months without a budget report;
// flags (realisasi above pagu, capaian above 120). Same errors as QueryRollup.
[[nodiscard]] absl::StatusOr<v1::LkjResponse> QueryLkj(const storage::ReadView& view,
                                                       const daemon::Registry& registry,
                                                       absl::string_view node,
                                                       const v1::LkjRequest& request);

}  // namespace kinerja::rollup

#endif  // KINERJA_DAEMON_ROLLUP_ROLLUP_QUERY_H_
