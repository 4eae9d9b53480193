// `kinerjactl import KIND FILE`: sends one CSV file to the daemon, which imports it atomically.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"
#include "client/files/file_input.h"

namespace kinerja::client {
namespace {

struct ImportArgs {
  std::string kind;
  std::string file;
  std::string author;
};

absl::Status RunImport(const ImportArgs& args, CommandContext& ctx) {
  absl::StatusOr<std::string> content = ReadFileContent(args.file);
  if (!content.ok()) return content.status();
  v1::ImportRequest request;
  request.set_file_kind(FileKindOf(args.kind));
  request.set_file_name(BaseName(args.file));
  request.set_content(*std::move(content));
  request.set_author(args.author);
  absl::StatusOr<v1::ImportResponse> response = ctx.client.Import(request);
  if (!response.ok()) return response.status();
  return PrintImport(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddImportCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<ImportArgs>();
  args->author = options.default_author;
  CLI::App* sub = app.add_subcommand("import", "Import a CSV file of one kind of record");
  sub->add_option("KIND", args->kind, "What the file holds")
      ->required()
      ->check(CLI::IsMember(values::EnumWords<v1::FileKind>()));
  sub->add_option("FILE", args->file, "The CSV file (UTF-8, ',' or ';' separated)")->required();
  sub->add_option("--author", args->author, "Who imports; recorded on every change")
      ->capture_default_str();
  sub->footer(CommandFooter(
      "FILE is CSV as DOMAIN.md (\"Import files\") describes it: UTF-8, a header row, ',' or "
      "';' separated. The daemon imports it atomically: a file with any bad row changes "
      "nothing, and the error names the file, line and column. Prints how many records were "
      "created, changed and left unchanged, and how many rows were read.",
      "  kinerjactl import anggaran 3603_anggaran.csv --author \"Siti Rahma\"\n"
      "  kinerjactl -o json import indikator 3603_indikator.csv"));
  return Command{sub, [args](CommandContext& ctx) { return RunImport(*args, ctx); }};
}

}  // namespace kinerja::client
