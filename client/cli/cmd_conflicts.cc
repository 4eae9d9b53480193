// `kinerjactl conflicts`: keys with more than one head, which need a `resolve`.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace kinerja::client {

Command AddConflictsCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto satker = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("conflicts", "List keys in conflict with their heads");
  sub->add_option("--satker", *satker, "Only this satker's keys (default: all held here)");
  sub->footer(CommandFooter(
      "Lists the keys written concurrently on different replicas (more than one head), each "
      "head on its own line with its id ORIGIN#SEQ, author, clock and value. Until resolve "
      "settles a key, its visible value is the head with the latest clock.",
      "  kinerjactl conflicts\n  kinerjactl conflicts --satker 3604"));
  return Command{sub, [satker](CommandContext& ctx) -> absl::Status {
                   v1::ListConflictsRequest request;
                   request.set_satker(*satker);
                   absl::StatusOr<v1::ListConflictsResponse> response =
                       ctx.client.ListConflicts(request);
                   if (!response.ok()) return response.status();
                   return PrintConflicts(*response, ctx.output, ctx.out);
                 }};
}

}  // namespace kinerja::client
