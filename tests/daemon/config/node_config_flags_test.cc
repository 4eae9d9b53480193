#include "daemon/config/node_config_flags.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/config.pb.h"
#include "tests/daemon/config/config_test_util.h"

namespace kinerja::config {
namespace {

using ::kinerja::config::testing::Argv;
using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::StatusOr<CommandLine> Parse(std::vector<std::string> args) {
  Argv argv(std::move(args));
  return ParseCommandLine(argv.argc(), argv.argv());
}

// The configuration that the flags in `args` make from nothing.
absl::StatusOr<v1::NodeConfig> FromFlags(std::vector<std::string> args) {
  absl::StatusOr<CommandLine> command_line = Parse(std::move(args));
  if (!command_line.ok()) return command_line.status();
  v1::NodeConfig config;
  for (const FlagValue& flag : command_line->flags) {
    if (absl::Status s = ApplyFlag(flag, &config); !s.ok()) return s;
  }
  return config;
}

TEST(ParseCommandLineTest, KeepsConfigFileAndFlagsAsText) {
  absl::StatusOr<CommandLine> command_line =
      Parse({"--config", "node.conf", "--sync-window=8", "--node", "3604", "--insecure"});
  ASSERT_TRUE(command_line.ok()) << command_line.status();
  EXPECT_FALSE(command_line->help_requested);
  EXPECT_EQ(command_line->config_file, "node.conf");
  ASSERT_EQ(command_line->flags.size(), 3u);
  EXPECT_EQ(command_line->flags[0].flag, "--node");
  EXPECT_EQ(command_line->flags[0].value, "3604");
  EXPECT_EQ(command_line->flags[1].flag, "--insecure");
  EXPECT_EQ(command_line->flags[1].value, "true");
  EXPECT_EQ(command_line->flags[2].flag, "--sync-window");
  EXPECT_EQ(command_line->flags[2].value, "8");
}

TEST(ParseCommandLineTest, HelpIsRequested) {
  for (const char* help : {"--help", "-h"}) {
    absl::StatusOr<CommandLine> command_line = Parse({"--node", "3604", help});
    ASSERT_TRUE(command_line.ok()) << command_line.status();
    EXPECT_TRUE(command_line->help_requested);
  }
}

TEST(ParseCommandLineTest, UnknownFlagsAndStrayArgumentsAreRefused) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--nod", "3604"}, {"3604"}, {"--node"}, {"--node", "1", "--node", "2"}}) {
    absl::StatusOr<CommandLine> command_line = Parse(args);
    EXPECT_EQ(command_line.status().code(), absl::StatusCode::kInvalidArgument) << args[0];
    EXPECT_THAT(std::string(command_line.status().message()), StartsWith("config: "));
  }
}

TEST(ApplyFlagTest, EveryFlagSetsItsField) {
  absl::StatusOr<v1::NodeConfig> config = FromFlags({"--node",
                                                     "36",
                                                     "--role",
                                                     "province",
                                                     "--listen",
                                                     "0.0.0.0:7500",
                                                     "--admin-listen",
                                                     "127.0.0.1:7999",
                                                     "--data-dir",
                                                     "/d",
                                                     "--upstream",
                                                     "ri:7600",
                                                     "--registry",
                                                     "satker.csv",
                                                     "--tls-cert",
                                                     "36.pem",
                                                     "--tls-key",
                                                     "36.key",
                                                     "--tls-ca",
                                                     "ca.pem",
                                                     "--insecure",
                                                     "--max-clock-skew",
                                                     "90",
                                                     "--sync-max-batch-changes",
                                                     "11",
                                                     "--sync-max-batch-bytes",
                                                     "12",
                                                     "--sync-max-message-bytes",
                                                     "13",
                                                     "--sync-initial-backoff-ms",
                                                     "14",
                                                     "--sync-max-backoff-ms",
                                                     "15",
                                                     "--sync-interval-ms",
                                                     "16",
                                                     "--sync-window",
                                                     "17"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->node(), "36");
  EXPECT_EQ(config->role(), v1::ROLE_PROVINCE);
  EXPECT_EQ(config->listen(), "0.0.0.0:7500");
  EXPECT_EQ(config->admin_listen(), "127.0.0.1:7999");
  EXPECT_EQ(config->data_dir(), "/d");
  EXPECT_EQ(config->upstream(), "ri:7600");
  EXPECT_EQ(config->registry(), "satker.csv");
  EXPECT_EQ(config->tls().cert(), "36.pem");
  EXPECT_EQ(config->tls().key(), "36.key");
  EXPECT_EQ(config->tls().ca(), "ca.pem");
  EXPECT_TRUE(config->insecure());
  EXPECT_EQ(config->max_clock_skew_seconds(), 90u);
  EXPECT_EQ(config->sync().max_batch_changes(), 11u);
  EXPECT_EQ(config->sync().max_batch_bytes(), 12u);
  EXPECT_EQ(config->sync().max_message_bytes(), 13u);
  EXPECT_EQ(config->sync().initial_backoff_ms(), 14u);
  EXPECT_EQ(config->sync().max_backoff_ms(), 15u);
  EXPECT_EQ(config->sync().interval_ms(), 16u);
  EXPECT_EQ(config->sync().window(), 17u);
}

TEST(ApplyFlagTest, TlsAndSyncListenerFlagsSetTheirFields) {
  absl::StatusOr<v1::NodeConfig> config = FromFlags(
      {"--tls-crl-dir", "/etc/kinerja/crl", "--tls-reload-interval", "5m", "--sync-max-sessions",
       "21", "--sync-progress-timeout-ms", "22", "--max-connection-age-ms", "23",
       "--max-connection-age-grace-ms", "24", "--sync-read-ahead-bytes", "25"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls().crl_dir(), "/etc/kinerja/crl");
  EXPECT_EQ(config->tls().reload_interval_seconds(), 300u);
  EXPECT_EQ(config->sync().max_sessions(), 21u);
  EXPECT_EQ(config->sync().progress_timeout_ms(), 22u);
  EXPECT_EQ(config->sync().max_connection_age_ms(), 23u);
  EXPECT_EQ(config->sync().max_connection_age_grace_ms(), 24u);
  EXPECT_EQ(config->sync().read_ahead_bytes(), 25u);
}

TEST(ApplyFlagTest, InsecureCanBeTurnedOff) {
  v1::NodeConfig config;
  config.set_insecure(true);
  ASSERT_TRUE(ApplyFlag({"--insecure", "false"}, &config).ok());
  EXPECT_FALSE(config.insecure());
  absl::StatusOr<CommandLine> command_line = Parse({"--insecure=false"});
  ASSERT_TRUE(command_line.ok()) << command_line.status();
  ASSERT_EQ(command_line->flags.size(), 1u);
  EXPECT_EQ(command_line->flags[0].value, "false");
}

TEST(ApplyFlagTest, ClockSkewTakesSecondsOrADuration) {
  for (const auto& [text, seconds] : std::vector<std::pair<std::string, uint32_t>>{
           {"3600", 3600}, {"1h", 3600}, {"30m", 1800}, {"90s", 90}, {"1h30m", 5400}}) {
    absl::StatusOr<v1::NodeConfig> config = FromFlags({"--max-clock-skew", text});
    ASSERT_TRUE(config.ok()) << text << ": " << config.status();
    EXPECT_EQ(config->max_clock_skew_seconds(), seconds) << text;
  }
  for (const char* bad : {"0", "0s", "500ms", "-1h", "soon", "1 h"}) {
    absl::StatusOr<v1::NodeConfig> config = FromFlags({"--max-clock-skew", bad});
    EXPECT_EQ(config.status().message(),
              std::string("config: --max-clock-skew: expected whole seconds or a duration like "
                          "90s, 30m or 1h, got \"") +
                  bad + "\"");
  }
}

TEST(ApplyFlagTest, RoleMustBeKnown) {
  absl::StatusOr<v1::NodeConfig> config = FromFlags({"--role", "kecamatan"});
  EXPECT_EQ(config.status().message(),
            "config: --role: expected office, province or national, got \"kecamatan\"");
}

TEST(ApplyFlagTest, SyncLimitsArePositiveWholeNumbers) {
  for (const char* bad : {"0", "-1", "1.5", "many", "4294967296", ""}) {
    absl::StatusOr<v1::NodeConfig> config = FromFlags({"--sync-window", bad});
    EXPECT_EQ(config.status().message(),
              std::string("config: --sync-window: expected a whole number greater than 0, "
                          "got \"") +
                  bad + "\"");
  }
}

TEST(ParseCommandLineTest, CheckConfigAndLogFlags) {
  absl::StatusOr<CommandLine> command_line =
      Parse({"--check-config", "--log-format", "json", "--log-level", "warning"});
  ASSERT_TRUE(command_line.ok()) << command_line.status();
  EXPECT_TRUE(command_line->check_config);
  v1::NodeConfig config;
  for (const FlagValue& flag : command_line->flags) ASSERT_TRUE(ApplyFlag(flag, &config).ok());
  EXPECT_EQ(config.log_format(), "json");
  EXPECT_EQ(config.log_level(), "warning");
  command_line = Parse({"--node", "3604"});
  ASSERT_TRUE(command_line.ok()) << command_line.status();
  EXPECT_FALSE(command_line->check_config);
}

TEST(ApplyFlagTest, HttpUsersSetsItsField) {
  absl::StatusOr<v1::NodeConfig> config =
      FromFlags({"--http-listen", "0.0.0.0:7402", "--http-users", "/etc/kinerja/users"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->http_listen(), "0.0.0.0:7402");
  EXPECT_EQ(config->http_users(), "/etc/kinerja/users");
  EXPECT_THAT(NodeConfigHelp(), HasSubstr("--http-users FILE"));
}

TEST(NodeConfigHelpTest, ExplainsEveryFlagRolesAndAnExample) {
  std::string help = NodeConfigHelp();
  for (const char* flag : {"--config",
                           "--node",
                           "--role",
                           "--listen",
                           "--admin-listen",
                           "--data-dir",
                           "--upstream",
                           "--registry",
                           "--tls-cert",
                           "--tls-key",
                           "--tls-ca",
                           "--insecure",
                           "--max-clock-skew",
                           "--sync-max-batch-changes",
                           "--sync-max-batch-bytes",
                           "--sync-max-message-bytes",
                           "--sync-initial-backoff-ms",
                           "--sync-max-backoff-ms",
                           "--sync-interval-ms",
                           "--sync-window",
                           "--help"}) {
    EXPECT_THAT(help, HasSubstr(flag));
  }
  EXPECT_THAT(help, HasSubstr("Roles:"));
  EXPECT_THAT(help, HasSubstr("office"));
  EXPECT_THAT(help, HasSubstr("province"));
  EXPECT_THAT(help, HasSubstr("national"));
  EXPECT_THAT(help, HasSubstr("Examples:"));
  EXPECT_THAT(help, HasSubstr("Default: 3600"));
  EXPECT_THAT(help, HasSubstr("Default: 1048576"));
}

}  // namespace
}  // namespace kinerja::config
