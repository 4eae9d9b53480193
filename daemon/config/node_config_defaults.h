// The defaults of NodeConfig, written down once; config.proto's "Default:" comments and
// kinerjad --help say the same. A field left zero or empty (proto3 has no "unset") takes its
// default after the config file and the flags are merged.
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_

#include <cstdint>

#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// max_clock_skew_seconds: farthest a received HLC may run ahead of local time. Default: 1 hour.
inline constexpr uint32_t kDefaultMaxClockSkewSeconds = 3600;
// sync.max_batch_changes: changes per batch. Default: 4000.
inline constexpr uint32_t kDefaultMaxBatchChanges = 4000;
// sync.max_batch_bytes: serialized change bytes per batch. Default: 1 MiB.
inline constexpr uint32_t kDefaultMaxBatchBytes = 1u << 20;
// sync.max_message_bytes: gRPC message size limit of a sync stream. Default: 8 MiB.
inline constexpr uint32_t kDefaultMaxMessageBytes = 8u << 20;
// sync.initial_backoff_ms: first retry delay after a failed session. Default: 500.
inline constexpr uint32_t kDefaultInitialBackoffMs = 500;
// sync.max_backoff_ms: cap of the exponential backoff. Default: 60000 (one minute).
inline constexpr uint32_t kDefaultMaxBackoffMs = 60000;
// sync.interval_ms: pause between sessions when nothing changed. Default: 5000.
inline constexpr uint32_t kDefaultIntervalMs = 5000;
// sync.window: batches in flight before waiting for an ack. Default: 8.
inline constexpr uint32_t kDefaultWindow = 8;
// admin_listen: this host with the port of `listen` plus one (port 0 stays 0, the system
// picks). No default if `listen` is not HOST:PORT or its port is 65535.
inline constexpr char kDefaultAdminHost[] = "127.0.0.1";

// Fills each field of `config` that is zero or empty and has a default above. Fields without
// a default (node, role, listen, data_dir, upstream, registry, tls, insecure) are left alone.
void ApplyNodeConfigDefaults(v1::NodeConfig* config);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_
