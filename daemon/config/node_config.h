// A node's configuration as kinerjad starts with it: the --config file, overridden by flags,
// completed with defaults and validated. The one entry point main() needs.
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// What the command line asks kinerjad to do.
struct NodeStartup {
  // --help was given: print `help` to stdout and exit 0; `config` is empty.
  bool help_requested = false;
  std::string help;
  // --check-config was given: check `config` further (CheckNodeConfigFiles), start nothing.
  bool check_config = false;
  // Otherwise the configuration to run with: file, then flags, then defaults; valid.
  v1::NodeConfig config;
};

// Reads the command line (argv[0] is the program; see NodeConfigHelp for the flags):
//   1. parses the flags (ParseCommandLine); --help stops here;
//   2. reads --config, if given (ReadNodeConfigFile);
//   3. sets each field flag given over the file's value (ApplyFlag);
//   4. fills the defaults (ApplyNodeConfigDefaults);
//   5. validates (ValidateNodeConfig).
// Errors are the first problem met, as one line starting "config: " that names the flag,
// the file and line, or the field, e.g. "config: upstream: required for role office".
[[nodiscard]] absl::StatusOr<NodeStartup> LoadNodeConfig(int argc, const char* const* argv);

// Whether argv asks for --check-config, for reporting a configuration LoadNodeConfig refused
// the way --check-config reports (one line, exit 1) rather than as a usage error.
bool WantsConfigCheck(int argc, const char* const* argv);

// Steps 4 and 5 for a configuration a caller already holds (tests, tools): fills the
// defaults and validates. Returns the completed configuration or the first problem.
[[nodiscard]] absl::StatusOr<v1::NodeConfig> CompleteNodeConfig(v1::NodeConfig config);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_H_
