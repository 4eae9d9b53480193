#include "daemon/metrics/node_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "daemon/metrics/process_stats.h"

namespace kinerja::daemon {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// Durations from 0.5 ms to about 16 s, doubling: a commit with sync on an SSD takes a few
// milliseconds, on a tired office disk hundreds.
prometheus::Histogram::BucketBoundaries DurationBuckets() {
  prometheus::Histogram::BucketBoundaries b;
  for (double s = 0.0005; s < 20; s *= 2) b.push_back(s);
  return b;
}

// "permission_denied", "invalid_argument", ...: a refusal's reason, bounded by the codes.
std::string ReasonOf(const absl::Status& status) {
  return absl::AsciiStrToLower(absl::StatusCodeToString(status.code()));
}

double Seconds(absl::Time t) { return absl::ToDoubleSeconds(t - absl::UnixEpoch()); }

}  // namespace

uint64_t ChangesAhead(const storage::VersionVector& ours, const storage::VersionVector& theirs) {
  uint64_t ahead = 0;
  for (const auto& [origin, seq] : ours.entries()) {
    const uint64_t held = theirs.Get(origin);
    if (seq > held) ahead += seq - held;
  }
  return ahead;
}

NodeMetrics::NodeMetrics(const BuildInfo& build,
                         std::function<bool(const std::string&)> is_direct_peer,
                         std::function<NodeGauges()> gauges)
    : is_direct_peer_(std::move(is_direct_peer)),
      gauges_(std::move(gauges)),
      registry_(std::make_shared<prometheus::Registry>()),
      lag_(BuildGauge()
               .Name("kinerja_replication_lag_changes")
               .Help("Changes out of step with a direct peer: direction=\"down\" the peer "
                     "advertised (last hello or ack) and this node lacks, \"up\" this node "
                     "holds and the peer has not acknowledged")
               .Register(*registry_)),
      last_seen_(BuildGauge()
                     .Name("kinerja_peer_last_seen_timestamp_seconds")
                     .Help("Unix time a sync session with the peer last got an answer")
                     .Register(*registry_)),
      sessions_total_(BuildCounter()
                          .Name("kinerja_sync_sessions_total")
                          .Help("Sync sessions with a peer by result (ok, refused, error)")
                          .Register(*registry_)),
      changes_total_(BuildCounter()
                         .Name("kinerja_sync_changes_total")
                         .Help("Changes moved with a peer: direction=\"down\" received from it "
                               "and newly held, \"up\" sent to it")
                         .Register(*registry_)),
      bytes_total_(BuildCounter()
                       .Name("kinerja_sync_bytes_total")
                       .Help("Encoded change-batch bytes moved with a peer (down: received, "
                             "up: sent)")
                       .Register(*registry_)),
      refusals_total_(BuildCounter()
                          .Name("kinerja_sync_refusals_total")
                          .Help("Sessions ended refusing what a peer sent, by status code")
                          .Register(*registry_)),
      pending_up_(BuildGauge()
                      .Name("kinerja_sync_pending_up_changes")
                      .Help("Changes of this node's subtree the upstream is not known to hold")
                      .Register(*registry_)
                      .Add({})),
      sessions_active_(BuildGauge()
                           .Name("kinerja_sync_sessions_active")
                           .Help("Children's sync sessions in progress")
                           .Register(*registry_)
                           .Add({})),
      received_held_bytes_(BuildGauge()
                               .Name("kinerja_sync_received_held_bytes")
                               .Help("Serialized bytes of children's sync messages received "
                                     "and not yet applied")
                               .Register(*registry_)
                               .Add({})),
      received_held_bytes_peak_(BuildGauge()
                                    .Name("kinerja_sync_received_held_bytes_peak")
                                    .Help("Highest kinerja_sync_received_held_bytes since start")
                                    .Register(*registry_)
                                    .Add({})),
      conflicts_open_(BuildGauge()
                          .Name("kinerja_conflicts_open")
                          .Help("Keys with more than one head")
                          .Register(*registry_)
                          .Add({})),
      clock_skew_(BuildCounter()
                      .Name("kinerja_clock_skew_events_total")
                      .Help("Received timestamps too far ahead of local time, over the life "
                            "of the data directory")
                      .Register(*registry_)
                      .Add({})),
      feed_head_(BuildGauge()
                     .Name("kinerja_feed_head_cursor")
                     .Help("Cursor of the newest rollup-feed entry")
                     .Register(*registry_)
                     .Add({})),
      backup_last_success_(BuildGauge()
                               .Name("kinerja_backup_last_success_timestamp_seconds")
                               .Help("Unix time of the last successful backup; 0: none since "
                                     "start")
                               .Register(*registry_)
                               .Add({})),
      apply_batch_(BuildHistogram()
                       .Name("kinerja_apply_batch_duration_seconds")
                       .Help("Time to apply one received batch durably")
                       .Register(*registry_)
                       .Add({}, DurationBuckets())),
      fsync_(BuildHistogram()
                 .Name("kinerja_fsync_duration_seconds")
                 .Help("Time of one write with sync (the WAL's fsync)")
                 .Register(*registry_)
                 .Add({}, DurationBuckets())),
      rss_(BuildGauge()
               .Name("process_resident_memory_bytes")
               .Help("Resident memory size in bytes")
               .Register(*registry_)
               .Add({})),
      open_fds_(BuildGauge()
                    .Name("process_open_fds")
                    .Help("Number of open file descriptors")
                    .Register(*registry_)
                    .Add({})) {
  BuildGauge()
      .Name("kinerja_build_info")
      .Help("Always 1; the labels say which program, role and sync protocol")
      .Register(*registry_)
      .Add({{"version", build.version}, {"role", build.role}, {"protocol", build.protocol}})
      .Set(1);
}

NodeMetrics::~NodeMetrics() = default;

std::string NodeMetrics::PeerLabel(const std::string& peer) const {
  return is_direct_peer_(peer) ? peer : "other";
}

void NodeMetrics::SessionEnded(const std::string& peer, const absl::Status& status,
                               const SyncStats& stats, bool refused) {
  const std::string label = PeerLabel(peer);
  const char* result = status.ok() ? "ok" : refused ? "refused" : "error";
  sessions_total_.Add({{"peer", label}, {"result", result}}).Increment();
  if (refused) refusals_total_.Add({{"peer", label}, {"reason", ReasonOf(status)}}).Increment();
  changes_total_.Add({{"peer", label}, {"direction", "down"}})
      .Increment(static_cast<double>(stats.received_changes));
  changes_total_.Add({{"peer", label}, {"direction", "up"}})
      .Increment(static_cast<double>(stats.sent_changes));
  bytes_total_.Add({{"peer", label}, {"direction", "down"}})
      .Increment(static_cast<double>(stats.received_bytes));
  bytes_total_.Add({{"peer", label}, {"direction", "up"}})
      .Increment(static_cast<double>(stats.sent_bytes));
  const absl::Time now = absl::Now();
  const bool seen = status.ok() || refused || stats.received_batches > 0 || stats.sent_batches > 0;
  if (seen) last_seen_.Add({{"peer", label}}).Set(Seconds(now));
  if (label == "other") return;
  absl::MutexLock l(&mu_);
  PeerSessions& s = sessions_[peer];
  s.last_session = now;
  s.last_status = status;
  if (seen) s.last_seen = now;
  if (refused) ++s.refusals;
  if (stats.peer_protocol_version != 0) {
    s.protocol_version = stats.peer_protocol_version;
    s.software_version = stats.peer_software_version;
  }
}

PeerSessions NodeMetrics::SessionsOf(const std::string& peer) const {
  absl::MutexLock l(&mu_);
  auto it = sessions_.find(peer);
  return it == sessions_.end() ? PeerSessions{} : it->second;
}

void NodeMetrics::ChildVector(const std::string& peer, const storage::VersionVector& vv) {
  if (!is_direct_peer_(peer)) return;
  absl::MutexLock l(&mu_);
  child_vv_[peer] = vv;
}

storage::VersionVector NodeMetrics::ChildVectorOf(const std::string& peer) const {
  absl::MutexLock l(&mu_);
  auto it = child_vv_.find(peer);
  return it == child_vv_.end() ? storage::VersionVector() : it->second;
}

std::vector<std::string> NodeMetrics::KnownChildren() const {
  absl::MutexLock l(&mu_);
  std::vector<std::string> peers;
  for (const auto& [peer, vv] : child_vv_) peers.push_back(peer);
  std::sort(peers.begin(), peers.end());
  return peers;
}

void NodeMetrics::ObserveApplyBatch(absl::Duration d) {
  apply_batch_.Observe(absl::ToDoubleSeconds(d));
}

void NodeMetrics::ObserveFsync(absl::Duration d) { fsync_.Observe(absl::ToDoubleSeconds(d)); }

void NodeMetrics::SetBackupLastSuccess(absl::Time t) { backup_last_success_.Set(Seconds(t)); }

std::string NodeMetrics::Scrape() {
  const NodeGauges g = gauges_();
  for (const NodeGauges::PeerLag& lag : g.lag) {
    const std::string label = PeerLabel(lag.peer);
    lag_.Add({{"peer", label}, {"direction", "down"}}).Set(static_cast<double>(lag.down));
    lag_.Add({{"peer", label}, {"direction", "up"}}).Set(static_cast<double>(lag.up));
  }
  pending_up_.Set(static_cast<double>(g.pending_up));
  sessions_active_.Set(static_cast<double>(g.sessions_active));
  received_held_bytes_.Set(static_cast<double>(g.received_held_bytes));
  received_held_bytes_peak_.Set(static_cast<double>(g.received_held_bytes_peak));
  conflicts_open_.Set(static_cast<double>(g.conflicts));
  feed_head_.Set(static_cast<double>(g.feed_head));
  {
    absl::MutexLock l(&mu_);
    if (g.clock_skew_events > clock_skew_seen_) {
      clock_skew_.Increment(static_cast<double>(g.clock_skew_events - clock_skew_seen_));
      clock_skew_seen_ = g.clock_skew_events;
    }
  }
  const ProcessStats process = ReadProcessStats();
  rss_.Set(static_cast<double>(process.resident_bytes));
  open_fds_.Set(static_cast<double>(process.open_fds));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace kinerja::daemon
