// The limits of the parent end of sync: how many children's sessions it serves at once, how
// long a silent child keeps its session and how long a connection lives. Transport-free, so
// configuration can name it without gRPC.
#ifndef KINERJA_DAEMON_SYNC_SYNC_SERVICE_OPTIONS_H_
#define KINERJA_DAEMON_SYNC_SYNC_SERVICE_OPTIONS_H_

#include <cstddef>

#include "absl/time/time.h"

namespace kinerja::daemon {

struct SyncServiceOptions {
  // Sessions served at once; a session beyond it is refused with RESOURCE_EXHAUSTED before
  // anything is read, and the child retries after its backoff. Default: 256.
  size_t max_sessions = 256;
  // A session whose child sends no first message within this ends with DEADLINE_EXCEEDED.
  // Default: 10 s.
  absl::Duration hello_timeout = absl::Seconds(10);
  // After the first message: a session in which the child sends nothing for this long, while
  // this end waits on it (no step running, no write pending), ends with DEADLINE_EXCEEDED.
  // Default: 60 s.
  absl::Duration progress_timeout = absl::Seconds(60);
  // A connection to the sync listener gets a GOAWAY this long after it opened, and is closed
  // `max_connection_age_grace` later whatever still runs on it: a peer whose certificate was
  // revoked meanwhile must handshake again, and is refused. Default: 30 min.
  absl::Duration max_connection_age = absl::Minutes(30);
  // See max_connection_age. Default: 5 min.
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  // Received messages, decoded and waiting for their engine step or in it, that all sessions
  // together may hold (in serialized bytes) while sessions still read ahead of their steps.
  // Beyond it a session reads its next message only once it has stepped through all it holds,
  // so each session holds at most one batch: the parent's memory for sessions is bounded by
  // this plus one batch (sync.max_batch_bytes serialized) per session, however many send at
  // once. Default: 32 MiB.
  size_t read_ahead_bytes = size_t{32} << 20;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SYNC_SERVICE_OPTIONS_H_
