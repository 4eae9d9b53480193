// `kinerjactl rollup --satker CODE --tahun YYYY`: consolidated figures of a satker and
// everything below it (QueryService.Rollup).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"
#include "client/output/query_output.h"

namespace kinerja::client {
namespace {

struct RollupArgs {
  std::string satker;
  int tahun = 0;
};

absl::Status RunRollup(const RollupArgs& args, CommandContext& ctx) {
  v1::RollupRequest request;
  request.set_satker(args.satker);
  request.set_tahun(args.tahun);
  absl::StatusOr<v1::RollupResponse> response = ctx.query.Rollup(request);
  if (!response.ok()) return response.status();
  return PrintRollup(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddRollupCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<RollupArgs>();
  CLI::App* sub =
      app.add_subcommand("rollup", "Show the consolidated budget and indicator figures");
  sub->add_option("--satker", args->satker, "This node's satker or one below it, e.g. 3603, 36, RI")
      ->required();
  sub->add_option("--tahun", args->tahun, "Year, e.g. 2024")
      ->required()
      ->check(CLI::Range(1900, 2999));
  sub->footer(CommandFooter(
      "Shows the figures of the satker and every satker below it in one year, as the node "
      "holds them: pagu, realisasi and penyerapan (realisasi / pagu) in total, per satker (the "
      "satker itself and each direct child's subtree) and per program; the number of "
      "indicators, with a target, with a realisasi and tercapai (capaian at least 100%); and "
      "the realisasi per month with its cumulative sum.\n\n"
      "-o json prints the RollupResponse; -o csv one file whose first column, tabel, says "
      "which table a line belongs to (total, satker, program, indikator, bulan).",
      "  kinerjactl rollup --satker 3603 --tahun 2024\n"
      "  kinerjactl -o json rollup --satker 36 --tahun 2024"));
  return Command{sub, [args](CommandContext& ctx) { return RunRollup(*args, ctx); }};
}

}  // namespace kinerja::client
