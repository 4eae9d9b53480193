#include "daemon/config/node_config.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

absl::StatusOr<v1::NodeConfig> CompleteNodeConfig(v1::NodeConfig config) {
  ApplyNodeConfigDefaults(&config);
  if (absl::Status valid = ValidateNodeConfig(config); !valid.ok()) return valid;
  return config;
}

}  // namespace kinerja::config
