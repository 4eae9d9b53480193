#include "daemon/config/daemon_options.h"

#include "absl/time/time.h"

namespace kinerja::config {
namespace {

daemon::SyncEngineOptions EngineOptions(const v1::SyncLimits& sync) {
  daemon::SyncEngineOptions engine;
  engine.max_batch_changes = sync.max_batch_changes();
  engine.max_batch_bytes = sync.max_batch_bytes();
  engine.window = sync.window();
  return engine;
}

daemon::UpstreamOptions Upstream(const v1::NodeConfig& config) {
  const v1::SyncLimits& sync = config.sync();
  daemon::UpstreamOptions upstream;
  upstream.address = config.upstream();
  upstream.self = config.node();
  upstream.insecure = config.insecure();
  upstream.engine = EngineOptions(sync);
  upstream.max_message_bytes = static_cast<int>(sync.max_message_bytes());
  upstream.initial_backoff = absl::Milliseconds(sync.initial_backoff_ms());
  upstream.max_backoff = absl::Milliseconds(sync.max_backoff_ms());
  upstream.interval = absl::Milliseconds(sync.interval_ms());
  return upstream;
}

}  // namespace

DaemonOptions DaemonOptionsFromConfig(const v1::NodeConfig& config) {
  DaemonOptions options;
  options.node.node = config.node();
  options.node.role = config.role();
  options.node.data_dir = config.data_dir();
  options.node.upstream_address = config.upstream();
  options.node.log_format =
      config.log_format() == "json" ? daemon::LogFormat::kJson : daemon::LogFormat::kText;
  options.node.log_level = config.log_level() == "error"     ? daemon::LogLevel::kError
                           : config.log_level() == "warning" ? daemon::LogLevel::kWarning
                                                             : daemon::LogLevel::kInfo;
  options.node.replica.max_clock_skew = absl::Seconds(config.max_clock_skew_seconds());
  options.upstream = Upstream(config);
  options.sync_service = EngineOptions(config.sync());
  options.max_message_bytes = static_cast<int>(config.sync().max_message_bytes());
  const v1::SyncLimits& sync = config.sync();
  options.sync_limits.max_sessions = sync.max_sessions();
  options.sync_limits.read_ahead_bytes = sync.read_ahead_bytes();
  options.sync_limits.progress_timeout = absl::Milliseconds(sync.progress_timeout_ms());
  options.sync_limits.max_connection_age = absl::Milliseconds(sync.max_connection_age_ms());
  options.sync_limits.max_connection_age_grace =
      absl::Milliseconds(sync.max_connection_age_grace_ms());
  return options;
}

}  // namespace kinerja::config
