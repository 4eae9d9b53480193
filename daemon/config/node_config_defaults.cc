#include "daemon/config/node_config_defaults.h"

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "daemon/config/host_port.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

// kDefaultAdminHost with `listen`'s port plus one, or "" when there is none.
std::string DefaultAdminListen(const std::string& listen) {
  absl::StatusOr<std::pair<std::string, int>> split = SplitHostPort(listen);
  if (!split.ok() || split->second == 65535) return "";
  int port = split->second == 0 ? 0 : split->second + 1;
  return JoinHostPort(kDefaultAdminHost, port);
}

}  // namespace

void ApplyNodeConfigDefaults(v1::NodeConfig* config) {
  if (config->max_clock_skew_seconds() == 0) {
    config->set_max_clock_skew_seconds(kDefaultMaxClockSkewSeconds);
  }
  v1::SyncLimits& sync = *config->mutable_sync();
  if (sync.max_batch_changes() == 0) sync.set_max_batch_changes(kDefaultMaxBatchChanges);
  if (sync.max_batch_bytes() == 0) sync.set_max_batch_bytes(kDefaultMaxBatchBytes);
  if (sync.max_message_bytes() == 0) sync.set_max_message_bytes(kDefaultMaxMessageBytes);
  if (sync.initial_backoff_ms() == 0) sync.set_initial_backoff_ms(kDefaultInitialBackoffMs);
  if (sync.max_backoff_ms() == 0) sync.set_max_backoff_ms(kDefaultMaxBackoffMs);
  if (sync.interval_ms() == 0) sync.set_interval_ms(kDefaultIntervalMs);
  if (sync.window() == 0) sync.set_window(kDefaultWindow);
  if (config->admin_listen().empty()) {
    config->set_admin_listen(DefaultAdminListen(config->listen()));
  }
}

}  // namespace kinerja::config
