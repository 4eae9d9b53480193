// `kinerjactl report lkj --satker CODE --tahun YYYY [--xlsx FILE]`: the LKj (Laporan Kinerja)
// of a satker (QueryService.ReportLkj), printed or written as an Excel workbook.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"
#include "client/files/file_output.h"
#include "common/report/lkj_workbook.h"
#include "client/output/query_output.h"

namespace kinerja::client {
namespace {

using report::LkjWorkbook;

struct LkjArgs {
  std::string satker;
  int tahun = 0;
  std::string xlsx;
};

absl::Status RunLkj(const LkjArgs& args, CommandContext& ctx) {
  v1::LkjRequest request;
  request.set_satker(args.satker);
  request.set_tahun(args.tahun);
  absl::StatusOr<v1::LkjResponse> response = ctx.query.ReportLkj(request);
  if (!response.ok()) return response.status();
  if (args.xlsx.empty()) return PrintLkj(*response, ctx.output, ctx.out);
  absl::StatusOr<std::string> workbook = LkjWorkbook(*response);
  if (!workbook.ok()) return workbook.status();
  if (absl::Status written = WriteFileContent(args.xlsx, *workbook); !written.ok()) {
    return written;
  }
  ctx.out << "wrote " << args.xlsx << "\n";
  return absl::OkStatus();
}

}  // namespace

Command AddReportCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<LkjArgs>();
  CLI::App* report = app.add_subcommand("report", "Produce a report of a satker");
  report->require_subcommand(1);
  report->footer(CommandFooter(
      "Produces a report from the records the node holds. The one report is lkj, the Laporan "
      "Kinerja; see kinerjactl report lkj --help.",
      "  kinerjactl report lkj --satker 3603 --tahun 2024"));

  CLI::App* lkj = report->add_subcommand("lkj", "The LKj (Laporan Kinerja) of a satker's year");
  lkj->add_option("--satker", args->satker, "Satker code, e.g. 3603")->required();
  lkj->add_option("--tahun", args->tahun, "Year, e.g. 2024")
      ->required()
      ->check(CLI::Range(1900, 2999));
  lkj->add_option("--xlsx", args->xlsx, "Write an Excel workbook instead of printing the report")
      ->type_name("FILE");
  lkj->footer(CommandFooter(
      "Shows the year-end performance report of a satker as the LKj documents lay it out: "
      "title \"Laporan Kinerja <nama> Tahun <tahun>\"; the indicators with target, realisasi "
      "and capaian, numbered by sasaran; the budget per program, each program's kegiatan "
      "followed by its subtotal (\"Jumlah\"), and the total with pagu, realisasi and "
      "penyerapan; the months without a budget realisasi; and the report's flags (e.g. a "
      "capaian above 120% or a realisasi above its pagu).\n\n"
      "-o json prints the LkjResponse. -o csv prints both tables in one file: its first "
      "column, tabel, is indikator, anggaran or total (the year's figures, the months without "
      "a realisasi and the report's flags); filter on it to get one table.\n\n"
      "--xlsx FILE writes an Excel workbook instead, with the sheets Indikator and Anggaran, "
      "money as numbers formatted with thousands separators and percentages as numbers with "
      "two decimals, and prints \"wrote FILE\"; -o does not apply to it. A file that cannot "
      "be written exits 1.",
      "  kinerjactl report lkj --satker 3603 --tahun 2024\n"
      "  kinerjactl report lkj --satker 3603 --tahun 2024 --xlsx lkj_3603_2024.xlsx\n"
      "  kinerjactl -o csv report lkj --satker 3603 --tahun 2024 > lkj.csv"));
  return Command{report, [args](CommandContext& ctx) { return RunLkj(*args, ctx); }};
}

}  // namespace kinerja::client
