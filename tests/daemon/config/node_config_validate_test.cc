#include "daemon/config/node_config_validate.h"

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/config.pb.h"
#include "tests/daemon/config/config_test_util.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::config {
namespace {

using ::kinerja::config::testing::ValidOffice;
using ::testing::StartsWith;

std::string Problem(const v1::NodeConfig& config) {
  absl::Status status = ValidateNodeConfig(config);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return std::string(status.message());
}

class ValidateNodeConfigTest : public ::testing::Test {
 protected:
  // A readable registry file.
  std::string Registry() {
    std::string path = temp_.Sub("satker.csv");
    std::ofstream(path) << "kode,nama,tingkat,induk\nRI,KPU Republik Indonesia,nasional,\n";
    return path;
  }

  v1::NodeConfig ValidProvince() {
    v1::NodeConfig config = ValidOffice();
    config.set_node("36");
    config.set_role(v1::ROLE_PROVINCE);
    config.set_registry(Registry());
    return config;
  }

  v1::NodeConfig ValidNational() {
    v1::NodeConfig config = ValidProvince();
    config.set_node("RI");
    config.set_role(v1::ROLE_NATIONAL);
    config.clear_upstream();
    return config;
  }

  kinerja::testing::TempDir temp_;
};

TEST_F(ValidateNodeConfigTest, ValidConfigsPass) {
  EXPECT_TRUE(ValidateNodeConfig(ValidOffice()).ok()) << ValidateNodeConfig(ValidOffice());
  EXPECT_TRUE(ValidateNodeConfig(ValidProvince()).ok()) << ValidateNodeConfig(ValidProvince());
  EXPECT_TRUE(ValidateNodeConfig(ValidNational()).ok()) << ValidateNodeConfig(ValidNational());
}

TEST_F(ValidateNodeConfigTest, NodeIsRequired) {
  v1::NodeConfig config = ValidOffice();
  config.clear_node();
  EXPECT_EQ(Problem(config), "config: node: required (the satker code, e.g. 3604)");
}

TEST_F(ValidateNodeConfigTest, NodeMustBeASatkerCode) {
  v1::NodeConfig config = ValidOffice();
  config.set_node("36/04");
  EXPECT_EQ(Problem(config),
            "config: node: expected a satker code of letters and digits, e.g. 3604, got "
            "\"36/04\"");
}

TEST_F(ValidateNodeConfigTest, RoleIsRequired) {
  v1::NodeConfig config = ValidOffice();
  config.clear_role();
  EXPECT_EQ(Problem(config), "config: role: required (office, province or national)");
}

TEST_F(ValidateNodeConfigTest, ListenMustBeHostPort) {
  v1::NodeConfig config = ValidOffice();
  config.set_listen("abc");
  EXPECT_EQ(Problem(config), "config: listen: expected HOST:PORT, got \"abc\"");
  config.clear_listen();
  EXPECT_EQ(Problem(config), "config: listen: required (HOST:PORT, e.g. 0.0.0.0:7400)");
}

TEST_F(ValidateNodeConfigTest, AdminListenMustBeLoopback) {
  v1::NodeConfig config = ValidOffice();
  config.set_admin_listen("0.0.0.0:7401");
  EXPECT_EQ(Problem(config),
            "config: admin_listen: must be a loopback address, got \"0.0.0.0:7401\"");
}

TEST_F(ValidateNodeConfigTest, AdminListenMustBeHostPortAndDifferFromListen) {
  v1::NodeConfig config = ValidOffice();
  config.set_admin_listen("7401");
  EXPECT_EQ(Problem(config), "config: admin_listen: expected HOST:PORT, got \"7401\"");
  config.set_admin_listen("localhost:7400");
  EXPECT_EQ(Problem(config),
            "config: admin_listen: must not use the port of listen \"127.0.0.1:7400\"");
  config.clear_admin_listen();
  EXPECT_THAT(Problem(config), StartsWith("config: admin_listen: required"));
}

TEST_F(ValidateNodeConfigTest, DataDirIsRequired) {
  v1::NodeConfig config = ValidOffice();
  config.clear_data_dir();
  EXPECT_EQ(Problem(config), "config: data_dir: required");
}

TEST_F(ValidateNodeConfigTest, OfficeAndProvinceNeedAnUpstream) {
  v1::NodeConfig office = ValidOffice();
  office.clear_upstream();
  EXPECT_EQ(Problem(office), "config: upstream: required for role office");
  v1::NodeConfig province = ValidProvince();
  province.clear_upstream();
  EXPECT_EQ(Problem(province), "config: upstream: required for role province");
}

TEST_F(ValidateNodeConfigTest, NationalHasNoUpstream) {
  v1::NodeConfig config = ValidNational();
  config.set_upstream("10.0.0.9:7400");
  EXPECT_EQ(Problem(config), "config: upstream: national has no upstream");
}

TEST_F(ValidateNodeConfigTest, UpstreamMustBeDiallable) {
  v1::NodeConfig config = ValidOffice();
  config.set_upstream("hub");
  EXPECT_EQ(Problem(config), "config: upstream: expected HOST:PORT, got \"hub\"");
  config.set_upstream("hub:0");
  EXPECT_EQ(Problem(config), "config: upstream: port 0 cannot be dialled, got \"hub:0\"");
}

TEST_F(ValidateNodeConfigTest, RegistryIsRequiredForEveryRole) {
  v1::NodeConfig office = ValidOffice();
  office.clear_registry();
  EXPECT_EQ(Problem(office), "config: registry: required for role office (the satker CSV)");
  v1::NodeConfig province = ValidProvince();
  province.clear_registry();
  EXPECT_EQ(Problem(province), "config: registry: required for role province (the satker CSV)");
  v1::NodeConfig national = ValidNational();
  national.clear_registry();
  EXPECT_EQ(Problem(national), "config: registry: required for role national (the satker CSV)");
}

TEST_F(ValidateNodeConfigTest, RegistryMustBeReadable) {
  v1::NodeConfig config = ValidOffice();
  config.set_registry("x.csv");
  EXPECT_EQ(Problem(config), "config: registry: cannot read \"x.csv\": No such file or directory");
  config.set_registry(temp_.path());
  EXPECT_THAT(Problem(config), StartsWith("config: registry: cannot read \"" + temp_.path()));
  config.set_registry(Registry());
  EXPECT_TRUE(ValidateNodeConfig(config).ok());
}

TEST_F(ValidateNodeConfigTest, TlsFilesAreRequiredUnlessInsecure) {
  for (int missing = 0; missing < 3; ++missing) {
    v1::NodeConfig config = ValidOffice();
    if (missing == 0) config.mutable_tls()->clear_cert();
    if (missing == 1) config.mutable_tls()->clear_key();
    if (missing == 2) config.mutable_tls()->clear_ca();
    EXPECT_EQ(Problem(config),
              "config: tls: --tls-cert, --tls-key and --tls-ca are required unless --insecure");
  }
}

TEST_F(ValidateNodeConfigTest, InsecureNeedsLoopbackAddresses) {
  v1::NodeConfig config = ValidOffice();
  config.clear_tls();
  config.set_insecure(true);
  EXPECT_EQ(Problem(config),
            "config: insecure: refused because upstream 10.0.0.5:7400 is not a loopback "
            "address");
  config.set_upstream("localhost:7500");
  EXPECT_TRUE(ValidateNodeConfig(config).ok()) << ValidateNodeConfig(config);
  config.set_listen("0.0.0.0:7400");
  EXPECT_EQ(Problem(config),
            "config: insecure: refused because listen 0.0.0.0:7400 is not a loopback address");
}

TEST_F(ValidateNodeConfigTest, InsecureNationalNeedsOnlyItsListener) {
  v1::NodeConfig config = ValidNational();
  config.clear_tls();
  config.set_insecure(true);
  config.set_listen("[::1]:7600");
  EXPECT_TRUE(ValidateNodeConfig(config).ok()) << ValidateNodeConfig(config);
}

TEST_F(ValidateNodeConfigTest, LimitsMustBePositive) {
  v1::NodeConfig config = ValidOffice();
  config.set_max_clock_skew_seconds(0);
  EXPECT_EQ(Problem(config), "config: max_clock_skew_seconds: must be greater than 0");
  config = ValidOffice();
  config.mutable_sync()->set_max_batch_changes(0);
  EXPECT_EQ(Problem(config), "config: sync.max_batch_changes: must be greater than 0");
  config = ValidOffice();
  config.mutable_sync()->set_max_batch_bytes(0);
  EXPECT_EQ(Problem(config), "config: sync.max_batch_bytes: must be greater than 0");
  config = ValidOffice();
  config.mutable_sync()->set_window(0);
  EXPECT_EQ(Problem(config), "config: sync.window: must be greater than 0");
}

TEST_F(ValidateNodeConfigTest, BatchBytesAreAtMostHalfTheMessageLimit) {
  v1::NodeConfig config = ValidOffice();
  config.mutable_sync()->set_max_batch_bytes((4 << 20) + 1);
  EXPECT_EQ(Problem(config),
            "config: sync.max_batch_bytes: must be at most half of sync.max_message_bytes "
            "(8388608), got 4194305");
  config.mutable_sync()->set_max_batch_bytes(4 << 20);
  EXPECT_TRUE(ValidateNodeConfig(config).ok());
}

TEST_F(ValidateNodeConfigTest, MessageLimitHasRoomForTheLargestChange) {
  v1::NodeConfig config = ValidOffice();
  config.mutable_sync()->set_max_batch_bytes(1000);
  config.mutable_sync()->set_max_message_bytes(kMinMessageBytes - 1);
  EXPECT_THAT(Problem(config), StartsWith("config: sync.max_message_bytes: must be at least "
                                          "4194304"));
}

TEST_F(ValidateNodeConfigTest, InitialBackoffIsAtMostTheMaximum) {
  v1::NodeConfig config = ValidOffice();
  config.mutable_sync()->set_initial_backoff_ms(70000);
  EXPECT_EQ(Problem(config),
            "config: sync.initial_backoff_ms: must not exceed sync.max_backoff_ms (60000), got "
            "70000");
}

TEST_F(ValidateNodeConfigTest, FirstProblemIsReported) {
  v1::NodeConfig config;
  EXPECT_EQ(Problem(config), "config: node: required (the satker code, e.g. 3604)");
}

TEST_F(ValidateNodeConfigTest, HttpListenOffLoopbackNeedsTls) {
  v1::NodeConfig config = ValidOffice();
  config.set_http_listen("0.0.0.0:7402");
  EXPECT_TRUE(ValidateNodeConfig(config).ok()) << "TLS is configured: served as HTTPS";
  config.set_http_listen("off");
  EXPECT_TRUE(ValidateNodeConfig(config).ok());
  config.set_http_listen("7402");
  EXPECT_EQ(Problem(config), "config: http_listen: expected HOST:PORT, got \"7402\"");

  v1::NodeConfig insecure = ValidOffice();
  insecure.set_insecure(true);
  insecure.set_listen("127.0.0.1:7400");
  insecure.set_upstream("127.0.0.1:7300");
  insecure.set_http_listen("127.0.0.1:7402");
  EXPECT_TRUE(ValidateNodeConfig(insecure).ok()) << ValidateNodeConfig(insecure);
  insecure.set_http_listen("0.0.0.0:7402");
  EXPECT_EQ(Problem(insecure),
            "config: http_listen: \"0.0.0.0:7402\" is not a loopback address, which needs TLS "
            "(set tls, not insecure) or \"off\"");
}

TEST_F(ValidateNodeConfigTest, HttpUsersNeedTlsAndAListener) {
  v1::NodeConfig config = ValidOffice();
  config.set_http_listen("127.0.0.1:7402");
  config.set_http_users("/etc/kinerja/users");
  EXPECT_TRUE(ValidateNodeConfig(config).ok()) << ValidateNodeConfig(config);
  config.set_http_listen("0.0.0.0:7402");
  EXPECT_TRUE(ValidateNodeConfig(config).ok()) << "off loopback with TLS and a users file";
  config.set_http_listen("off");
  EXPECT_EQ(Problem(config),
            "config: http_users: set, but http_listen is \"off\" (no console to log in to)");

  v1::NodeConfig insecure = ValidOffice();
  insecure.set_insecure(true);
  insecure.set_listen("127.0.0.1:7400");
  insecure.set_upstream("127.0.0.1:7300");
  insecure.set_http_listen("127.0.0.1:7402");
  insecure.set_http_users("/etc/kinerja/users");
  EXPECT_EQ(Problem(insecure),
            "config: http_users: the console's login is served over HTTPS only: needs tls, not "
            "insecure");
}

}  // namespace
}  // namespace kinerja::config
