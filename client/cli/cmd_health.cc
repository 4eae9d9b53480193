// `kinerjactl health`: whether kinerjad serves, by grpc.health.v1 Check. A probe for scripts,
// systemd and containers (Debian packages no gRPC probe tool).
#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "client/rpc/health_client.h"

namespace kinerja::client {
namespace {

using grpc::health::v1::HealthCheckResponse;

constexpr absl::string_view kHealthExitCodes =
    "Exit codes:\n"
    "  0  SERVING\n"
    "  1  anything else: NOT_SERVING (starting or draining), an unknown service, or kinerjad\n"
    "     cannot be reached\n"
    "  2  usage error\n";

struct HealthArgs {
  std::string service;
  HealthTls tls;
};

}  // namespace

Command AddHealthCommand(CLI::App& app, const KinerjactlOptions& options) {
  auto args = std::make_shared<HealthArgs>();
  CLI::App* sub = app.add_subcommand("health", "Check whether kinerjad is serving");
  sub->add_option("--service", args->service,
                  "A service's full name (kinerja.v1.SyncService, kinerja.v1.AdminService, "
                  "kinerja.v1.QueryService); default: the server as a whole");
  sub->add_option("--tls-cert", args->tls.cert,
                  "Client certificate (PEM), to check the peer listener over mutual TLS")
      ->type_name("FILE");
  sub->add_option("--tls-key", args->tls.key, "Key of --tls-cert (PEM)")->type_name("FILE");
  sub->add_option("--tls-ca", args->tls.ca, "CA bundle kinerjad's certificate chains to (PEM)")
      ->type_name("FILE");
  sub->footer(CommandFooter(
      "Asks kinerjad's gRPC health service (grpc.health.v1 Check) at --addr and prints SERVING, "
      "NOT_SERVING or UNREACHABLE. kinerjad serves once its replica is open and its listeners "
      "are up, and stops serving the moment it starts draining (SIGTERM); an unreachable "
      "upstream does not make it unhealthy. Without TLS flags it talks plaintext to the admin "
      "listener; with --tls-cert, --tls-key and --tls-ca it checks the peer listener.",
      "  kinerjactl health\n"
      "  kinerjactl health --addr 127.0.0.1:7401 --service kinerja.v1.SyncService\n"
      "  kinerjactl health --addr kpu-banten.example:7400 --tls-cert 36.pem --tls-key 36.key "
      "--tls-ca ca.pem",
      kHealthExitCodes));
  return Command{sub, [args](CommandContext& ctx) -> absl::Status {
                   auto channel = NewHealthChannel(ctx.addr, args->tls);
                   if (!channel.ok()) return channel.status();
                   auto status = CheckHealth(ctx.addr, *channel, args->service, ctx.deadline);
                   if (!status.ok()) {
                     ctx.out << (status.status().code() == absl::StatusCode::kNotFound
                                     ? "SERVICE_UNKNOWN\n"
                                     : "UNREACHABLE\n");
                     // Exit 1, not 3: for a probe, unreachable is simply not serving.
                     return absl::UnknownError(status.status().message());
                   }
                   ctx.out << HealthCheckResponse::ServingStatus_Name(*status) << "\n";
                   if (*status != HealthCheckResponse::SERVING) {
                     return absl::UnknownError(
                         absl::StrCat("kinerjad at ", ctx.addr, " is not serving"));
                   }
                   return absl::OkStatus();
                 }};
}

}  // namespace kinerja::client
