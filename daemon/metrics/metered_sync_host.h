// A SyncHost that reports each child's session to NodeMetrics and then hands it to the node:
// kinerjad puts it between SyncServiceImpl and the node, so neither knows of metrics.
#ifndef KINERJA_DAEMON_METRICS_METERED_SYNC_HOST_H_
#define KINERJA_DAEMON_METRICS_METERED_SYNC_HOST_H_

#include <functional>
#include <memory>
#include <utility>
#include <string>

#include "daemon/metrics/node_metrics.h"
#include "daemon/sync/sync_host.h"

namespace kinerja::daemon {

// Thread-safe as `inner` and NodeMetrics are. REQUIRES: both outlive it.
class MeteredSyncHost final : public SyncHost {
 public:
  // `accepting` says whether new sessions may start (false while draining).
  MeteredSyncHost(SyncHost* inner, NodeMetrics* metrics, std::function<bool()> accepting)
      : inner_(inner), metrics_(metrics), accepting_(std::move(accepting)) {}

  // UNAVAILABLE while draining: the child retries after its backoff, elsewhere or later.
  [[nodiscard]] absl::StatusOr<std::unique_ptr<SessionPolicy>> PolicyForChild(
      const std::string& peer) override {
    if (!accepting_()) return absl::UnavailableError("kinerjad is shutting down; retry later");
    return inner_->PolicyForChild(peer);
  }
  // Refused as the node counts it: PERMISSION_DENIED, or a batch the engine refused.
  void SessionEnded(const std::string& peer, const absl::Status& status,
                    const SyncStats& stats) override {
    metrics_->SessionEnded(peer, status, stats,
                           status.code() == absl::StatusCode::kPermissionDenied || stats.refused);
    inner_->SessionEnded(peer, status, stats);
  }
  void SessionPeerVector(const std::string& peer, const storage::VersionVector& vv) override {
    metrics_->ChildVector(peer, vv);
    inner_->SessionPeerVector(peer, vv);
  }

 private:
  SyncHost* const inner_;
  NodeMetrics* const metrics_;
  const std::function<bool()> accepting_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_METRICS_METERED_SYNC_HOST_H_
