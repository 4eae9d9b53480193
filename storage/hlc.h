// Hybrid logical clock (DESIGN.md, "Clocks"): timestamps that follow physical time when the
// clock is sane, never go backwards, never stall, and adopt a peer's timestamp only up to
// physical time plus a skew bound, so one office with a clock wrong by days cannot drag
// everyone's clocks along.
#ifndef KINERJA_STORAGE_HLC_H_
#define KINERJA_STORAGE_HLC_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace kinerja::storage {

// Source of physical time, injected so tests can set it. Implementations must be thread-safe.
class PhysicalClock {
 public:
  virtual ~PhysicalClock() = default;
  // Milliseconds since the Unix epoch. May jump backwards or forwards.
  virtual int64_t NowMillis() = 0;
};

// The machine's real-time clock.
class SystemClock final : public PhysicalClock {
 public:
  int64_t NowMillis() override;
};

// A clock a test sets by hand. Thread-safe.
class ManualClock final : public PhysicalClock {
 public:
  explicit ManualClock(int64_t now_millis = 0) : now_millis_(now_millis) {}
  int64_t NowMillis() override;
  void Set(int64_t now_millis);
  void Advance(absl::Duration d);

 private:
  absl::Mutex mu_;
  int64_t now_millis_ ABSL_GUARDED_BY(mu_);
};

// An HLC timestamp packs physical milliseconds (high 48 bits) and a logical counter (low 16
// bits) into one integer, so timestamps compare as plain integers.
inline constexpr int kHlcLogicalBits = 16;
inline uint64_t HlcPack(int64_t millis, uint32_t logical) {
  return (static_cast<uint64_t>(millis) << kHlcLogicalBits) | (logical & 0xffffu);
}
inline int64_t HlcMillis(uint64_t hlc) { return static_cast<int64_t>(hlc >> kHlcLogicalBits); }
inline uint32_t HlcLogical(uint64_t hlc) { return static_cast<uint32_t>(hlc & 0xffffu); }

class HybridLogicalClock {
 public:
  struct Options {
    // How far ahead of local physical time a received timestamp may pull this clock; a
    // farther value is counted in skew_events() and adopted only up to this bound.
    // Default: 1 hour.
    absl::Duration max_clock_skew = absl::Hours(1);
  };

  // REQUIRES: `clock` outlives this object.
  HybridLogicalClock(PhysicalClock* clock, Options options);

  // Returns a timestamp strictly greater than every one returned or adopted before. When the
  // physical clock stands still or goes back, the logical counter advances (carrying into the
  // millisecond part when it overflows), so the clock never stalls.
  uint64_t Now();

  // Folds a timestamp received from a peer into this clock. Returns false (and counts a skew
  // event) if it lay beyond physical time + max_clock_skew; it is then adopted only up to that
  // bound. The received change itself is accepted regardless: that is the caller's business.
  bool Observe(uint64_t received);

  // Never issue a timestamp at or below `last` (e.g. the last one persisted before a restart).
  void Restore(uint64_t last);

  // The latest timestamp issued or adopted.
  uint64_t Last() const;

  // How many received timestamps were beyond the skew bound.
  uint64_t skew_events() const;

 private:
  PhysicalClock* const clock_;
  const int64_t max_skew_millis_;
  mutable absl::Mutex mu_;
  uint64_t last_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t skew_events_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_HLC_H_
