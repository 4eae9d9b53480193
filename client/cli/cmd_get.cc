// `kinerjactl get KEY`: one record, and its competing versions when it is in conflict.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace kinerja::client {

Command AddGetCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto key = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("get", "Show one record and its conflicting versions");
  sub->add_option("KEY", *key,
                  "Entity key, e.g. 3603/2024/pagu/6709/L01, 3603/2024/indikator/IKU1, "
                  "RI/ref/satker/3604")
      ->required();
  sub->footer(CommandFooter(
      "Shows the visible value of the record under KEY with every field. If the key is in "
      "conflict, each head follows: its id ORIGIN#SEQ (what resolve --pick takes), author, "
      "clock, whether it is the visible one, and its value.",
      "  kinerjactl get 3603/2024/pagu/6709/L01\n"
      "  kinerjactl get 3603/2024/belanja/6709/L01/TAHUNAN"));
  return Command{sub, [key](CommandContext& ctx) -> absl::Status {
                   v1::GetRequest request;
                   request.set_key(*key);
                   absl::StatusOr<v1::GetResponse> response = ctx.client.Get(request);
                   if (!response.ok()) return response.status();
                   return PrintGet(*response, ctx.output, ctx.out);
                 }};
}

}  // namespace kinerja::client
