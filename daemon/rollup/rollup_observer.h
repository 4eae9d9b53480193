// The rollup engine: a storage::VisibleObserver that keeps, in the same atomic batch as the
// changes, the rollup rows of each satker and year (rollup_keys.h): budget totals per satker,
// program and kegiatan with monthly figures, and indicators with their target, realisations
// and the counts of indicators with a target, with a realisasi and meeting their target.
// Each visible value contributes to its rows: a change subtracts the old value's contribution
// and adds the new one's, so rows equal a recomputation from the records at all times.
#ifndef KINERJA_DAEMON_ROLLUP_ROLLUP_OBSERVER_H_
#define KINERJA_DAEMON_ROLLUP_ROLLUP_OBSERVER_H_

#include "storage/derived_rows.h"

namespace kinerja::rollup {

// Thread-compatible: the replica calls it from the committing thread, under its write lock.
class RollupObserver final : public storage::VisibleObserver {
 public:
  // Keys that are not budget or indicator records are ignored. Undecodable values are an
  // error (DATA_LOSS): the batch fails rather than rollups going wrong. Money is added with a
  // check: a change that would take any stored sum past int64 is INVALID_ARGUMENT naming the
  // row and the field (DESIGN.md, "Money never wraps"; the per-value bound that keeps real
  // data far from it is codec/record_limits.h), and the batch fails whole.
  [[nodiscard]] absl::Status OnVisibleChange(absl::string_view key, const std::string* before,
                                             const std::string* after,
                                             storage::DerivedRows* rows) override;
};

}  // namespace kinerja::rollup

#endif  // KINERJA_DAEMON_ROLLUP_ROLLUP_OBSERVER_H_
