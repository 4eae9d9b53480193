#include "daemon/config/node_config_file.h"

#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/config.pb.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::config {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ParseNodeConfigTextTest, ReadsEveryKindOfField) {
  absl::StatusOr<v1::NodeConfig> config = ParseNodeConfigText("node.conf", R"(
    # An office.
    node: "3604"
    role: ROLE_OFFICE
    listen: "0.0.0.0:7400"
    insecure: false
    max_clock_skew_seconds: 120
    tls { cert: "3604.pem" key: "3604.key" ca: "ca.pem" }
    sync { window: 8 }
  )");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->node(), "3604");
  EXPECT_EQ(config->role(), v1::ROLE_OFFICE);
  EXPECT_EQ(config->listen(), "0.0.0.0:7400");
  EXPECT_EQ(config->max_clock_skew_seconds(), 120u);
  EXPECT_EQ(config->tls().key(), "3604.key");
  EXPECT_EQ(config->sync().window(), 8u);
  EXPECT_EQ(config->sync().max_batch_changes(), 0u);  // Defaults come later.
}

TEST(ParseNodeConfigTextTest, UnknownFieldNamesFileAndLine) {
  absl::StatusOr<v1::NodeConfig> config =
      ParseNodeConfigText("node.conf", "node: \"3604\"\n\nnod: \"36\"\n");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(config.status().message()), StartsWith("config: node.conf:3:"));
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("\"nod\""));
}

TEST(ParseNodeConfigTextTest, MalformedValueNamesFileAndLine) {
  absl::StatusOr<v1::NodeConfig> config =
      ParseNodeConfigText("node.conf", "sync {\n  window: -1\n}\n");
  EXPECT_THAT(std::string(config.status().message()), StartsWith("config: node.conf:2:"));
  // The parser places a bad enum value at the token after it: here the end of line 1.
  config = ParseNodeConfigText("node.conf", "role: ROLE_KECAMATAN\nnode: \"3604\"\n");
  EXPECT_THAT(std::string(config.status().message()), StartsWith("config: node.conf:"));
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("\"ROLE_KECAMATAN\""));
}

TEST(ReadNodeConfigFileTest, ReadsTheFileAndNamesItInErrors) {
  kinerja::testing::TempDir temp;
  std::string path = temp.Sub("node.conf");
  std::ofstream(path) << "node: \"RI\"\nrole: ROLE_NATIONAL\nbogus: 1\n";
  absl::StatusOr<v1::NodeConfig> config = ReadNodeConfigFile(path);
  EXPECT_THAT(std::string(config.status().message()), StartsWith("config: " + path + ":3:"));

  std::ofstream(path) << "node: \"RI\"\nrole: ROLE_NATIONAL\n";
  config = ReadNodeConfigFile(path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->node(), "RI");
}

TEST(ReadNodeConfigFileTest, MissingFileIsNamed) {
  absl::StatusOr<v1::NodeConfig> config = ReadNodeConfigFile("/nonexistent/node.conf");
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(config.status().message(),
            "config: cannot read \"/nonexistent/node.conf\": No such file or directory");
}

}  // namespace
}  // namespace kinerja::config
