// `kinerjactl feed [--since CURSOR] [--follow]`: the node's rollup changes as NDJSON
// (QueryService.WatchRollups), for other systems to consume.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>

#include "client/cli/command.h"
#include "client/output/query_output.h"

namespace kinerja::client {
namespace {

struct FeedArgs {
  uint64_t since = 0;
  bool follow = false;
};

absl::Status RunFeed(const FeedArgs& args, CommandContext& ctx) {
  v1::WatchRollupsRequest request;
  request.set_cursor(args.since);
  request.set_follow(args.follow);
  return ctx.query.WatchRollups(
      request, [&ctx](const v1::WatchRollupsResponse& response) -> absl::Status {
        for (const v1::RollupChange& change : response.changes()) {
          if (absl::Status printed = PrintRollupChange(change, ctx.out); !printed.ok()) {
            return printed;
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace

Command AddFeedCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<FeedArgs>();
  CLI::App* sub = app.add_subcommand("feed", "Print the rollup changes as JSON lines");
  sub->add_option("--since", args->since,
                  "Only changes after this cursor, e.g. the last one printed (default: 0)")
      ->type_name("CURSOR")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--follow", args->follow, "Keep printing changes as they happen");
  sub->footer(CommandFooter(
      "Prints every change of the node's rollup rows after --since, one JSON object per line "
      "(NDJSON), each line written out as soon as it arrives: a RollupChange in the proto3 "
      "JSON mapping with proto field names, e.g. {\"cursor\":\"42\",\"row_key\":"
      "\"2024/total/3603\",\"row\":{...},\"deleted\":false}. The output is NDJSON whatever -o "
      "says.\n\n"
      "Without --follow it stops when the node has sent what it holds (exit 0), within "
      "--timeout. With --follow it has no deadline and runs until interrupted (Ctrl-C) or the "
      "stream fails: exit 3 if kinerjad cannot be reached or the connection is lost, 1 for "
      "any other failure. To resume without gaps or repeats, pass the last cursor printed as "
      "--since.",
      "  kinerjactl feed\n"
      "  kinerjactl feed --since 1200 --follow | consumer"));
  return Command{sub, [args](CommandContext& ctx) { return RunFeed(*args, ctx); }};
}

}  // namespace kinerja::client
