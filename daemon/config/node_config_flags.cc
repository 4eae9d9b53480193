#include "daemon/config/node_config_flags.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "daemon/config/node_config_defaults.h"
#include "daemon/config/role_name.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

// How a flag's text becomes a field value (see ApplyFlag).
enum class Kind { kText, kRole, kBool, kCount, kSeconds };

struct FlagSpec {
  std::string flag;   // As typed: "--sync-window".
  std::string field;  // The NodeConfig field it sets, as a path: "sync.window".
  Kind kind;
  std::string value_name;  // Shown in --help: "N"; empty for --insecure, which takes none.
  std::string help;        // What it means, ending with its default if it has one.
};

// Help text column: the descriptions start here and are wrapped to end by column 100.
constexpr size_t kHelpColumn = 34;
constexpr size_t kHelpWidth = 100 - kHelpColumn;

// Breaks `text` into lines of at most kHelpWidth characters at spaces (CLI11 indents them).
std::string Wrap(absl::string_view text) {
  std::string wrapped;
  size_t line_length = 0;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (line_length > 0 && line_length + 1 + word.size() > kHelpWidth) {
      wrapped += '\n';
      line_length = 0;
    } else if (line_length > 0) {
      wrapped += ' ';
      ++line_length;
    }
    absl::StrAppend(&wrapped, word);
    line_length += word.size();
  }
  return wrapped;
}

std::string Default(uint32_t value) { return absl::StrCat(" Default: ", value, "."); }

// Every field flag, in --help order. The defaults shown are read from the components'
// Options structs (node_config_defaults.h).
std::vector<FlagSpec> FlagSpecs() {
  const v1::NodeConfig defaults = DefaultNodeConfig();
  const v1::SyncLimits& sync = defaults.sync();
  return {
      {"--node", "node", Kind::kText, "CODE",
       "This node's satker code: 3604 (an office), 36 (a province), RI (national). Must be "
       "the subject CN of --tls-cert."},
      {"--role", "role", Kind::kRole, "ROLE", "office, province or national (see Roles)."},
      {"--listen", "listen", Kind::kText, "HOST:PORT",
       "Address serving peers (sync), e.g. 0.0.0.0:7400; port 0 lets the system pick."},
      {"--admin-listen", "admin_listen", Kind::kText, "HOST:PORT",
       absl::StrCat("Loopback address of the local AdminService that kinerjactl talks to "
                    "(plaintext). Default: ",
                    kDefaultAdminHost, " with the port of --listen plus one.")},
      {"--http-listen", "http_listen", Kind::kText, "HOST:PORT",
       "Address of the HTTP listener: GET /metrics (Prometheus text), /healthz (200 while "
       "the process runs), /readyz (200 only while serving). A non-loopback address is "
       "refused unless TLS is configured (it then serves HTTPS with --tls-cert and asks "
       "scrapers for a certificate of --tls-ca). \"off\" disables it. Default: the host of "
       "--admin-listen with its port plus one."},
      {"--health-listen", "health_listen", Kind::kText, "HOST:PORT",
       "Address of a plaintext gRPC listener serving only grpc.health.v1 (SERVING or "
       "NOT_SERVING, nothing else), for probes that cannot present a certificate, such as "
       "the kubelet's native gRPC probe. Any address is allowed. Default: off."},
      {"--http-users", "http_users", Kind::kText, "FILE",
       "Users of the web console, one \"name:role:hash\" line each (role lihat or operator; "
       "make one with kinerjactl user add). Given: every console page and /api/ route needs "
       "a login, on loopback too; the listener serves HTTPS with --tls-cert without asking "
       "browsers for a certificate; /metrics answers a certificate of --tls-ca or a login; "
       "/healthz and /readyz stay open. Not given: no login on loopback; off loopback only "
       "/metrics, /healthz and /readyz answer. Needs TLS (not --insecure)."},
      {"--data-dir", "data_dir", Kind::kText, "DIR",
       "Directory of this node's replica; created if absent."},
      {"--upstream", "upstream", Kind::kText, "HOST:PORT",
       "The parent node to sync with. Required for office and province; national has none."},
      {"--registry", "registry", Kind::kText, "FILE",
       "Satker CSV naming each satker's parent (DOMAIN.md kind satker). Required."},
      {"--tls-cert", "tls.cert", Kind::kText, "FILE",
       "PEM certificate of this node; its subject CN is --node."},
      {"--tls-key", "tls.key", Kind::kText, "FILE", "Unencrypted PEM private key of --tls-cert."},
      {"--tls-ca", "tls.ca", Kind::kText, "FILE",
       "PEM CA bundle that peers' certificates must chain to."},
      {"--tls-crl-dir", "tls.crl_dir", Kind::kText, "DIR",
       "Directory of CRLs in OpenSSL's hashed layout (openssl rehash DIR): a peer whose "
       "certificate one revokes is refused at the handshake; a CRL added while the node runs "
       "applies from the next connection. Default: no revocation check."},
      {"--tls-reload-interval", "tls.reload_interval_seconds", Kind::kSeconds, "DURATION",
       absl::StrCat("How often --tls-cert, --tls-key and --tls-ca are read again, so that "
                    "renewed certificates apply without a restart; seconds or as 90s, 5m.",
                    Default(defaults.tls().reload_interval_seconds()))},
      {"--insecure", "insecure", Kind::kBool, "",
       "Plaintext without certificates, for tests and demos: refused unless --listen and "
       "--upstream are loopback addresses; peers then name themselves in a header."},
      {"--max-clock-skew", "max_clock_skew_seconds", Kind::kSeconds, "DURATION",
       absl::StrCat("Farthest a received clock may run ahead of this node's, in seconds or "
                    "as 90s, 30m, 1h.",
                    Default(defaults.max_clock_skew_seconds()))},
      {"--sync-max-batch-changes", "sync.max_batch_changes", Kind::kCount, "N",
       absl::StrCat("Changes per sync batch.", Default(sync.max_batch_changes()))},
      {"--sync-max-batch-bytes", "sync.max_batch_bytes", Kind::kCount, "BYTES",
       absl::StrCat("Serialized change bytes per sync batch; at most half of "
                    "--sync-max-message-bytes.",
                    Default(sync.max_batch_bytes()))},
      {"--sync-max-message-bytes", "sync.max_message_bytes", Kind::kCount, "BYTES",
       absl::StrCat("Largest sync message accepted; at least 4 MiB.",
                    Default(sync.max_message_bytes()))},
      {"--sync-initial-backoff-ms", "sync.initial_backoff_ms", Kind::kCount, "MS",
       absl::StrCat("First retry delay after a failed session.",
                    Default(sync.initial_backoff_ms()))},
      {"--sync-max-backoff-ms", "sync.max_backoff_ms", Kind::kCount, "MS",
       absl::StrCat("Cap of the doubling retry delay.", Default(sync.max_backoff_ms()))},
      {"--sync-interval-ms", "sync.interval_ms", Kind::kCount, "MS",
       absl::StrCat("Pause between sessions when nothing changed.", Default(sync.interval_ms()))},
      {"--sync-window", "sync.window", Kind::kCount, "N",
       absl::StrCat("Batches in flight before waiting for an acknowledgement.",
                    Default(sync.window()))},
      {"--sync-max-sessions", "sync.max_sessions", Kind::kCount, "N",
       absl::StrCat("Children's sync sessions served at once; one more is refused with "
                    "RESOURCE_EXHAUSTED and retries after its backoff.",
                    Default(sync.max_sessions()))},
      {"--sync-read-ahead-bytes", "sync.read_ahead_bytes", Kind::kCount, "BYTES",
       absl::StrCat("Bytes of children's received messages, not yet applied, that all "
                    "sessions together may hold while reading ahead; beyond it each session "
                    "holds one batch at a time.",
                    Default(sync.read_ahead_bytes()))},
      {"--sync-progress-timeout-ms", "sync.progress_timeout_ms", Kind::kCount, "MS",
       absl::StrCat("A child's session that sends nothing for this long ends with "
                    "DEADLINE_EXCEEDED.",
                    Default(sync.progress_timeout_ms()))},
      {"--max-connection-age-ms", "sync.max_connection_age_ms", Kind::kCount, "MS",
       absl::StrCat("A connection to --listen is closed this long after it opened (after "
                    "--max-connection-age-grace-ms more for its calls), so that a revoked "
                    "certificate keeps no stream.",
                    Default(sync.max_connection_age_ms()))},
      {"--max-connection-age-grace-ms", "sync.max_connection_age_grace_ms", Kind::kCount, "MS",
       absl::StrCat("See --max-connection-age-ms.", Default(sync.max_connection_age_grace_ms()))},
      {"--log-format", "log_format", Kind::kText, "FORMAT",
       "text (\"<time> <I|W|E> kinerjad[<node>] <message>\") or json (one object per line: "
       "ts, level, msg, node, component, and peer, session, change where they apply). "
       "Default: text."},
      {"--log-level", "log_level", Kind::kText, "LEVEL",
       "The lowest level logged: info, warning or error. Default: info."},
  };
}

constexpr char kDescription[] =
    "kinerjad: one node of Kinerja, which keeps the performance and budget data of KPU\n"
    "offices in sync, office -> province -> national. Settings come from --config (a\n"
    "kinerja.v1.NodeConfig in protobuf text format) and the flags below, which override it.\n";

constexpr char kFooter[] =
    R"(Each flag is the config file field of the same name: --data-dir is data_dir,
--tls-cert is tls { cert }, --sync-window is sync { window }, --max-clock-skew is
max_clock_skew_seconds (whole seconds). A flag given overrides the file. Paths are used
as given, relative to the working directory.

Roles:
  office    A KPU Kabupaten/Kota (e.g. 3604). Writes its own records; syncs with its
            province through --upstream (required). --registry is required.
  province  A KPU Provinsi hub (e.g. 36). Its offices dial it; it consolidates them and
            syncs with national through --upstream (required). --registry is required.
  national  KPU RI (RI). The provinces dial it; it consolidates them and serves rollup
            feeds. It has no --upstream. --registry is required.
  A peer is the satker its certificate's subject CN names; the registry says whose child
  it is, and so what it may send.

Restore (docs/backup.md):
  kinerjad restore --from FILE --data-dir NEW unpacks a backup (kinerjactl backup save)
  into a new or empty NEW as a new incarnation (a new replica id), prints what it restored
  and exits; start kinerjad on NEW as usual and it catches up from its upstream.

Config file example (--config /etc/kinerja/3604.conf):
  node: "3604"
  role: ROLE_OFFICE
  listen: "0.0.0.0:7400"
  data_dir: "/var/lib/kinerja"
  upstream: "kpu-banten.example:7400"
  tls { cert: "/etc/kinerja/3604.pem" key: "/etc/kinerja/3604.key" ca: "/etc/kinerja/ca.pem" }

Examples:
  kinerjad --config /etc/kinerja/3604.conf --sync-window 8
  kinerjad --node 36 --role province --listen 127.0.0.1:7500 --data-dir /tmp/kinerja-36 \
    --upstream 127.0.0.1:7600 --registry deploy/demo/satker.csv --insecure)";

// The CLI11 definition of the command line, and where it puts what it reads.
struct Parser {
  CLI::App app{kDescription, "kinerjad"};
  std::vector<FlagSpec> specs = FlagSpecs();
  std::vector<std::string> texts = std::vector<std::string>(specs.size());
  std::vector<CLI::Option*> options;
  std::string config_file;
  bool insecure = false;
  bool check_config = false;

  Parser() {
    app.set_help_flag("-h,--help", "Print this help and exit.");
    app.get_formatter()->column_width(kHelpColumn);
    app.add_option("--config", config_file, "NodeConfig file in protobuf text format.")
        ->type_name("FILE");
    app.add_flag("--check-config", check_config,
                 Wrap("Check the configuration (fields, certificate and registry files, the data "
                      "directory) without starting; print ok or the first problem, naming its "
                      "flag, and exit 0 or 1."));
    for (size_t i = 0; i < specs.size(); ++i) {
      if (specs[i].kind == Kind::kBool) {
        options.push_back(app.add_flag(specs[i].flag, insecure, Wrap(specs[i].help)));
      } else {
        options.push_back(app.add_option(specs[i].flag, texts[i], Wrap(specs[i].help))
                              ->type_name(specs[i].value_name));
      }
    }
    app.footer(kFooter);
  }
};

absl::Status FlagProblem(absl::string_view flag, absl::string_view expected,
                         absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat("config: ", flag, ": expected ", expected, ", got \"", got, "\""));
}

absl::StatusOr<uint32_t> ParseCount(absl::string_view text) {
  uint32_t value = 0;
  bool digits = !text.empty();
  for (char c : text) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits || !absl::SimpleAtoi(text, &value) || value == 0) {
    return absl::InvalidArgumentError("a whole number greater than 0");
  }
  return value;
}

absl::StatusOr<uint32_t> ParseSeconds(absl::string_view text) {
  constexpr char kExpected[] = "whole seconds or a duration like 90s, 30m or 1h";
  if (absl::StatusOr<uint32_t> seconds = ParseCount(text); seconds.ok()) return seconds;
  absl::Duration duration;
  if (!absl::ParseDuration(text, &duration) || duration < absl::Seconds(1) ||
      duration > absl::Seconds(std::numeric_limits<uint32_t>::max())) {
    return absl::InvalidArgumentError(kExpected);
  }
  return static_cast<uint32_t>(absl::ToInt64Seconds(duration));
}

// The message holding the field at `path` ("sync.window": config's SyncLimits) and the
// field itself; nullptr if the path names no field (a bug in FlagSpecs).
const google::protobuf::FieldDescriptor* ResolveField(absl::string_view path,
                                                      google::protobuf::Message** message) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const google::protobuf::FieldDescriptor* field =
        (*message)->GetDescriptor()->FindFieldByName(parts[i]);
    if (field == nullptr || i + 1 == parts.size()) return field;
    *message = (*message)->GetReflection()->MutableMessage(*message, field);
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  Parser parser;
  CommandLine command_line;
  try {
    parser.app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    command_line.help_requested = true;
    return command_line;
  } catch (const CLI::ParseError& e) {
    return absl::InvalidArgumentError(absl::StrCat("config: ", e.what()));
  }
  command_line.config_file = parser.config_file;
  command_line.check_config = parser.check_config;
  for (size_t i = 0; i < parser.specs.size(); ++i) {
    if (parser.options[i]->count() == 0) continue;
    std::string value = parser.specs[i].kind == Kind::kBool
                            ? std::string(parser.insecure ? "true" : "false")
                            : parser.texts[i];
    command_line.flags.push_back({parser.specs[i].flag, std::move(value)});
  }
  return command_line;
}

absl::Status ApplyFlag(const FlagValue& flag, v1::NodeConfig* config) {
  std::vector<FlagSpec> specs = FlagSpecs();
  auto spec = std::find_if(specs.begin(), specs.end(),
                           [&](const FlagSpec& s) { return s.flag == flag.flag; });
  if (spec == specs.end()) {
    return absl::InvalidArgumentError(absl::StrCat("config: unknown flag ", flag.flag));
  }
  google::protobuf::Message* message = config;
  const google::protobuf::FieldDescriptor* field = ResolveField(spec->field, &message);
  if (field == nullptr) {
    return absl::InternalError(absl::StrCat("config: ", flag.flag, " names no field"));
  }
  const google::protobuf::Reflection* reflection = message->GetReflection();
  switch (spec->kind) {
    case Kind::kText:
      reflection->SetString(message, field, flag.value);
      return absl::OkStatus();
    case Kind::kRole: {
      absl::StatusOr<v1::Role> role = ParseRoleName(flag.value);
      if (!role.ok()) return FlagProblem(flag.flag, "office, province or national", flag.value);
      reflection->SetEnumValue(message, field, *role);
      return absl::OkStatus();
    }
    case Kind::kBool:
      if (flag.value != "true" && flag.value != "false") {
        return FlagProblem(flag.flag, "true or false", flag.value);
      }
      reflection->SetBool(message, field, flag.value == "true");
      return absl::OkStatus();
    case Kind::kCount:
    case Kind::kSeconds: {
      absl::StatusOr<uint32_t> value =
          spec->kind == Kind::kCount ? ParseCount(flag.value) : ParseSeconds(flag.value);
      if (!value.ok()) return FlagProblem(flag.flag, value.status().message(), flag.value);
      reflection->SetUInt32(message, field, *value);
      return absl::OkStatus();
    }
  }
  return absl::InternalError(absl::StrCat("config: ", flag.flag, " has no kind"));
}

std::string NodeConfigHelp() {
  Parser parser;
  return parser.app.help();
}

}  // namespace kinerja::config
