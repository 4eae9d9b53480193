#include "daemon/config/node_config_defaults.h"

#include "gtest/gtest.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

TEST(ApplyNodeConfigDefaultsTest, FillsEachDefault) {
  v1::NodeConfig config;
  config.set_listen("0.0.0.0:7400");
  ApplyNodeConfigDefaults(&config);
  EXPECT_EQ(config.max_clock_skew_seconds(), 3600u);
  EXPECT_EQ(config.sync().max_batch_changes(), 4000u);
  EXPECT_EQ(config.sync().max_batch_bytes(), 1u << 20);
  EXPECT_EQ(config.sync().max_message_bytes(), 8u << 20);
  EXPECT_EQ(config.sync().initial_backoff_ms(), 500u);
  EXPECT_EQ(config.sync().max_backoff_ms(), 60000u);
  EXPECT_EQ(config.sync().interval_ms(), 5000u);
  EXPECT_EQ(config.sync().window(), 8u);
  EXPECT_EQ(config.admin_listen(), "127.0.0.1:7401");
}

TEST(ApplyNodeConfigDefaultsTest, KeepsWhatIsSet) {
  v1::NodeConfig config;
  config.set_listen("0.0.0.0:7400");
  config.set_admin_listen("[::1]:9000");
  config.set_max_clock_skew_seconds(60);
  config.mutable_sync()->set_window(9);
  config.mutable_sync()->set_max_batch_bytes(4096);
  ApplyNodeConfigDefaults(&config);
  EXPECT_EQ(config.admin_listen(), "[::1]:9000");
  EXPECT_EQ(config.max_clock_skew_seconds(), 60u);
  EXPECT_EQ(config.sync().window(), 9u);
  EXPECT_EQ(config.sync().max_batch_bytes(), 4096u);
  EXPECT_EQ(config.sync().max_batch_changes(), 4000u);
}

TEST(ApplyNodeConfigDefaultsTest, AdminListenFollowsListen) {
  v1::NodeConfig config;
  config.set_listen("[::1]:65534");
  ApplyNodeConfigDefaults(&config);
  EXPECT_EQ(config.admin_listen(), "127.0.0.1:65535");

  config.clear_admin_listen();
  config.set_listen("127.0.0.1:0");  // The system picks both ports.
  ApplyNodeConfigDefaults(&config);
  EXPECT_EQ(config.admin_listen(), "127.0.0.1:0");
}

TEST(ApplyNodeConfigDefaultsTest, NoAdminListenWithoutAListenPort) {
  for (const char* listen : {"", "abc", "0.0.0.0:65535"}) {
    v1::NodeConfig config;
    config.set_listen(listen);
    ApplyNodeConfigDefaults(&config);
    EXPECT_EQ(config.admin_listen(), "") << listen;
  }
}

TEST(ApplyNodeConfigDefaultsTest, HttpListenFollowsAdminListen) {
  v1::NodeConfig config;
  config.set_listen("0.0.0.0:7400");
  ApplyNodeConfigDefaults(&config);
  EXPECT_EQ(config.http_listen(), "127.0.0.1:7402");

  v1::NodeConfig zero;
  zero.set_listen("127.0.0.1:0");  // The system picks every port.
  ApplyNodeConfigDefaults(&zero);
  EXPECT_EQ(zero.http_listen(), "127.0.0.1:0");

  v1::NodeConfig off;
  off.set_listen("0.0.0.0:7400");
  off.set_http_listen(kHttpListenOff);
  ApplyNodeConfigDefaults(&off);
  EXPECT_EQ(off.http_listen(), "off");
}

}  // namespace
}  // namespace kinerja::config
