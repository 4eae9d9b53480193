// Reads the gauges of NodeMetrics from a node at scrape time: lag with each direct peer,
// changes waiting to go up, conflicts, clock skew events and the feed head.
#ifndef KINERJA_DAEMON_METRICS_NODE_GAUGES_H_
#define KINERJA_DAEMON_METRICS_NODE_GAUGES_H_

#include <cstddef>

#include "daemon/metrics/node_metrics.h"
#include "daemon/node/node.h"

namespace kinerja::daemon {

// Lag with the parent from the upstream link's vector (up: Status's waiting_up, the node's
// subtree only). Lag with each child from the vector its last session left (`metrics`), over
// the origins of the child's subtree and of its ancestors (what a child's scope can hold).
// `sessions_active`: children's sessions in progress.
NodeGauges ReadNodeGauges(Node& node, const NodeMetrics& metrics, size_t sessions_active);

// Adds to `status` (a Status response of `node`) one row per direct child the registry names,
// in code order, also those never seen: its name, its sessions as `metrics` recorded them
// (last seen, last result, refusals, protocol version) and its lag, computed exactly as the
// kinerja_replication_lag_changes series (a child never seen: what it lacks is everything in
// its scope). Nothing at an office.
void AddChildRows(const Node& node, const NodeMetrics& metrics, v1::StatusResponse* status);

// Whether `peer` is `node`'s parent or one of its children in the current registry.
bool IsDirectPeer(const Node& node, const std::string& peer);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_METRICS_NODE_GAUGES_H_
