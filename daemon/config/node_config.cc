#include "daemon/config/node_config.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/config/node_config_defaults.h"
#include "daemon/config/node_config_file.h"
#include "daemon/config/node_config_flags.h"
#include "daemon/config/node_config_validate.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

absl::StatusOr<NodeStartup> LoadNodeConfig(int argc, const char* const* argv) {
  absl::StatusOr<CommandLine> command_line = ParseCommandLine(argc, argv);
  if (!command_line.ok()) return command_line.status();
  NodeStartup startup;
  if (command_line->help_requested) {
    startup.help_requested = true;
    startup.help = NodeConfigHelp();
    return startup;
  }
  startup.check_config = command_line->check_config;
  v1::NodeConfig config;
  if (!command_line->config_file.empty()) {
    absl::StatusOr<v1::NodeConfig> from_file = ReadNodeConfigFile(command_line->config_file);
    if (!from_file.ok()) return from_file.status();
    config = *std::move(from_file);
  }
  for (const FlagValue& flag : command_line->flags) {
    if (absl::Status applied = ApplyFlag(flag, &config); !applied.ok()) return applied;
  }
  absl::StatusOr<v1::NodeConfig> complete = CompleteNodeConfig(std::move(config));
  if (!complete.ok()) return complete.status();
  startup.config = *std::move(complete);
  return startup;
}

bool WantsConfigCheck(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    if (absl::string_view(argv[i]) == "--check-config") return true;
  }
  return false;
}

absl::StatusOr<v1::NodeConfig> CompleteNodeConfig(v1::NodeConfig config) {
  ApplyNodeConfigDefaults(&config);
  if (absl::Status valid = ValidateNodeConfig(config); !valid.ok()) return valid;
  return config;
}

}  // namespace kinerja::config
