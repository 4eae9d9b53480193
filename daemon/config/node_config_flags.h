// kinerjad's command line: --config FILE (NodeConfig in protobuf text format) and one flag
// per NodeConfig field, which overrides the file. The flag parser (CLI11) stays inside this
// file's .cc; nothing else reads flags.
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_FLAGS_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// One field flag as given, e.g. {"--sync-window", "8"}; {"--insecure", "true"|"false"}.
struct FlagValue {
  std::string flag;
  std::string value;
};

// What the command line says, before any file is read.
struct CommandLine {
  bool help_requested = false;   // --help (or -h) was given; nothing else is meaningful.
  std::string config_file;       // --config; empty when not given.
  bool check_config = false;     // --check-config: check everything, start nothing.
  std::vector<FlagValue> flags;  // Field flags given, in the order of the --help listing.
};

// Parses argv (argv[0] is the program). INVALID_ARGUMENT "config: <what>" for an unknown flag,
// a missing value, a repeated flag or a stray argument. Values are not converted yet.
[[nodiscard]] absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// Sets the field that `flag` names in `config`, converting its text:
//   --role                office | province | national
//   --max-clock-skew      whole seconds ("90") or a duration ("90s", "30m", "1h")
//   --sync-*              a whole number greater than 0 (0 would silently mean the default)
//   --insecure            "true" or "false"
//   anything else         the text as it is
// INVALID_ARGUMENT "config: --sync-window: expected a whole number greater than 0, got \"x\"".
[[nodiscard]] absl::Status ApplyFlag(const FlagValue& flag, v1::NodeConfig* config);

// The --help text: usage, every flag with its default, the roles and an example.
std::string NodeConfigHelp();

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_FLAGS_H_
