// `kinerjactl export KIND [--satker CODE] [--tahun YYYY] [--out FILE]`: the node's records of
// one kind as an import CSV (QueryService.Export), to stdout or a file.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"
#include "client/files/file_output.h"

namespace kinerja::client {
namespace {

struct ExportArgs {
  std::string kind;
  std::string satker;
  int tahun = 0;
  std::string out;
};

absl::Status RunExport(const ExportArgs& args, CommandContext& ctx) {
  v1::ExportRequest request;
  request.set_file_kind(FileKindOf(args.kind));
  request.set_satker(args.satker);
  request.set_tahun(args.tahun);
  absl::StatusOr<v1::ExportResponse> response = ctx.query.Export(request);
  if (!response.ok()) return response.status();
  if (args.out.empty()) {
    ctx.out << response->csv();  // Verbatim: the daemon's CSV is the file.
    return absl::OkStatus();
  }
  if (absl::Status written = WriteFileContent(args.out, response->csv()); !written.ok()) {
    return written;
  }
  ctx.out << "wrote " << args.out << " (" << response->rows()
          << (response->rows() == 1 ? " row)" : " rows)") << "\n";
  return absl::OkStatus();
}

}  // namespace

Command AddExportCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* sub = app.add_subcommand("export", "Export records as an import CSV file");
  sub->add_option("KIND", args->kind, "What to export")
      ->required()
      ->check(CLI::IsMember(values::EnumWords<v1::FileKind>()));
  sub->add_option("--satker", args->satker,
                  "Only this satker, e.g. 3603 (default: every satker the node holds)");
  sub->add_option("--tahun", args->tahun, "Only this year, e.g. 2024 (default: every year)")
      ->check(CLI::Range(1900, 2999));
  sub->add_option("--out", args->out, "Write the CSV to this file instead of stdout")
      ->type_name("FILE");
  sub->footer(CommandFooter(
      "Writes the records of one kind that the node holds as CSV in the import format of "
      "that kind (DOMAIN.md, \"Import files\": comma-separated, a header row), exactly as the "
      "daemon produces it, so that kinerjactl import KIND FILE reads it back. -o does not "
      "apply: the output is always this CSV. With --out FILE the CSV goes to FILE and "
      "kinerjactl prints \"wrote FILE (N rows)\"; a file that cannot be written exits 1.",
      "  kinerjactl export anggaran --satker 3603 --tahun 2024 > 3603_anggaran.csv\n"
      "  kinerjactl export indikator --tahun 2024 --out indikator_2024.csv"));
  return Command{sub, [args](CommandContext& ctx) { return RunExport(*args, ctx); }};
}

}  // namespace kinerja::client
