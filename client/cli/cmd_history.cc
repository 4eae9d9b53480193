// `kinerjactl history KEY`: every version of one record this node holds (Riwayat).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace kinerja::client {

Command AddHistoryCommand(CLI::App& app, const KinerjactlOptions&) {
  auto key = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("history", "Show every version of one record");
  sub->add_option("KEY", *key,
                  "Entity key, e.g. 3603/2024/pagu/6709/L01, 3603/2024/indikator/IKU1")
      ->required();
  sub->footer(CommandFooter(
      "Lists every version of the record under KEY that this node holds, oldest first: its "
      "id ORIGIN#SEQ, author, time, the versions it superseded (its bases), whether it is a "
      "current head and the visible one, and its value. A conflict shows as two heads; its "
      "resolution as a version whose bases are both.",
      "  kinerjactl history 3603/2024/pagu/6709/L01\n"
      "  kinerjactl -o json history 3603/2024/indikator/IKU1"));
  return Command{sub, [key](CommandContext& ctx) -> absl::Status {
                   v1::HistoryRequest request;
                   request.set_key(*key);
                   absl::StatusOr<v1::HistoryResponse> response = ctx.client.History(request);
                   if (!response.ok()) return response.status();
                   return PrintHistory(*response, ctx.output, ctx.out);
                 }};
}

}  // namespace kinerja::client
