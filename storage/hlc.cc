#include "storage/hlc.h"

#include <algorithm>

namespace kinerja::storage {

int64_t SystemClock::NowMillis() { return absl::ToUnixMillis(absl::Now()); }

int64_t ManualClock::NowMillis() {
  absl::MutexLock l(&mu_);
  return now_millis_;
}

void ManualClock::Set(int64_t now_millis) {
  absl::MutexLock l(&mu_);
  now_millis_ = now_millis;
}

void ManualClock::Advance(absl::Duration d) {
  absl::MutexLock l(&mu_);
  now_millis_ += absl::ToInt64Milliseconds(d);
}

HybridLogicalClock::HybridLogicalClock(PhysicalClock* clock, Options options)
    : clock_(clock), max_skew_millis_(absl::ToInt64Milliseconds(options.max_clock_skew)) {}

uint64_t HybridLogicalClock::Now() {
  const int64_t physical = std::max<int64_t>(clock_->NowMillis(), 0);
  absl::MutexLock l(&mu_);
  const uint64_t candidate = HlcPack(physical, 0);
  // Packed timestamps compare as integers; +1 advances the logical counter and carries into
  // the millisecond part on overflow, so this never stalls.
  last_ = candidate > last_ ? candidate : last_ + 1;
  return last_;
}

bool HybridLogicalClock::Observe(uint64_t received) {
  const int64_t physical = std::max<int64_t>(clock_->NowMillis(), 0);
  const uint64_t bound = HlcPack(physical + max_skew_millis_, 0xffffu);
  absl::MutexLock l(&mu_);
  bool within = true;
  if (received > bound) {
    ++skew_events_;
    within = false;
    received = bound;
  }
  last_ = std::max(last_, received);
  return within;
}

void HybridLogicalClock::Restore(uint64_t last) {
  absl::MutexLock l(&mu_);
  last_ = std::max(last_, last);
}

uint64_t HybridLogicalClock::Last() const {
  absl::MutexLock l(&mu_);
  return last_;
}

uint64_t HybridLogicalClock::skew_events() const {
  absl::MutexLock l(&mu_);
  return skew_events_;
}

}  // namespace kinerja::storage
