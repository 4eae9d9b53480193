// `kinerjactl digest [--satker CODE]`: the digest of one satker's keys held by the node, to
// compare an office with its hub and national (equal digests: equal state of that satker).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "client/cli/command.h"

namespace kinerja::client {
namespace {

absl::Status RunDigest(const std::string& satker, CommandContext& ctx) {
  v1::DigestRequest request;
  request.set_satker(satker);
  if (satker.empty()) {  // The node's own satker.
    absl::StatusOr<v1::StatusResponse> status = ctx.client.GetStatus();
    if (!status.ok()) return status.status();
    request.set_satker(status->node());
  }
  absl::StatusOr<v1::DigestResponse> response = ctx.client.Digest(request);
  if (!response.ok()) return response.status();
  return PrintDigest(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddDigestCommand(CLI::App& app, const KinerjactlOptions&) {
  auto satker = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("digest", "Show the digest of a satker's records held here");
  sub->add_option("--satker", *satker, "Satker code, e.g. 3603, 36, RI (default: the node's own)");
  sub->footer(CommandFooter(
      "Prints the satker and a SHA-256 over every key about it held by this node (its records, "
      "the reference data it publishes and the review notes on it) with their versions and "
      "visible values. An office, its province and national that hold the same state of the "
      "office show the same digest, whatever order the changes arrived in.",
      "  kinerjactl digest\n"
      "  kinerjactl --addr 127.0.0.1:7401 digest --satker 3604"));
  return Command{sub, [satker](CommandContext& ctx) { return RunDigest(*satker, ctx); }};
}

}  // namespace kinerja::client
