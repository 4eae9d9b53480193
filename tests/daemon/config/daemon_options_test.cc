#include "daemon/config/daemon_options.h"

#include "absl/time/time.h"
#include "daemon/config/node_config.h"
#include "daemon/config/node_config_defaults.h"
#include "gtest/gtest.h"
#include "tests/daemon/config/config_test_util.h"

namespace kinerja::config {
namespace {

TEST(DaemonOptionsFromConfigTest, OfficeMapsEveryField) {
  v1::NodeConfig config = testing::ValidOffice();
  config.set_insecure(true);
  config.set_max_clock_skew_seconds(90);
  v1::SyncLimits* sync = config.mutable_sync();
  sync->set_max_batch_changes(1000);
  sync->set_max_batch_bytes(65536);
  sync->set_max_message_bytes(4 << 20);
  sync->set_initial_backoff_ms(250);
  sync->set_max_backoff_ms(30000);
  sync->set_interval_ms(2000);
  sync->set_window(3);
  const DaemonOptions o = DaemonOptionsFromConfig(config);

  EXPECT_EQ(o.node.node, "3604");
  EXPECT_EQ(o.node.role, v1::ROLE_OFFICE);
  EXPECT_EQ(o.node.data_dir, "/var/lib/kinerja");
  EXPECT_EQ(o.node.upstream_address, "10.0.0.5:7400");
  EXPECT_EQ(o.node.replica.max_clock_skew, absl::Seconds(90));
  EXPECT_TRUE(o.node.registry.empty());  // The caller reads the file.
  EXPECT_FALSE(o.node.upstream_link);    // The caller wires the transport.

  EXPECT_EQ(o.upstream.address, "10.0.0.5:7400");
  EXPECT_EQ(o.upstream.self, "3604");
  EXPECT_TRUE(o.upstream.insecure);
  EXPECT_EQ(o.upstream.engine.max_batch_changes, 1000u);
  EXPECT_EQ(o.upstream.engine.max_batch_bytes, 65536u);
  EXPECT_EQ(o.upstream.engine.window, 3u);
  EXPECT_EQ(o.upstream.max_message_bytes, 4 << 20);
  EXPECT_EQ(o.upstream.initial_backoff, absl::Milliseconds(250));
  EXPECT_EQ(o.upstream.max_backoff, absl::Seconds(30));
  EXPECT_EQ(o.upstream.interval, absl::Seconds(2));

  EXPECT_EQ(o.sync_service.max_batch_changes, 1000u);
  EXPECT_EQ(o.sync_service.max_batch_bytes, 65536u);
  EXPECT_EQ(o.sync_service.window, 3u);
  EXPECT_EQ(o.max_message_bytes, 4 << 20);
}

TEST(DaemonOptionsFromConfigTest, NationalHasNoUpstream) {
  v1::NodeConfig config = testing::ValidOffice();
  config.set_node("RI");
  config.set_role(v1::ROLE_NATIONAL);
  config.clear_upstream();
  const DaemonOptions o = DaemonOptionsFromConfig(config);
  EXPECT_EQ(o.node.upstream_address, "");
  EXPECT_EQ(o.upstream.address, "");
}

// A config that sets nothing it need not gives every component its Options struct's own
// defaults: the defaults are written once, in the structs.
TEST(DaemonOptionsFromConfigTest, DefaultsAreTheComponentsOwn) {
  v1::NodeConfig config = testing::ValidOffice();
  config.clear_max_clock_skew_seconds();
  config.clear_sync();
  absl::StatusOr<v1::NodeConfig> complete = CompleteNodeConfig(config);
  ASSERT_TRUE(complete.ok()) << complete.status();
  const DaemonOptions o = DaemonOptionsFromConfig(*complete);

  const storage::ReplicaOptions replica;
  const daemon::UpstreamOptions upstream;
  const daemon::SyncEngineOptions engine;
  EXPECT_EQ(o.node.replica.max_clock_skew, replica.max_clock_skew);
  EXPECT_EQ(o.upstream.engine.max_batch_changes, engine.max_batch_changes);
  EXPECT_EQ(o.upstream.engine.max_batch_bytes, engine.max_batch_bytes);
  EXPECT_EQ(o.upstream.engine.window, engine.window);
  EXPECT_EQ(o.upstream.max_message_bytes, upstream.max_message_bytes);
  EXPECT_EQ(o.upstream.initial_backoff, upstream.initial_backoff);
  EXPECT_EQ(o.upstream.max_backoff, upstream.max_backoff);
  EXPECT_EQ(o.upstream.interval, upstream.interval);
  EXPECT_EQ(o.upstream.connect_timeout, upstream.connect_timeout);
  EXPECT_EQ(o.upstream.session_deadline, upstream.session_deadline);
  EXPECT_EQ(o.sync_service.max_batch_changes, engine.max_batch_changes);
  EXPECT_EQ(o.sync_service.max_batch_bytes, engine.max_batch_bytes);
  EXPECT_EQ(o.sync_service.window, engine.window);
  EXPECT_EQ(o.max_message_bytes, upstream.max_message_bytes);
}

TEST(DaemonOptionsFromConfigTest, SyncListenerLimitsAreMappedAndDefaultToTheServiceOptions) {
  v1::NodeConfig config = testing::ValidOffice();
  v1::SyncLimits* sync = config.mutable_sync();
  sync->set_max_sessions(3);
  sync->set_progress_timeout_ms(1500);
  sync->set_max_connection_age_ms(2000);
  sync->set_max_connection_age_grace_ms(1000);
  sync->set_read_ahead_bytes(4096);
  DaemonOptions o = DaemonOptionsFromConfig(config);
  EXPECT_EQ(o.sync_limits.max_sessions, 3u);
  EXPECT_EQ(o.sync_limits.progress_timeout, absl::Milliseconds(1500));
  EXPECT_EQ(o.sync_limits.max_connection_age, absl::Seconds(2));
  EXPECT_EQ(o.sync_limits.max_connection_age_grace, absl::Seconds(1));
  EXPECT_EQ(o.sync_limits.read_ahead_bytes, 4096u);

  config.clear_sync();
  absl::StatusOr<v1::NodeConfig> complete = CompleteNodeConfig(config);
  ASSERT_TRUE(complete.ok()) << complete.status();
  o = DaemonOptionsFromConfig(*complete);
  const daemon::SyncServiceOptions service;
  EXPECT_EQ(o.sync_limits.max_sessions, service.max_sessions);
  EXPECT_EQ(o.sync_limits.progress_timeout, service.progress_timeout);
  EXPECT_EQ(o.sync_limits.max_connection_age, service.max_connection_age);
  EXPECT_EQ(o.sync_limits.max_connection_age_grace, service.max_connection_age_grace);
  EXPECT_EQ(o.sync_limits.read_ahead_bytes, service.read_ahead_bytes);
  EXPECT_EQ(complete->tls().reload_interval_seconds(), kDefaultTlsReloadSeconds);
}

}  // namespace
}  // namespace kinerja::config
