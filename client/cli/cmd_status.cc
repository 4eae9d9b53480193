// `kinerjactl status`: what the node is and how its replication stands.
#include <CLI/CLI.hpp>

#include "client/cli/command.h"

namespace kinerja::client {

Command AddStatusCommand(CLI::App& app, const KinerjactlOptions& options) {
  CLI::App* sub = app.add_subcommand("status", "Show the node and how its replication stands");
  sub->footer(CommandFooter(
      "Shows the node (satker, role, replica id), its upstream and whether the last attempt "
      "reached it, the last successful sync (local time and how long ago), changes waiting to "
      "go up, keys in conflict, changes held, clock skew events (over the life of the data "
      "directory), changes refused by authorisation, and the version vector, one origin per "
      "line. When a peer was found holding more of this replica's own changes than it holds "
      "(a damaged log or a restored backup), WRITING REFUSED says so and how to recover.",
      "  kinerjactl status\n  kinerjactl -o json status"));
  return Command{sub, [](CommandContext& ctx) -> absl::Status {
                   absl::StatusOr<v1::StatusResponse> response = ctx.client.GetStatus();
                   if (!response.ok()) return response.status();
                   return PrintStatus(*response, ctx.output, ctx.out);
                 }};
}

}  // namespace kinerja::client
