// The child end of sync over gRPC: a background loop that runs a session with the upstream
// node whenever there is something to do (a local change, the periodic pull, a `sync now`),
// with exponential backoff and jitter while the upstream does not answer. The node works at
// full speed without it: this loop only moves data when the link is up.
#ifndef KINERJA_DAEMON_SYNC_UPSTREAM_SYNCER_H_
#define KINERJA_DAEMON_SYNC_UPSTREAM_SYNCER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "daemon/authz/registry.h"
#include "daemon/sync/sync_engine.h"
#include "grpcpp/grpcpp.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

struct UpstreamOptions {
  // HOST:PORT of the parent node. Required.
  std::string address;
  // This node's satker code.
  std::string self;
  // Channel credentials (mTLS) or insecure ones. Required.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // Plaintext loopback mode: the node names itself in request metadata. Default: false.
  bool insecure = false;
  // Batching and window of each session.
  SyncEngineOptions engine;
  // Largest message accepted from the upstream. Default: 8 MiB.
  int max_message_bytes = 8 << 20;
  // First delay after a failed attempt; doubles up to max_backoff, with ±50% jitter.
  // Default: 500 ms.
  absl::Duration initial_backoff = absl::Milliseconds(500);
  // Default: 60 s.
  absl::Duration max_backoff = absl::Seconds(60);
  // Pull period when nothing happens locally. Default: 5 s.
  absl::Duration interval = absl::Seconds(5);
  // How long a session waits for the connection to come up. Default: 10 s.
  absl::Duration connect_timeout = absl::Seconds(10);
  // Deadline of one session. Default: 30 min.
  absl::Duration session_deadline = absl::Minutes(30);
};

class UpstreamSyncer {
 public:
  // What the loop knows about the upstream link.
  struct LinkState {
    bool reachable = false;  // Whether the latest attempt succeeded.
    absl::Time last_success = absl::InfinitePast();
    std::string last_error;              // Of the latest attempt, if it failed.
    storage::VersionVector upstream_vv;  // Upstream's vector as of the latest session.
    uint64_t sessions = 0;               // Successful sessions.
    uint64_t failures = 0;               // Failed attempts.
    uint64_t refused = 0;                // Sessions we ended for a change the parent sent us
                                         // that authorisation refused.
  };

  // REQUIRES: `replica` outlives this object; `registry` returns the current registry.
  UpstreamSyncer(storage::Replica* replica,
                 std::function<std::shared_ptr<const Registry>()> registry,
                 UpstreamOptions options);
  ~UpstreamSyncer();  // Stops the loop.

  void Start();
  void Stop();

  // Something changed locally: sync soon (after the current backoff, if any).
  void Poke();

  // Runs a session now (ignoring backoff) and waits for it. UNAVAILABLE if the upstream
  // cannot be reached, DEADLINE_EXCEEDED if it takes longer than `timeout`.
  absl::StatusOr<SyncStats> SyncNow(absl::Duration timeout);

  LinkState link_state() const;

 private:
  void Loop();
  absl::StatusOr<SyncStats> RunSession();
  bool ShouldRun() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::Replica* const replica_;
  const std::function<std::shared_ptr<const Registry>()> registry_;
  const UpstreamOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::SyncService::Stub> stub_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool poked_ ABSL_GUARDED_BY(mu_) = true;       // Sync once at start.
  uint64_t requested_ ABSL_GUARDED_BY(mu_) = 0;  // SyncNow requests issued.
  uint64_t completed_ ABSL_GUARDED_BY(mu_) = 0;  // Requests covered by a finished attempt.
  absl::Status last_status_ ABSL_GUARDED_BY(mu_);
  SyncStats last_stats_ ABSL_GUARDED_BY(mu_);
  absl::Time not_before_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();  // Backoff gate.
  absl::Time next_pull_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();   // Periodic pull.
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_);
  LinkState link_ ABSL_GUARDED_BY(mu_);
  absl::BitGen rng_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_UPSTREAM_SYNCER_H_
