// `kinerjactl sync`: asks the daemon to run a session with its upstream now and waits for it.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/cli/arg_values.h"
#include "client/cli/cli_validators.h"
#include "client/cli/command.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::client {
namespace {

struct SyncArgs {
  // The daemon's default, asked for explicitly so that --help shows it.
  std::string timeout = absl::FormatDuration(absl::Milliseconds(v1::SYNC_NOW_DEFAULT_TIMEOUT_MS));
};

absl::Status RunSync(const SyncArgs& args, CommandContext& ctx) {
  absl::StatusOr<absl::Duration> timeout = ParseTimeout(args.timeout);
  if (!timeout.ok()) return timeout.status();  // The validator already refused it.
  v1::SyncNowRequest request;
  request.set_timeout_ms(static_cast<uint32_t>(absl::ToInt64Milliseconds(*timeout)));
  absl::StatusOr<v1::SyncNowResponse> response = ctx.client.SyncNow(request);
  if (response.status().code() == absl::StatusCode::kDeadlineExceeded) {
    // The session did not finish in time: the upstream did not answer, which is what
    // exit code 3 reports.
    return absl::UnavailableError(absl::StrCat("sync did not finish within ", args.timeout, ": ",
                                               response.status().message()));
  }
  if (!response.ok()) return response.status();
  return PrintSync(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddSyncCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<SyncArgs>();
  CLI::App* sub = app.add_subcommand("sync", "Sync with the upstream now");
  sub->add_option("--timeout", args->timeout,
                  "Give up on the session after this long, e.g. 30s, 2m, 500ms")
      ->type_name("DURATION")
      ->check(DurationValidator())
      ->capture_default_str();
  sub->footer(CommandFooter(
      "Runs a sync session with the upstream now instead of waiting for the next scheduled "
      "one, and prints how many changes went up and came down and how many still wait to go "
      "up. Exits with 3 if the upstream cannot be reached or the session does not finish "
      "within --timeout.",
      "  kinerjactl sync\n  kinerjactl sync --timeout 2m"));
  return Command{sub, [args](CommandContext& ctx) { return RunSync(*args, ctx); }};
}

}  // namespace kinerja::client
