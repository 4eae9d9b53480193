// The one translation of a node's configuration into the options its components take: the
// node (with its replica), the link to the upstream, the sync sessions children open and the
// sync listener. kinerjad reads a NodeConfig and calls this; nothing else maps config fields.
// Defaults are not restated here: a complete NodeConfig carries them (node_config_defaults.h
// reads them from the components' Options structs), and options this config has no field for
// keep their struct's default.
#ifndef KINERJA_DAEMON_CONFIG_DAEMON_OPTIONS_H_
#define KINERJA_DAEMON_CONFIG_DAEMON_OPTIONS_H_

#include "daemon/node/node.h"
#include "daemon/sync/sync_engine_options.h"
#include "daemon/sync/sync_service_options.h"
#include "daemon/sync/upstream_options.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

struct DaemonOptions {
  // The node and its replica. `registry` (the --registry file's entries) and `upstream_link`
  // (a transport) are the caller's to fill; `upstream_address` is set for a node with an
  // upstream.
  daemon::NodeOptions node;
  // The link to the parent node, for the transport the caller wires; `address` is empty for
  // the national node.
  daemon::UpstreamOptions upstream;
  // Batching and window of the sessions children open with this node (the parent end).
  daemon::SyncEngineOptions sync_service;
  // How many sessions children may hold at once, how long a silent one lasts, and how long a
  // connection to the sync listener lives.
  daemon::SyncServiceOptions sync_limits;
  // Largest message the sync listener accepts from a peer, in bytes.
  int max_message_bytes = 0;
};

// The options of every component for `config`.
// REQUIRES: `config` is complete and valid (LoadNodeConfig or CompleteNodeConfig made it).
[[nodiscard]] DaemonOptions DaemonOptionsFromConfig(const v1::NodeConfig& config);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_DAEMON_OPTIONS_H_
