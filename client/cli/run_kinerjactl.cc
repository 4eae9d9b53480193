#include "client/cli/run_kinerjactl.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/cli/arg_values.h"
#include "client/cli/cli_validators.h"
#include "client/cli/command.h"
#include "client/output/output.h"
#include "client/rpc/admin_client.h"
#include "client/rpc/daemon_channel.h"
#include "client/rpc/query_client.h"

namespace kinerja::client {
namespace {

// Options every subcommand shares; given before or after the subcommand.
struct GlobalArgs {
  std::string addr;
  std::string output = "table";
  std::string timeout = "30s";
};

void AddGlobalOptions(CLI::App& app, GlobalArgs& args) {
  app.add_option("--addr", args.addr,
                 "HOST:PORT of kinerjad's admin listener; default: $KINERJA_ADDR if set")
      ->capture_default_str();
  app.add_option("-o,--output", args.output,
                 "table (for people), json (one object per response) or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.add_option("--timeout", args.timeout,
                 "Deadline of each call to kinerjad, e.g. 30s, 2m, 500ms (feed --follow has "
                 "none)")
      ->type_name("DURATION")
      ->check(DurationValidator())
      ->capture_default_str();
}

std::vector<Command> AddCommands(CLI::App& app, const KinerjactlOptions& options) {
  return {AddStatusCommand(app, options),  AddImportCommand(app, options),
          AddSyncCommand(app, options),    AddGetCommand(app, options),
          AddLsCommand(app, options),      AddConflictsCommand(app, options),
          AddResolveCommand(app, options), AddRollupCommand(app, options),
          AddReportCommand(app, options),  AddExportCommand(app, options),
          AddFeedCommand(app, options),    AddDigestCommand(app, options),
          AddHealthCommand(app, options),  AddHistoryCommand(app, options),
          AddUserCommand(app, options),  AddBackupCommand(app, options)};
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (status.code() == absl::StatusCode::kUnavailable) return kExitUnreachable;
  return kExitFailed;
}

// Runs the parsed subcommand against the daemon and reports its outcome.
int RunParsed(const GlobalArgs& global, const Command& command, const KinerjactlOptions& options,
              std::ostream& out, std::ostream& err) {
  // Both were checked by their validators; this only guards against a bad default.
  const absl::StatusOr<absl::Duration> deadline = ParseTimeout(global.timeout);
  const absl::StatusOr<OutputFormat> format = ParseOutputFormat(global.output);
  if (!deadline.ok() || !format.ok()) {
    err << "kinerjactl: " << (deadline.ok() ? format.status() : deadline.status()).message()
        << "\n";
    return kExitUsage;
  }
  // Both services are served on the admin listener; one channel, connected on first use.
  const std::shared_ptr<grpc::Channel> channel = NewDaemonChannel(global.addr);
  AdminClientOptions admin_options;
  admin_options.deadline = *deadline;
  AdminClient admin(global.addr, channel, admin_options);
  QueryClientOptions query_options;
  query_options.deadline = *deadline;
  QueryClient query(global.addr, channel, query_options);
  OutputOptions output;
  output.format = *format;
  output.now = options.now();
  output.time_zone = options.time_zone;
  CommandContext context{admin, query, output, out, err, options.err_is_terminal};
  context.addr = global.addr;
  context.deadline = *deadline;
  const absl::Status status = command.run(context);
  if (!status.ok()) {
    err << "kinerjactl: "
        << absl::StrReplaceAll(status.message(), {{"\r\n", " "}, {"\n", " "}, {"\r", " "}}) << "\n";
  }
  return ExitCodeFor(status);
}

}  // namespace

KinerjactlOptions KinerjactlOptionsFromEnvironment() {
  KinerjactlOptions options;
  if (const char* addr = std::getenv("KINERJA_ADDR"); addr != nullptr && *addr != '\0') {
    options.default_addr = addr;
  }
  if (const char* user = std::getenv("USER"); user != nullptr) options.default_author = user;
  options.time_zone = absl::LocalTimeZone();
  options.err_is_terminal = isatty(STDERR_FILENO) == 1;
  return options;
}

int RunKinerjactl(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                  const KinerjactlOptions& options) {
  CLI::App app("kinerjactl: the command line of a Kinerja node", "kinerjactl");
  app.fallthrough();  // Global options may also follow the subcommand.
  app.require_subcommand(1);
  app.footer(CommandFooter(
      "Talks to the local kinerjad over its admin listener to import KPU performance and "
      "budget data, sync it with the upstream now, show the node's status, read records, "
      "list and resolve conflicts, show consolidated figures (rollup) and the LKj report, "
      "export records as import files, and follow the rollup feed. Every subcommand has its "
      "own --help.",
      "  kinerjactl status\n"
      "  kinerjactl import anggaran 3603_anggaran.csv\n"
      "  kinerjactl --addr 127.0.0.1:7411 -o json ls --satker 3603 --tahun 2024\n"
      "  kinerjactl report lkj --satker 3603 --tahun 2024 --xlsx lkj.xlsx"));
  GlobalArgs global;
  global.addr = options.default_addr;
  AddGlobalOptions(app, global);
  const std::vector<Command> commands = AddCommands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == static_cast<int>(CLI::ExitCodes::Success) ? kExitOk : kExitUsage;
  }
  for (const Command& command : commands) {
    if (app.got_subcommand(command.app)) return RunParsed(global, command, options, out, err);
  }
  err << "kinerjactl: no subcommand given\n";  // require_subcommand(1) prevents this.
  return kExitUsage;
}

int RunKinerjactl(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return RunKinerjactl(argc, argv, out, err, KinerjactlOptionsFromEnvironment());
}

}  // namespace kinerja::client
