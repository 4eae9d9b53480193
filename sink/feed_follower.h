// FeedFollower: keeps PostgreSQL equal to national's rollup feed. It reads the cursor stored
// in PostgreSQL, asks national's QueryService.WatchRollups for every change after it, checks
// that the cursors follow on without a gap, and applies each streamed batch with the new
// cursor in one transaction (PgStore::Apply). When either end fails it starts again from the
// cursor stored in PostgreSQL after an exponential backoff, so nothing is skipped or doubled.
#ifndef KINERJA_SINK_FEED_FOLLOWER_H_
#define KINERJA_SINK_FEED_FOLLOWER_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "sink/pg_store.h"

namespace kinerja::sink {

struct FeedFollowerOptions {
  // HOST:PORT of national kinerjad's admin listener (QueryService). Default: "".
  std::string feed_address;
  // Keep following the feed (false: stop once what national held at the start is applied).
  // Default: true.
  bool follow = true;
  // First wait after a failure; doubled after each failure in a row. Default: 100 ms.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  // Longest wait between attempts. Default: 30 s.
  absl::Duration max_backoff = absl::Seconds(30);
  // Deadline of a non-following feed call (follow = false). Default: 10 min.
  absl::Duration catch_up_deadline = absl::Minutes(10);
  // Called when a streamed batch arrives, before it is applied (figures for a benchmark).
  // Default: none.
  std::function<void(const PgStore::Changes& changes)> on_received;
  // Called after each committed batch with its number of changes and last cursor (figures for
  // a benchmark). Default: none.
  std::function<void(size_t changes, uint64_t cursor)> on_applied;
};

// Not thread-safe: Run is called once, from one thread.
class FeedFollower {
 public:
  // `store` and `log` must outlive the follower. `log` gets one line per resume, failure
  // and retry.
  FeedFollower(FeedFollowerOptions options, PgStore* store, std::ostream* log);

  // With follow: runs until a failure that retrying cannot mend, and returns it:
  // FAILED_PRECONDITION when the feed skips a cursor, INVALID_ARGUMENT for a change the sink
  // cannot read, INTERNAL for a database error other than a lost connection, or the feed's
  // own refusal (e.g. PERMISSION_DENIED). Unreachable ends (UNAVAILABLE, DEADLINE_EXCEEDED),
  // a stored cursor moved by someone else (ABORTED) and a stream national ended are retried
  // after the backoff.
  // Without follow: OK once caught up; an unreachable end is returned (UNAVAILABLE) instead
  // of retried.
  [[nodiscard]] absl::Status Run();

 private:
  // One attempt: read the stored cursor, stream from it, apply. Sets *progress when at least
  // one batch committed.
  [[nodiscard]] absl::Status Attempt(bool* progress);

  const FeedFollowerOptions options_;
  PgStore* const store_;
  std::ostream* const log_;
};

}  // namespace kinerja::sink

#endif  // KINERJA_SINK_FEED_FOLLOWER_H_
