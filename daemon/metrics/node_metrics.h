// The node's Prometheus metrics (prometheus-cpp's registry and text format 0.0.4): counters
// and histograms fed by the node's seams as things happen (sessions ending, batches applied,
// syncs written), gauges read from the node when scraped. Base units, one `kinerja_` prefix;
// `peer` is a direct peer's satker code (a child or the parent), anything else is "other", so
// the label's values are bounded by the registry. No HTTP here: kinerjad serves Scrape().
#ifndef KINERJA_DAEMON_METRICS_NODE_METRICS_H_
#define KINERJA_DAEMON_METRICS_NODE_METRICS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "daemon/sync/sync_engine.h"
#include "storage/version_vector.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace kinerja::daemon {

// What kinerja_build_info says.
struct BuildInfo {
  std::string version;   // The program's version.
  std::string role;      // "office", "province" or "national".
  std::string protocol;  // Sync protocol version.
};

// The node's state as read at scrape time.
struct NodeGauges {
  // Lag in changes with one direct peer: `down` = changes the peer advertised (its last
  // hello or ack) that this node lacks; `up` = changes this node holds that the peer has not
  // acknowledged.
  struct PeerLag {
    std::string peer;
    uint64_t down = 0;
    uint64_t up = 0;
  };
  std::vector<PeerLag> lag;
  uint64_t pending_up = 0;       // Changes waiting to go to the upstream.
  uint64_t sessions_active = 0;  // Sync sessions in progress.
  // Serialized bytes of children's messages received and not yet applied; the highest since
  // start.
  uint64_t received_held_bytes = 0;
  uint64_t received_held_bytes_peak = 0;
  uint64_t conflicts = 0;        // Keys with more than one head.
  uint64_t clock_skew_events = 0;  // Over the life of the data directory.
  uint64_t feed_head = 0;        // Cursor of the newest rollup-feed entry.
};

// What the sessions with one direct peer left, for `status` (the same events the Prometheus
// series count: one source for both).
struct PeerSessions {
  absl::Time last_seen = absl::InfinitePast();     // A session last got an answer; never.
  absl::Time last_session = absl::InfinitePast();  // The last session ended; never.
  absl::Status last_status;                        // How it ended.
  uint64_t refusals = 0;                           // Sessions ended refusing what it sent.
  uint32_t protocol_version = 0;                   // Its last hello's; 0 none seen.
  std::string software_version;                    // Its last hello's, if it named one.
};

// Changes `theirs` lacks of `ours` (sum over origins of ours - theirs where ours is ahead).
uint64_t ChangesAhead(const storage::VersionVector& ours, const storage::VersionVector& theirs);

// Thread-safe: the node's threads report concurrently; Scrape may run at any time.
class NodeMetrics {
 public:
  // `is_direct_peer` says whether a satker code is a child or the parent of this node (the
  // registry changes as it replicates); `gauges` reads the node's state at each scrape.
  NodeMetrics(const BuildInfo& build, std::function<bool(const std::string&)> is_direct_peer,
              std::function<NodeGauges()> gauges);
  ~NodeMetrics();
  NodeMetrics(const NodeMetrics&) = delete;
  NodeMetrics& operator=(const NodeMetrics&) = delete;

  // A sync session with `peer` ended with `status`, having moved `stats`. `refused`: it
  // ended refusing what the peer sent (counted in kinerja_sync_refusals_total, reason the
  // status code). A session that reached the peer updates its last-seen time.
  void SessionEnded(const std::string& peer, const absl::Status& status, const SyncStats& stats,
                    bool refused);
  // A child's vector as its session left it (for its lag).
  void ChildVector(const std::string& peer, const storage::VersionVector& vv);
  // The vector of a child, as last known, or an empty one.
  storage::VersionVector ChildVectorOf(const std::string& peer) const;
  // The children whose vectors are known.
  std::vector<std::string> KnownChildren() const;
  // What the sessions with direct peer `peer` left (all "never" if none ended yet).
  PeerSessions SessionsOf(const std::string& peer) const;

  void ObserveApplyBatch(absl::Duration d);
  void ObserveFsync(absl::Duration d);
  // The time of the last successful backup (kinerja_backup_last_success_timestamp_seconds; 0
  // until set).
  void SetBackupLastSuccess(absl::Time t);

  // Every metric in Prometheus text format 0.0.4, the gauges read now.
  std::string Scrape();

 private:
  std::string PeerLabel(const std::string& peer) const;

  const std::function<bool(const std::string&)> is_direct_peer_;
  const std::function<NodeGauges()> gauges_;
  const std::shared_ptr<prometheus::Registry> registry_;

  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Gauge>& last_seen_;
  prometheus::Family<prometheus::Counter>& sessions_total_;
  prometheus::Family<prometheus::Counter>& changes_total_;
  prometheus::Family<prometheus::Counter>& bytes_total_;
  prometheus::Family<prometheus::Counter>& refusals_total_;
  prometheus::Gauge& pending_up_;
  prometheus::Gauge& sessions_active_;
  prometheus::Gauge& received_held_bytes_;
  prometheus::Gauge& received_held_bytes_peak_;
  prometheus::Gauge& conflicts_open_;
  prometheus::Counter& clock_skew_;
  prometheus::Gauge& feed_head_;
  prometheus::Gauge& backup_last_success_;
  prometheus::Histogram& apply_batch_;
  prometheus::Histogram& fsync_;
  prometheus::Gauge& rss_;
  prometheus::Gauge& open_fds_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, storage::VersionVector> child_vv_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, PeerSessions> sessions_ ABSL_GUARDED_BY(mu_);
  uint64_t clock_skew_seen_ ABSL_GUARDED_BY(mu_) = 0;  // What clock_skew_ was raised to.
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_METRICS_NODE_METRICS_H_
