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
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "daemon/authz/registry.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/sync_engine.h"
#include "daemon/sync/upstream_link.h"
#include "daemon/sync/upstream_options.h"
#include "daemon/sync/upstream_schedule.h"
#include "grpcpp/grpcpp.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

// The gRPC UpstreamLink: a thread on the real clock that runs UpstreamSchedule's decisions and
// carries ChildSession's messages over a gRPC stream. Thread-safe.
class UpstreamSyncer final : public UpstreamLink {
 public:
  // Dials `options.address` with `credentials` (mTLS, or insecure ones for loopback); connects
  // on the first session, not here. Over mTLS a session sends nothing until the upstream's
  // certificate names the registry parent of `options.self` (else PERMISSION_DENIED). REQUIRES:
  // `replica` (and `logger`, if given; default Logger::Unnamed()) outlive this object;
  // `registry` returns the current registry.
  UpstreamSyncer(storage::Replica* replica, RegistryFn registry, UpstreamOptions options,
                 std::shared_ptr<grpc::ChannelCredentials> credentials,
                 const Logger* logger = nullptr);
  ~UpstreamSyncer() override;  // Stops the loop.

  void Start() override;
  void Stop() override;
  void Poke() override;
  [[nodiscard]] absl::StatusOr<SyncStats> SyncNow(absl::Duration timeout) override;
  LinkState link_state() const override;

 private:
  void Loop();
  // One session; `session` is its id on this node's log lines.
  [[nodiscard]] absl::StatusOr<SyncStats> RunSession(const std::string& session_id);
  // Waits until the channel is ready; false if `deadline` passes or Stop is called first.
  bool AwaitConnected(absl::Time deadline);
  bool ShouldRun() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::Replica* const replica_;
  const RegistryFn registry_;
  const UpstreamOptions options_;
  const Logger* const logger_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::SyncService::Stub> stub_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The session call in flight, if any; Stop cancels it.
  grpc::ClientContext* active_call_ ABSL_GUARDED_BY(mu_) = nullptr;
  uint64_t requested_ ABSL_GUARDED_BY(mu_) = 0;  // SyncNow requests issued.
  uint64_t completed_ ABSL_GUARDED_BY(mu_) = 0;  // Requests covered by a finished attempt.
  absl::Status last_status_ ABSL_GUARDED_BY(mu_);
  SyncStats last_stats_ ABSL_GUARDED_BY(mu_);
  UpstreamSchedule schedule_ ABSL_GUARDED_BY(mu_);  // Jitter seeded from the system's entropy.
  LinkState link_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_UPSTREAM_SYNCER_H_
