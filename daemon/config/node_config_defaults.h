// The defaults of NodeConfig. Each one is written once, in the Options struct of the component
// the field configures, the way RocksDB's options.h states its own (max_clock_skew in
// storage::ReplicaOptions, the sync limits in daemon::UpstreamOptions and SyncEngineOptions);
// this file reads them from there, so config.proto's comments and kinerjad --help name the
// struct or show the value read, never a second copy. A field left zero or empty (proto3 has
// no "unset") takes its default after the config file and the flags are merged. The one
// default of configuration's own is where the admin listener goes.
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_

#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// admin_listen: this host with the port of `listen` plus one (port 0 stays 0, the system
// picks). No default if `listen` is not HOST:PORT or its port is 65535.
inline constexpr char kDefaultAdminHost[] = "127.0.0.1";
// http_listen: the host of admin_listen with its port plus one (port 0 stays 0); "off" turns
// the HTTP listener off.
inline constexpr char kHttpListenOff[] = "off";
// tls.reload_interval_seconds: certificates renewed on disk apply within a minute.
inline constexpr unsigned kDefaultTlsReloadSeconds = 60;

// Fills each field of `config` that is zero or empty and has a default. Fields without a
// default (node, role, listen, data_dir, upstream, registry, tls files, insecure) are left
// alone.
void ApplyNodeConfigDefaults(v1::NodeConfig* config);

// A configuration holding only the defaults of the fields that have one (admin_listen, which
// follows `listen`, stays empty): what --help shows.
v1::NodeConfig DefaultNodeConfig();

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_DEFAULTS_H_
