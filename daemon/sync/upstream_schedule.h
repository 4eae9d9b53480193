// When the child end of sync runs its next session: once at start, soon after a local change
// (a poke), periodically to pull the parent's news, and after a failure only once a backoff
// has passed that doubles up to a cap, with jitter. Pure decisions over a `now` the caller
// passes in and a generator seeded from outside, so the gRPC loop (a thread on the real clock)
// and the simulator (virtual time, one seed) run the same schedule.
#ifndef KINERJA_DAEMON_SYNC_UPSTREAM_SCHEDULE_H_
#define KINERJA_DAEMON_SYNC_UPSTREAM_SCHEDULE_H_

#include <cstdint>
#include <random>

#include "absl/time/time.h"
#include "daemon/sync/upstream_options.h"

namespace kinerja::daemon {

// Not thread-safe: its owner serialises calls.
class UpstreamSchedule {
 public:
  // Uses `options`' initial_backoff, max_backoff and interval; draws jitter from a generator
  // seeded with `seed`. Starts poked: the first session runs at once.
  UpstreamSchedule(const UpstreamOptions& options, uint64_t seed);

  // Something changed locally: run once any backoff has passed.
  void Poke() { poked_ = true; }
  // Whether a session is due at `now`.
  bool Due(absl::Time now) const;
  // The earliest time Due can become true without a Poke (InfinitePast: due already).
  absl::Time NextDue() const;
  // A session starts now: the poke it serves is consumed.
  void Began() { poked_ = false; }
  // The session ended at `now`, successfully or not. A failure sets a backoff of the current
  // delay times a jitter in [0.5, 1.5), doubles the delay up to max_backoff, and retries once
  // it has passed; a success resets the delay. Either way the next pull is `interval` away.
  void Succeeded(absl::Time now);
  void Failed(absl::Time now);

  absl::Duration backoff() const { return backoff_; }

 private:
  // Uniform in [0.5, 1.5), from 53 bits of the generator: the same on every platform.
  double Jitter();

  const absl::Duration initial_backoff_;
  const absl::Duration max_backoff_;
  const absl::Duration interval_;
  std::mt19937_64 rng_;
  bool poked_ = true;
  absl::Time not_before_ = absl::InfinitePast();  // Backoff gate.
  absl::Time next_pull_ = absl::InfinitePast();   // Periodic pull.
  absl::Duration backoff_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_UPSTREAM_SCHEDULE_H_
