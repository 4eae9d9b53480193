#include "daemon/sync/upstream_schedule.h"

#include <algorithm>

namespace kinerja::daemon {

UpstreamSchedule::UpstreamSchedule(const UpstreamOptions& options, uint64_t seed)
    : initial_backoff_(options.initial_backoff),
      max_backoff_(options.max_backoff),
      interval_(options.interval),
      rng_(seed),
      backoff_(options.initial_backoff) {}

bool UpstreamSchedule::Due(absl::Time now) const {
  return now >= not_before_ && (poked_ || now >= next_pull_);
}

absl::Time UpstreamSchedule::NextDue() const {
  return poked_ ? not_before_ : std::max(not_before_, next_pull_);
}

void UpstreamSchedule::Succeeded(absl::Time now) {
  backoff_ = initial_backoff_;
  not_before_ = now;
  next_pull_ = now + interval_;
}

void UpstreamSchedule::Failed(absl::Time now) {
  not_before_ = now + backoff_ * Jitter();
  backoff_ = std::min(backoff_ * 2, max_backoff_);
  poked_ = true;  // Retry when the backoff expires.
  next_pull_ = now + interval_;
}

double UpstreamSchedule::Jitter() {
  return 0.5 + static_cast<double>(rng_() >> 11) * 0x1.0p-53;
}

}  // namespace kinerja::daemon
