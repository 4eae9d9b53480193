// `kinerjactl ls --satker CODE`: a satker's records, optionally of one year and kind.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace kinerja::client {
namespace {

struct LsArgs {
  std::string satker;
  int tahun = 0;
  std::string kind;
  uint32_t limit = 0;
};

absl::Status RunLs(const LsArgs& args, CommandContext& ctx) {
  v1::ListRequest request;
  request.set_satker(args.satker);
  request.set_tahun(args.tahun);
  request.set_kind(args.kind);
  request.set_limit(args.limit);
  absl::StatusOr<v1::ListResponse> response = ctx.client.List(request);
  if (!response.ok()) return response.status();
  return PrintList(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddLsCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<LsArgs>();
  CLI::App* sub = app.add_subcommand("ls", "List a satker's records");
  sub->add_option("--satker", args->satker, "Satker code, e.g. 3603, 36, RI")->required();
  sub->add_option("--tahun", args->tahun, "Only this year, e.g. 2024 (default: every year)")
      ->check(CLI::Range(1900, 2999));
  sub->add_option("--kind", args->kind, "Only this kind of record (default: all)")
      ->check(CLI::IsMember({"indikator", "realisasi", "pagu", "belanja", "aksi"}));
  sub->add_option("--limit", args->limit, "At most this many records (default: no limit)");
  sub->footer(CommandFooter(
      "Lists the records of a satker in key order, with a column per field when they are all "
      "of one kind and a one-line summary otherwise. In table output the rupiah totals of the "
      "listed budget records follow, per year, with their penyerapan (realisasi / pagu).\n\n"
      "Kinds: indikator, realisasi (of indicators), pagu (budget lines), belanja (budget "
      "realisasi) and aksi (rencana aksi).",
      "  kinerjactl ls --satker 3603 --tahun 2024 --kind pagu\n"
      "  kinerjactl -o csv ls --satker 3604 --kind aksi > aksi.csv"));
  return Command{sub, [args](CommandContext& ctx) { return RunLs(*args, ctx); }};
}

}  // namespace kinerja::client
