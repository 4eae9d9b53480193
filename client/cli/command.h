// The subcommands of kinerjactl. Each cmd_<name>.cc declares one: its arguments, help text and
// example, and what it does once parsed. run_kinerjactl.cc adds them all to the application.
#ifndef KINERJA_CLIENT_CLI_COMMAND_H_
#define KINERJA_CLIENT_CLI_COMMAND_H_

#include <functional>
#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/cli/run_kinerjactl.h"
#include "client/output/output.h"
#include "client/rpc/admin_client.h"
#include "client/rpc/query_client.h"
#include "common/values/enum_words.h"

namespace CLI {
class App;
}  // namespace CLI

namespace kinerja::client {

// What a selected subcommand runs with.
struct CommandContext {
  AdminClient& client;           // The daemon's AdminService.
  QueryClient& query;            // The daemon's QueryService, on the same connection.
  const OutputOptions& output;   // Format, present time and zone for printing.
  std::ostream& out;             // Where results go.
  std::ostream& err;             // Where progress goes (errors are the caller's to print).
  bool err_is_terminal = false;  // Whether `err` is a terminal (progress shows by default).
  std::string addr;              // The daemon's address (--addr), for commands that dial it.
  absl::Duration deadline = absl::Seconds(30);  // --timeout.
};

// A subcommand added to the application.
struct Command {
  CLI::App* app = nullptr;  // The subcommand; owned by the application.
  // Runs it with the values parsed into its options. UNAVAILABLE means the daemon (for sync:
  // the upstream) could not be reached; any other error means the operation failed.
  std::function<absl::Status(CommandContext&)> run;
};

// The file kind a KIND argument names ("anggaran"; the words of v1::FileKind, which the
// argument's check lists); FILE_KIND_UNSPECIFIED, which the daemon refuses, for any other word.
inline v1::FileKind FileKindOf(absl::string_view word) {
  return values::EnumFromWord<v1::FileKind>(word).value_or(v1::FILE_KIND_UNSPECIFIED);
}

// Each adds its subcommand to `app`. `options` supplies defaults such as the author.
Command AddImportCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddSyncCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddStatusCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddGetCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddLsCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddConflictsCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddResolveCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddRollupCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddReportCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddExportCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddFeedCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddDigestCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddHealthCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddUserCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddHistoryCommand(CLI::App& app, const KinerjactlOptions& options);
Command AddBackupCommand(CLI::App& app, const KinerjactlOptions& options);

// The footer of a --help page: `details` word-wrapped to 80 columns (a blank line starts a
// new paragraph), a note on the global options, "Example:" with `examples` as given, and the
// exit codes.
std::string CommandFooter(absl::string_view details, absl::string_view examples);
// The same with the command's own exit codes (`exit_codes`, "Exit codes:\n  0  ...\n").
std::string CommandFooter(absl::string_view details, absl::string_view examples,
                          absl::string_view exit_codes);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_CLI_COMMAND_H_
