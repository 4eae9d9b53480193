#include "daemon/metrics/node_gauges.h"

#include <memory>
#include <optional>
#include <string>

#include "daemon/authz/authz.h"

namespace kinerja::daemon {

bool IsDirectPeer(const Node& node, const std::string& peer) {
  const std::shared_ptr<const Registry> reg = node.registry();
  return reg->Parent(node.node()) == peer || reg->Parent(peer) == node.node();
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
    const storage::VersionVector theirs = metrics.ChildVectorOf(child);
    storage::VersionVector in_scope;
    for (const auto& [origin, seq] : ours.entries()) {
      const std::string satker = OriginSatker(origin);
      if (reg->IsSelfOrAncestor(satker, child) || reg->IsSelfOrAncestor(child, satker)) {
        in_scope.Set(origin, seq);
      }
    }
    g.lag.push_back({child, ChangesAhead(theirs, ours), ChangesAhead(in_scope, theirs)});
  }
  g.pending_up = status.waiting_up();
  g.sessions_active = sessions_active;
  g.conflicts = status.conflicts();
  g.clock_skew_events = status.clock_skew_events();
  g.feed_head = node.replica()->feed_head();
  return g;
}

}  // namespace kinerja::daemon
