#include "daemon/config/node_config.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/config.pb.h"
#include "tests/daemon/config/config_test_util.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::config {
namespace {

using ::kinerja::config::testing::Argv;
using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::StatusOr<NodeStartup> Load(std::vector<std::string> args) {
  Argv argv(std::move(args));
  return LoadNodeConfig(argv.argc(), argv.argv());
}

class LoadNodeConfigTest : public ::testing::Test {
 protected:
  std::string WriteConfig(const std::string& text) {
    std::string path = temp_.Sub("node.conf");
    std::ofstream(path) << text;
    return path;
  }

  kinerja::testing::TempDir temp_;
};

constexpr char kOfficeConfig[] = R"(
node: "3604"
role: ROLE_OFFICE
listen: "0.0.0.0:7400"
data_dir: "/var/lib/kinerja"
upstream: "hub.banten.example:7400"
registry: "/dev/null"
tls { cert: "3604.pem" key: "3604.key" ca: "ca.pem" }
sync { window: 2 interval_ms: 1000 }
)";

TEST_F(LoadNodeConfigTest, FlagsOverrideTheFile) {
  absl::StatusOr<NodeStartup> startup =
      Load({"--config", WriteConfig(kOfficeConfig), "--listen", "0.0.0.0:8400", "--sync-window",
            "16", "--max-clock-skew", "2h"});
  ASSERT_TRUE(startup.ok()) << startup.status();
  EXPECT_FALSE(startup->help_requested);
  const v1::NodeConfig& config = startup->config;
  EXPECT_EQ(config.node(), "3604");                         // From the file.
  EXPECT_EQ(config.upstream(), "hub.banten.example:7400");  // From the file.
  EXPECT_EQ(config.listen(), "0.0.0.0:8400");               // Flag over file.
  EXPECT_EQ(config.sync().window(), 16u);                   // Flag over file.
  EXPECT_EQ(config.sync().interval_ms(), 1000u);            // From the file.
  EXPECT_EQ(config.max_clock_skew_seconds(), 7200u);        // Flag.
  EXPECT_EQ(config.admin_listen(), "127.0.0.1:8401");       // Default from the final listen.
  EXPECT_EQ(config.sync().max_batch_changes(), 4000u);      // Default.
}

TEST_F(LoadNodeConfigTest, FlagsAloneMakeAConfig) {
  absl::StatusOr<NodeStartup> startup = Load(
      {"--node", "RI", "--role", "national", "--listen", "127.0.0.1:7600", "--data-dir",
       temp_.Sub("data"), "--registry", WriteConfig("kode,nama,tingkat,induk\n"), "--insecure"});
  ASSERT_TRUE(startup.ok()) << startup.status();
  EXPECT_EQ(startup->config.role(), v1::ROLE_NATIONAL);
  EXPECT_TRUE(startup->config.insecure());
  EXPECT_EQ(startup->config.admin_listen(), "127.0.0.1:7601");
}

TEST_F(LoadNodeConfigTest, FileProblemsNameTheFile) {
  std::string path = WriteConfig("node: \"3604\"\nupstreams: \"x:1\"\n");
  absl::StatusOr<NodeStartup> startup = Load({"--config", path});
  EXPECT_THAT(std::string(startup.status().message()), StartsWith("config: " + path + ":2:"));
  startup = Load({"--config", temp_.Sub("absent.conf")});
  EXPECT_EQ(startup.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LoadNodeConfigTest, ValidationRunsAfterMerging) {
  absl::StatusOr<NodeStartup> startup =
      Load({"--config", WriteConfig(kOfficeConfig), "--role", "national"});
  EXPECT_EQ(startup.status().message(), "config: upstream: national has no upstream");
  startup = Load({"--config", WriteConfig(kOfficeConfig), "--upstream", ""});
  EXPECT_EQ(startup.status().message(), "config: upstream: required for role office");
  startup = Load({"--config", WriteConfig(kOfficeConfig), "--insecure", "--upstream",
                  "10.0.0.5:7400", "--listen", "127.0.0.1:7400"});
  EXPECT_EQ(startup.status().message(),
            "config: insecure: refused because upstream 10.0.0.5:7400 is not a loopback "
            "address");
}

TEST_F(LoadNodeConfigTest, EmptyCommandLineAsksForTheNode) {
  absl::StatusOr<NodeStartup> startup = Load({});
  EXPECT_EQ(startup.status().message(), "config: node: required (the satker code, e.g. 3604)");
}

TEST_F(LoadNodeConfigTest, HelpSkipsEverythingElse) {
  absl::StatusOr<NodeStartup> startup = Load({"--config", temp_.Sub("absent.conf"), "--help"});
  ASSERT_TRUE(startup.ok()) << startup.status();
  EXPECT_TRUE(startup->help_requested);
  EXPECT_THAT(startup->help, HasSubstr("--sync-window"));
  EXPECT_THAT(startup->help, HasSubstr("Roles:"));
}

TEST(CompleteNodeConfigTest, FillsDefaultsThenValidates) {
  v1::NodeConfig config = testing::ValidOffice();
  config.clear_sync();
  config.clear_admin_listen();
  absl::StatusOr<v1::NodeConfig> complete = CompleteNodeConfig(config);
  ASSERT_TRUE(complete.ok()) << complete.status();
  EXPECT_EQ(complete->sync().window(), 8u);
  EXPECT_EQ(complete->admin_listen(), "127.0.0.1:7401");
  config.clear_node();
  EXPECT_FALSE(CompleteNodeConfig(config).ok());
}

}  // namespace
}  // namespace kinerja::config
