// How the child end of sync keeps its link to the upstream node: where it is, how sessions
// are batched, how often to pull and how patiently to retry. Transport-free, so configuration
// and the node can name it; a transport's own settings (credentials) come to it separately.
#ifndef KINERJA_DAEMON_SYNC_UPSTREAM_OPTIONS_H_
#define KINERJA_DAEMON_SYNC_UPSTREAM_OPTIONS_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "daemon/sync/sync_engine_options.h"

namespace kinerja::daemon {

struct SyncStats;  // daemon/sync/sync_engine.h

struct UpstreamOptions {
  // HOST:PORT of the parent node. Required.
  std::string address;
  // This node's satker code. Required.
  std::string self;
  // Plaintext loopback mode: the node names itself in request metadata. Default: false.
  bool insecure = false;
  // Batching and window of each session. Default: SyncEngineOptions's defaults.
  SyncEngineOptions engine;
  // Largest message accepted from the upstream. Default: 8 MiB.
  int max_message_bytes = 8 << 20;
  // First delay after a failed attempt; doubles up to max_backoff, with ±50% jitter.
  // Default: 500 ms.
  absl::Duration initial_backoff = absl::Milliseconds(500);
  // Cap of the doubling delay. Default: 60 s.
  absl::Duration max_backoff = absl::Seconds(60);
  // Pull period when nothing happens locally. Default: 5 s.
  absl::Duration interval = absl::Seconds(5);
  // How long a session waits for the connection to come up. Default: 10 s.
  absl::Duration connect_timeout = absl::Seconds(10);
  // Deadline of one session. Default: 30 min.
  absl::Duration session_deadline = absl::Minutes(30);
  // Called after each session attempt with its outcome and what it moved (from the loop's
  // thread; keep it short). Default: none.
  std::function<void(const absl::Status&, const SyncStats&)> on_session_end;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_UPSTREAM_OPTIONS_H_
