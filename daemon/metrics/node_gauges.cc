#include "daemon/metrics/node_gauges.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/authz/authz.h"

namespace kinerja::daemon {

bool IsDirectPeer(const Node& node, const std::string& peer) {
  const std::shared_ptr<const Registry> reg = node.registry();
  return reg->Parent(node.node()) == peer || reg->Parent(peer) == node.node();
}

namespace {

// Lag with `child` whose vector is `theirs`: down = what it advertised that `ours` lacks, up =
// what `ours` holds of the origins of its subtree and its ancestors that it lacks.
NodeGauges::PeerLag ChildLag(const Registry& reg, const std::string& child,
                             const storage::VersionVector& ours,
                             const storage::VersionVector& theirs) {
  storage::VersionVector in_scope;
  for (const auto& [origin, seq] : ours.entries()) {
    const std::string satker = OriginSatker(origin);
    if (reg.IsSelfOrAncestor(satker, child) || reg.IsSelfOrAncestor(child, satker)) {
      in_scope.Set(origin, seq);
    }
  }
  return {child, ChangesAhead(theirs, ours), ChangesAhead(in_scope, theirs)};
}

int64_t UnixMs(absl::Time t) { return t == absl::InfinitePast() ? 0 : absl::ToUnixMillis(t); }

}  // namespace

void AddChildRows(const Node& node, const NodeMetrics& metrics, v1::StatusResponse* status) {
  const std::shared_ptr<const Registry> reg = node.registry();
  std::vector<std::string> children = reg->Children(node.node());
  std::sort(children.begin(), children.end());
  const storage::VersionVector ours = storage::VersionVector::FromProto(status->version_vector());
  for (const std::string& child : children) {
    v1::ChildStatus* row = status->add_children();
    row->set_satker(child);
    if (const v1::Satker* entry = reg->Find(child); entry != nullptr) row->set_name(entry->nama());
    const PeerSessions s = metrics.SessionsOf(child);
    row->set_last_seen_unix_ms(UnixMs(s.last_seen));
    row->set_last_session_unix_ms(UnixMs(s.last_session));
    row->set_last_session_ok(s.last_session != absl::InfinitePast() && s.last_status.ok());
    if (!s.last_status.ok()) row->set_last_session_error(s.last_status.ToString());
    row->set_refusals(s.refusals);
    row->set_protocol_version(s.protocol_version);
    row->set_software_version(s.software_version);
    const NodeGauges::PeerLag lag = ChildLag(*reg, child, ours, metrics.ChildVectorOf(child));
    row->set_lag_down(lag.down);
    row->set_lag_up(lag.up);
  }
}

NodeGauges ReadNodeGauges(Node& node, const NodeMetrics& metrics, size_t sessions_active) {
  NodeGauges g;
  const v1::StatusResponse status = node.Status();
  const storage::VersionVector ours = storage::VersionVector::FromProto(status.version_vector());
  const std::shared_ptr<const Registry> reg = node.registry();
  if (std::optional<UpstreamLink::LinkState> link = node.upstream_state(); link.has_value()) {
    g.lag.push_back({reg->Parent(node.node()), ChangesAhead(link->upstream_vv, ours),
                     status.waiting_up()});
  }
  for (const std::string& child : metrics.KnownChildren()) {
    g.lag.push_back(ChildLag(*reg, child, ours, metrics.ChildVectorOf(child)));
  }
  g.pending_up = status.waiting_up();
  g.sessions_active = sessions_active;
  g.conflicts = status.conflicts();
  g.clock_skew_events = status.clock_skew_events();
  g.feed_head = node.replica()->feed_head();
  return g;
}

}  // namespace kinerja::daemon
