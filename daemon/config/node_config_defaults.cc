#include "daemon/config/node_config_defaults.h"

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/config/host_port.h"
#include "daemon/sync/sync_service_options.h"
#include "daemon/sync/upstream_options.h"
#include "kinerja/v1/config.pb.h"
#include "storage/replica_options.h"

namespace kinerja::config {
namespace {

// kDefaultAdminHost with `listen`'s port plus one, or "" when there is none.
std::string DefaultAdminListen(const std::string& listen) {
  absl::StatusOr<std::pair<std::string, int>> split = SplitHostPort(listen);
  if (!split.ok() || split->second == 65535) return "";
  int port = split->second == 0 ? 0 : split->second + 1;
  return JoinHostPort(kDefaultAdminHost, port);
}

// admin_listen's host with its port plus one, or "" when there is none.
std::string DefaultHttpListen(const std::string& admin_listen) {
  absl::StatusOr<std::pair<std::string, int>> split = SplitHostPort(admin_listen);
  if (!split.ok() || split->second == 65535) return "";
  return JoinHostPort(split->first, split->second == 0 ? 0 : split->second + 1);
}

}  // namespace

void ApplyNodeConfigDefaults(v1::NodeConfig* config) {
  const storage::ReplicaOptions replica;
  const daemon::UpstreamOptions upstream;
  const daemon::SyncEngineOptions& engine = upstream.engine;
  if (config->max_clock_skew_seconds() == 0) {
    config->set_max_clock_skew_seconds(absl::ToInt64Seconds(replica.max_clock_skew));
  }
  v1::SyncLimits& sync = *config->mutable_sync();
  if (sync.max_batch_changes() == 0) sync.set_max_batch_changes(engine.max_batch_changes);
  if (sync.max_batch_bytes() == 0) sync.set_max_batch_bytes(engine.max_batch_bytes);
  if (sync.max_message_bytes() == 0) sync.set_max_message_bytes(upstream.max_message_bytes);
  if (sync.initial_backoff_ms() == 0) {
    sync.set_initial_backoff_ms(absl::ToInt64Milliseconds(upstream.initial_backoff));
  }
  if (sync.max_backoff_ms() == 0) {
    sync.set_max_backoff_ms(absl::ToInt64Milliseconds(upstream.max_backoff));
  }
  if (sync.interval_ms() == 0) sync.set_interval_ms(absl::ToInt64Milliseconds(upstream.interval));
  if (sync.window() == 0) sync.set_window(engine.window);
  const daemon::SyncServiceOptions service;
  if (sync.max_sessions() == 0) sync.set_max_sessions(service.max_sessions);
  if (sync.read_ahead_bytes() == 0) {
    sync.set_read_ahead_bytes(static_cast<uint32_t>(service.read_ahead_bytes));
  }
  if (sync.progress_timeout_ms() == 0) {
    sync.set_progress_timeout_ms(absl::ToInt64Milliseconds(service.progress_timeout));
  }
  if (sync.max_connection_age_ms() == 0) {
    sync.set_max_connection_age_ms(absl::ToInt64Milliseconds(service.max_connection_age));
  }
  if (sync.max_connection_age_grace_ms() == 0) {
    sync.set_max_connection_age_grace_ms(
        absl::ToInt64Milliseconds(service.max_connection_age_grace));
  }
  if (config->tls().reload_interval_seconds() == 0) {
    config->mutable_tls()->set_reload_interval_seconds(kDefaultTlsReloadSeconds);
  }
  if (config->admin_listen().empty()) {
    config->set_admin_listen(DefaultAdminListen(config->listen()));
  }
  if (config->http_listen().empty()) {
    config->set_http_listen(DefaultHttpListen(config->admin_listen()));
  }
}

v1::NodeConfig DefaultNodeConfig() {
  v1::NodeConfig config;
  ApplyNodeConfigDefaults(&config);
  return config;
}

}  // namespace kinerja::config
