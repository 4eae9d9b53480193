#include "sink/feed_follower.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/rpc/query_client.h"

namespace kinerja::sink {
namespace {

// Failures a later attempt can get past: an end that is down or restarting.
bool IsTransient(const absl::Status& st) {
  switch (st.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kUnknown:
      return true;
    default:
      return false;
  }
}

}  // namespace

FeedFollower::FeedFollower(FeedFollowerOptions options, PgStore* store, std::ostream* log)
    : options_(std::move(options)), store_(store), log_(log) {}

absl::Status FeedFollower::Run() {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    bool progress = false;
    const absl::Status st = Attempt(&progress);
    if (st.ok() && !options_.follow) return st;
    if (progress) backoff = options_.initial_backoff;
    // Retried: an end down or restarting; the stored cursor moved by someone else (ABORTED);
    // national ending a following stream (OK), which it does only when it stops.
    const bool retry =
        st.ok() || st.code() == absl::StatusCode::kAborted || (IsTransient(st) && options_.follow);
    if (!retry) return st;
    if (st.ok() && progress) continue;
    *log_ << "kinerja-sink: "
          << (st.ok() ? std::string("the feed ended") : std::string(st.message()))
          << "; retrying in " << absl::FormatDuration(backoff) << "\n"
          << std::flush;
    // A wait for time itself (the backoff), not for a condition.
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(backoff));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status FeedFollower::Attempt(bool* progress) {
  const absl::StatusOr<uint64_t> stored = store_->ReadCursor();
  if (!stored.ok()) return stored.status();
  *log_ << "kinerja-sink: following " << options_.feed_address << " after cursor " << *stored
        << "\n"
        << std::flush;
  client::QueryClientOptions query_options;
  query_options.deadline = options_.catch_up_deadline;
  client::QueryClient query(options_.feed_address, query_options);
  v1::WatchRollupsRequest request;
  request.set_cursor(*stored);
  request.set_follow(options_.follow);
  uint64_t expected = *stored + 1;
  std::vector<v1::RollupChange> batch;
  absl::Status st =
      query.WatchRollups(request, [&](const v1::WatchRollupsResponse& response) -> absl::Status {
        if (response.changes().empty()) return absl::OkStatus();
        if (options_.on_received) options_.on_received(response.changes());
        for (const v1::RollupChange& c : response.changes()) {
          if (c.cursor() != expected) {
            return absl::FailedPreconditionError(absl::StrCat(
                "the feed at ", options_.feed_address, " skipped from cursor ", expected - 1,
                " to ", c.cursor(), " (was national's data directory replaced?)"));
          }
          ++expected;
        }
        if (absl::Status applied = store_->Apply(response.changes()); !applied.ok()) {
          return applied;
        }
        *progress = true;
        if (options_.on_applied) {
          options_.on_applied(response.changes_size(), expected - 1);
        }
        return absl::OkStatus();
      });
  if (st.ok() && !options_.follow) {
    *log_ << "kinerja-sink: caught up at cursor " << expected - 1 << "\n" << std::flush;
  }
  return st;
}

}  // namespace kinerja::sink
