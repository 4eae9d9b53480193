// `kinerjactl resolve KEY`: settles a conflict with a change whose bases are every head. The
// request names the heads it resolves (--heads, as `conflicts` shows them; without it, the
// heads `get` shows just before): the daemon refuses it with FAILED_PRECONDITION, writing
// nothing, if the key's heads have changed since.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/arg_values.h"
#include "client/cli/cli_validators.h"
#include "client/cli/command.h"
#include "client/files/file_input.h"
#include "google/protobuf/util/json_util.h"

namespace kinerja::client {
namespace {

struct ResolveArgs {
  std::string key;
  std::string pick;
  bool remove = false;
  std::string merged_json;
  std::string author;
  std::vector<std::string> heads;  // ORIGIN#SEQ each; empty: read them first.
};

// The record in the JSON file `path` (proto3 JSON of kinerja.v1.Record).
absl::StatusOr<v1::Record> ReadMergedRecord(const std::string& path) {
  absl::StatusOr<std::string> json = ReadFileContent(path);
  if (!json.ok()) return json.status();
  v1::Record record;
  const auto status = google::protobuf::util::JsonStringToMessage(*json, &record);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a kinerja.v1.Record in JSON: ", std::string(status.message())));
  }
  if (record.entity_case() == v1::Record::ENTITY_NOT_SET) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": the record holds no entity; expected e.g. {\"anggaran_pagu\": {...}}"));
  }
  return record;
}

absl::Status RunResolve(const ResolveArgs& args, CommandContext& ctx) {
  v1::ResolveRequest request;
  request.set_key(args.key);
  request.set_author(args.author);
  if (!args.pick.empty()) {
    absl::StatusOr<v1::ChangeId> pick = ParseChangeId(args.pick);
    if (!pick.ok()) return pick.status();  // The validator already refused it.
    *request.mutable_pick() = *std::move(pick);
  } else if (args.remove) {
    request.set_remove(true);
  } else {
    absl::StatusOr<v1::Record> merged = ReadMergedRecord(args.merged_json);
    if (!merged.ok()) return merged.status();
    *request.mutable_merged() = *std::move(merged);
  }
  if (!args.heads.empty()) {
    for (const std::string& text : args.heads) {
      absl::StatusOr<v1::ChangeId> id = ParseChangeId(text);
      if (!id.ok()) return id.status();  // The validator already refused it.
      *request.add_heads() = *std::move(id);
    }
  } else {
    // The heads as the daemon shows them now: still refused if another arrives before the
    // resolve is written.
    v1::GetRequest get;
    get.set_key(args.key);
    absl::StatusOr<v1::GetResponse> shown = ctx.client.Get(get);
    if (!shown.ok()) return shown.status();
    for (const v1::Version& v : shown->heads()) *request.add_heads() = v.id();
  }
  absl::StatusOr<v1::ResolveResponse> response = ctx.client.Resolve(request);
  if (!response.ok()) return response.status();
  return PrintResolve(*response, ctx.output, ctx.out);
}

}  // namespace

Command AddResolveCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<ResolveArgs>();
  args->author = options.default_author;
  CLI::App* sub = app.add_subcommand("resolve", "Settle a conflict on one key");
  sub->add_option("KEY", args->key, "Entity key in conflict, e.g. 3603/2024/pagu/6709/L01")
      ->required();
  CLI::Option_group* how = sub->add_option_group("resolution", "How to resolve");
  how->add_option("--pick", args->pick, "Keep the value of this head")
      ->type_name("ORIGIN#SEQ")
      ->check(ChangeIdValidator());
  how->add_flag("--delete", args->remove, "Delete the record");
  how->add_option("--merged-json", args->merged_json,
                  "Write this value: a JSON file holding a kinerja.v1.Record")
      ->type_name("FILE");
  how->require_option(1);
  sub->add_option("--heads", args->heads,
                  "The heads you resolve, as conflicts shows them (comma-separated); refused if "
                  "the key's heads are others by then. Default: the heads get shows now")
      ->type_name("ORIGIN#SEQ,...")
      ->delimiter(',')
      ->check(ChangeIdValidator());
  sub->add_option("--author", args->author, "Who resolves; recorded on the change")
      ->capture_default_str();
  sub->footer(CommandFooter(
      "Writes a change whose bases are every head of KEY, so that it supersedes them all. It "
      "keeps one head's value (--pick, with the id get and conflicts show), deletes the record "
      "(--delete), or writes a merged value (--merged-json: a file holding a "
      "kinerja.v1.Record in JSON). It names the heads it supersedes: --heads as conflicts "
      "listed them (for scripts), or else the heads get shows just before; if the key's heads "
      "are others when the daemon writes, it refuses and writes nothing. Prints the resolving "
      "change.",
      "  kinerjactl resolve 3603/2024/pagu/6709/L01 --pick 3603.9f2c41d07ab3#12\n"
      "  kinerjactl resolve 3603/2024/pagu/6709/L01 --pick 3603.9f2c41d07ab3#12 \\\n"
      "      --heads 3603.9f2c41d07ab3#12,3603.41aa07c2e9d0#7\n"
      "  kinerjactl resolve 3603/2024/pagu/6709/L01 --merged-json pagu.json\n"
      "    with pagu.json: {\"anggaran_pagu\": {\"satker\": \"3603\", \"tahun\": 2024, ...}}"));
  return Command{sub, [args](CommandContext& ctx) { return RunResolve(*args, ctx); }};
}

}  // namespace kinerja::client
