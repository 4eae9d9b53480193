// kinerjad: one program for the office, province and national roles. Reads its configuration
// (daemon/config), opens the replica, serves SyncService to its children (mutual TLS, or
// plaintext on loopback) and AdminService to kinerjactl (loopback), and syncs with its
// upstream in the background. Stops cleanly on SIGINT or SIGTERM.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "daemon/admin/admin_service.h"
#include "daemon/backup/restore.h"
#include "daemon/codec/parse_import.h"
#include "daemon/config/check_config.h"
#include "daemon/config/daemon_options.h"
#include "daemon/config/node_config.h"
#include "daemon/config/host_port.h"
#include "daemon/config/node_config_defaults.h"
#include "daemon/config/role_name.h"
#include "daemon/health/serving_state.h"
#include "daemon/health/systemd_notify.h"
#include "daemon/http/console_access.h"
#include "daemon/http/http_server.h"
#include "daemon/konsol/konsol.h"
#include "daemon/metrics/metered_sync_host.h"
#include "daemon/metrics/node_gauges.h"
#include "daemon/metrics/node_metrics.h"
#include "daemon/listen/accept_loop.h"
#include "daemon/node/node.h"
#include "daemon/query/query_service.h"
#include "daemon/runtime/executor.h"
#include "daemon/runtime/fd_limit.h"
#include "daemon/runtime/log.h"
#include "daemon/runtime/malloc_arenas.h"
#include "daemon/sync/keepalive.h"
#include "daemon/sync/sync_service.h"
#include "daemon/sync/upstream_syncer.h"
#include "daemon/tls/tls_credentials.h"
#include "grpc/support/log.h"  // gpr_set_log_function
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"

namespace kinerja::daemon {
namespace {

// Separate worker pools, so that one kind of work cannot starve another: an admin call holds
// its worker for as long as a `sync now` waits on the upstream, which must not delay a child's
// session; a crowd of feed readers must delay neither.
struct Workers {
  Executor sessions{8};  // Children's sync sessions: durable applies and change scans.
  Executor admin{8};     // kinerjactl's calls on the admin listener (AdminService, queries).
  Executor queries{4};   // Rollups, reports and exports that peers ask on the sync listener.
  Executor feeds{4};     // Rollup-feed reads, local and from peers.
};
// Largest AdminService request message. Import files travel as a stream of pieces
// (kinerjactl sends 1 MiB each), so no request comes near it.
constexpr int kMaxAdminMessageBytes = 64 << 20;
// Health checks are tiny.
constexpr int kMaxHealthMessageBytes = 64 << 10;
// How long calls in flight get after SIGTERM: with the rest of the drain, well within the
// 10 s systemd and container runtimes allow before SIGKILL.
constexpr std::chrono::seconds kDrainDeadline{7};
// The sync protocol version this daemon speaks (SyncHello.protocol_version).
constexpr int kProtocolVersion = 1;

absl::StatusOr<std::vector<v1::Satker>> ReadRegistry(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("registry: cannot read \"", path, "\""));
  std::stringstream content;
  content << in.rdbuf();
  auto rows = codec::ParseImport(v1::FILE_KIND_SATKER, path, content.str());
  if (!rows.ok()) return rows.status();
  std::vector<v1::Satker> entries;
  for (auto& located : *rows) entries.push_back(std::move(*located.record.mutable_satker()));
  return entries;
}

struct Credentials {
  std::shared_ptr<grpc::ServerCredentials> server;
  std::shared_ptr<grpc::ChannelCredentials> channel;
  tls::PeerTrust trust = tls::PeerTrust::kCertificate;
};

absl::StatusOr<Credentials> MakeCredentials(const v1::NodeConfig& config) {
  Credentials c;
  if (config.insecure()) {
    c.server = grpc::InsecureServerCredentials();
    c.channel = grpc::InsecureChannelCredentials();
    c.trust = tls::PeerTrust::kInsecureLoopback;
    return c;
  }
  const tls::TlsFiles files{config.tls().cert(), config.tls().key(), config.tls().ca(),
                            config.tls().crl_dir(), config.tls().reload_interval_seconds()};
  auto identity = tls::LoadTlsIdentity(files);
  if (!identity.ok()) return identity.status();
  if (identity->satker != config.node()) {
    return absl::InvalidArgumentError(absl::StrCat("tls: the certificate ", files.cert,
                                                   " names satker ", identity->satker,
                                                   ", but this node is ", config.node()));
  }
  auto server = tls::MakeServerCredentials(files);
  if (!server.ok()) return server.status();
  auto channel = tls::MakeChannelCredentials(files);
  if (!channel.ok()) return channel.status();
  c.server = *server;
  c.channel = *channel;
  return c;
}

// The gRPC link to the upstream, over `channel` credentials.
UpstreamLinkFactory GrpcUpstream(UpstreamOptions options,
                                 std::shared_ptr<grpc::ChannelCredentials> channel,
                                 const Logger* log) {
  return [options = std::move(options), channel = std::move(channel), log](
             storage::Replica* replica, RegistryFn registry) -> std::unique_ptr<UpstreamLink> {
    return std::make_unique<UpstreamSyncer>(replica, std::move(registry), options, channel, log);
  };
}

// The node, with the registry file's entries and the gRPC link to its upstream; its batches,
// syncs with sync and upstream sessions are reported to `metrics`.
absl::StatusOr<std::unique_ptr<Node>> OpenNode(const v1::NodeConfig& config,
                                               const config::DaemonOptions& options,
                                               const Credentials& creds, const Logger* log,
                                               NodeMetrics* metrics,
                                               const std::string& parent) {
  auto registry = ReadRegistry(config.registry());
  if (!registry.ok()) return registry.status();
  NodeOptions node = options.node;
  node.registry = *std::move(registry);
  node.replica.on_apply_timed = [metrics](absl::Duration d) { metrics->ObserveApplyBatch(d); };
  node.replica.on_sync_write_timed = [metrics](absl::Duration d) { metrics->ObserveFsync(d); };
  UpstreamOptions upstream = options.upstream;
  upstream.on_session_end = [metrics, parent](const absl::Status& st, const SyncStats& stats) {
    metrics->SessionEnded(parent, st, stats,
                          st.code() == absl::StatusCode::kPermissionDenied || stats.refused);
  };
  node.upstream_link = GrpcUpstream(std::move(upstream), creds.channel, log);
  return Node::Open(std::move(node));
}

// The parent of `config.node()` in the registry file; "" if none (or unreadable: OpenNode
// then says why).
std::string RegistryParent(const v1::NodeConfig& config) {
  auto registry = ReadRegistry(config.registry());
  if (!registry.ok()) return "";
  for (const v1::Satker& s : *registry) {
    if (s.kode() == config.node()) return s.induk();
  }
  return "";
}

// One gRPC listener: where, how peers authenticate, what it serves.
struct Listener {
  const char* field;  // The config field naming `address`, for errors.
  std::string address;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::vector<grpc::Service*> services;
  ServingState* serving = nullptr;  // Drives the listener's grpc.health.v1 service.
  int max_receive_message_bytes = 0;
  bool gzip = false;  // Compress responses by default.
  const Logger* log = nullptr;  // The node's logger.
  // Close a connection this long after it opened (GOAWAY, then `age_grace` for its calls), so
  // that it authenticates again. 0: never.
  absl::Duration max_connection_age = absl::ZeroDuration();
  absl::Duration max_connection_age_grace = absl::ZeroDuration();
};

// The full name of a service this daemon registers, for its health status.
std::string ServiceName(grpc::Service* service) {
  if (dynamic_cast<v1::SyncService::CallbackService*>(service) != nullptr) {
    return v1::SyncService::service_full_name();
  }
  if (dynamic_cast<v1::AdminService::CallbackService*>(service) != nullptr) {
    return v1::AdminService::service_full_name();
  }
  return v1::QueryService::service_full_name();
}

// A connection must finish its TLS and HTTP/2 handshakes within this, or it is closed: a
// raw connection that never speaks holds a descriptor no longer.
constexpr int kHandshakeTimeoutMs = 10'000;
// A connection with no call for this long is closed (a child dials again when it syncs).
constexpr int kMaxConnectionIdleMs = 10 * 60'000;

// A gRPC server fed by an accept loop of our own (see daemon/listen/accept_loop.h).
struct Serving {
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<AcceptLoop> accept;  // Destroyed (stopped) before the server.
  // Stops accepting, then lets calls in flight end until `deadline`.
  void Shutdown(std::chrono::system_clock::time_point deadline) {
    accept->Stop();
    server->Shutdown(deadline);
  }
};

// Starts serving `listener`; UNAVAILABLE naming the field and the address if it cannot
// listen. The port is bound exclusively (never SO_REUSEPORT: a second daemon on the same
// address would share its calls).
absl::StatusOr<Serving> Listen(const Listener& listener) {
  auto accept = AcceptLoop::Listen(listener.address, AcceptLoopOptions{.logger = listener.log});
  if (!accept.ok()) {
    return absl::UnavailableError(absl::StrCat(listener.field, ": ", accept.status().message()));
  }
  grpc::ServerBuilder builder;
  auto acceptor = builder.experimental().AddExternalConnectionAcceptor(
      grpc::ServerBuilder::experimental_type::ExternalConnectionType::FROM_FD,
      listener.credentials);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, kHandshakeTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, kMaxConnectionIdleMs);
  // Children ping every kKeepaliveTimeMs during a session, with or without data: accept it.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             kMinRecvPingIntervalMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (listener.max_connection_age > absl::ZeroDuration()) {
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(listener.max_connection_age)));
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(listener.max_connection_age_grace)));
  }
  for (grpc::Service* service : listener.services) builder.RegisterService(service);
  builder.SetMaxReceiveMessageSize(listener.max_receive_message_bytes);
  if (listener.gzip) builder.SetDefaultCompressionAlgorithm(GRPC_COMPRESS_GZIP);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    return absl::UnavailableError(
        absl::StrCat(listener.field, ": cannot serve on ", listener.address));
  }
  (*accept)->Start(std::move(acceptor));
  std::vector<std::string> names;
  for (grpc::Service* service : listener.services) names.push_back(ServiceName(service));
  listener.serving->Track(server->GetHealthCheckService(), std::move(names));
  return Serving{std::move(server), *std::move(accept)};
}

void LogReady(const Logger& log, const v1::NodeConfig& config, const std::string& replica_id, int sync_port,
              int admin_port, int http_port) {
  log.Info("ready: ", v1::Role_Name(config.role()), " ", replica_id, ", sync on ", config.listen(),
          " (port ", sync_port, ")", ", admin on ", config.admin_listen(), " (port ", admin_port,
          ")",
          http_port == 0 ? ", http off"
                         : absl::StrCat(", http on ", config.http_listen(), " (port ", http_port, ")"),
          config.upstream().empty() ? "" : absl::StrCat(", upstream ", config.upstream()),
          config.health_listen().empty() ? "" : absl::StrCat(", health on ", config.health_listen()),
          config.insecure() ? ", insecure loopback" : ", mutual TLS");
}

// With --log-format json, gRPC's own lines (gpr_log: a failed TLS handshake, ...) become JSON
// lines of component "grpc" as well, so that every stderr line parses. gRPC takes a plain
// function, hence this one process-wide logger, set once before gRPC starts and never freed.
const Logger* grpc_json_log = nullptr;

void GrpcLogAsJson(gpr_log_func_args* args) {
  // gRPC has debug, info and error; only error passes its default verbosity.
  const LogLevel level =
      args->severity == GPR_LOG_SEVERITY_ERROR ? LogLevel::kError : LogLevel::kInfo;
  grpc_json_log->Line(level, LogFields{.component = "grpc"},
                      absl::StrCat(args->file, ":", args->line, ": ", args->message));
}

// The HTTP listener with /metrics, /healthz, /readyz and the web console (daemon/konsol),
// started; nullptr when http_listen is "off". Off loopback it serves HTTPS with the node's
// certificate and asks scrapers for one of its CA (config validation refused a non-loopback
// address without TLS). With a users file it serves HTTPS, on loopback too, lets browsers come
// without a certificate and puts the console behind a login (daemon/http/console_access.h).
absl::StatusOr<std::unique_ptr<HttpServer>> ServeHttp(const v1::NodeConfig& config,
                                                      NodeMetrics* metrics,
                                                      const ServingState* serving, Node* node,
                                                      KonsolOptions konsol, const Logger& log) {
  if (config.http_listen() == config::kHttpListenOff || config.http_listen().empty()) {
    return std::unique_ptr<HttpServer>();
  }
  const bool loopback = config::IsLoopbackAddress(config.http_listen());
  const bool login = !config.http_users().empty();
  HttpTlsFiles tls;
  if ((!loopback || login) && !config.insecure()) {
    tls = {config.tls().cert(), config.tls().key(), config.tls().ca(), login};
  }
  auto http = HttpServer::Bind(config.http_listen(), tls);
  if (!http.ok()) return http.status();
  if (absl::Status access = InstallConsoleAccess(http->get(), config.http_users(), loopback, &log);
      !access.ok()) {
    return access;
  }
  (*http)->Get("/metrics", [metrics] {
    return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics->Scrape()};
  });
  (*http)->Get("/healthz", [] { return HttpResponse{200, "text/plain; charset=utf-8", "ok\n"}; });
  (*http)->Get("/readyz", [serving] {
    return serving->serving() ? HttpResponse{200, "text/plain; charset=utf-8", "serving\n"}
                              : HttpResponse{503, "text/plain; charset=utf-8", "not serving\n"};
  });
  // The console records writes made without a login as kinerjactl does: by $USER.
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    konsol.default_author = user;
  }
  InstallKonsol(http->get(), node, konsol);
  (*http)->Start();
  return http;
}

// Waits for SIGINT or SIGTERM. REQUIRES: both are blocked in every thread.
int WaitForSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

int Run(int argc, char** argv) {
  // `kinerjad restore --from FILE --data-dir NEW` (daemon/backup/restore.h): no daemon runs.
  if (argc > 1 && absl::string_view(argv[1]) == "restore") {
    return RunRestoreCommand(argc - 2, argv + 2, std::cout, std::cerr);
  }
  auto startup = config::LoadNodeConfig(argc, argv);
  if (!startup.ok() && config::WantsConfigCheck(argc, argv)) {
    std::cout << startup.status().message() << "\n";
    return 1;
  }
  if (!startup.ok()) {
    std::cerr << "kinerjad: " << startup.status().message() << "\n";
    return 2;
  }
  if (startup->help_requested) {
    std::cout << startup->help;
    return 0;
  }
  if (startup->check_config) {
    const absl::Status checked = config::CheckNodeConfigFiles(startup->config);
    std::cout << (checked.ok() ? absl::string_view("ok") : checked.message()) << "\n";
    return checked.ok() ? 0 : 1;
  }
  const v1::NodeConfig& config = startup->config;
  const config::DaemonOptions options = config::DaemonOptionsFromConfig(config);
  const Logger log(config.node(), options.node.log_format, options.node.log_level);
  if (options.node.log_format == LogFormat::kJson) {
    grpc_json_log = new Logger(config.node(), LogFormat::kJson, options.node.log_level);
    gpr_set_log_function(GrpcLogAsJson);
  }
  LimitMallocArenas(2);  // Before the first thread: bounds an import's peak RSS.
  // A hub holds a descriptor per connection: take all the system allows.
  if (auto limit = RaiseFdLimit(); !limit.ok()) {
    log.Warning("open files: ", limit.status().message());
  } else {
    log.Info("open files: limit ", limit->soft,
            limit->soft == limit->soft_before
                ? ""
                : absl::StrCat(" (raised from ", limit->soft_before, ")"));
  }
  // Why it cannot start, as the last line; a JSON line when lines are JSON.
  auto fail = [&](const absl::Status& st) {
    if (options.node.log_format == LogFormat::kJson) {
      log.Error(st.message());
    } else {
      std::cerr << "kinerjad: " << st.message() << "\n";
    }
    return 1;
  };
  auto creds = MakeCredentials(config);
  if (!creds.ok()) return fail(creds.status());
  // Scrapes read the node and the sync service once both exist (the HTTP server starts
  // after them).
  Node* node_for_metrics = nullptr;
  SyncServiceImpl* sync_for_metrics = nullptr;
  NodeMetrics metrics(
      BuildInfo{KINERJA_VERSION, config::RoleName(config.role()), absl::StrCat(kProtocolVersion)},
      [&node_for_metrics](const std::string& peer) {
        return node_for_metrics != nullptr && IsDirectPeer(*node_for_metrics, peer);
      },
      [&node_for_metrics, &sync_for_metrics, &metrics] {
        NodeGauges g =
            ReadNodeGauges(*node_for_metrics, metrics, sync_for_metrics->active_sessions());
        g.received_held_bytes = sync_for_metrics->held_bytes();
        g.received_held_bytes_peak = sync_for_metrics->held_bytes_peak();
        return g;
      });
  auto node = OpenNode(config, options, *creds, &log, &metrics, RegistryParent(config));
  if (!node.ok()) return fail(node.status());
  node_for_metrics = node->get();

  Workers workers;
  ServingState serving;
  MeteredSyncHost sync_host(node->get(), &metrics, [&serving] { return serving.serving(); });
  SyncServiceImpl sync_service((*node)->replica(), config.node(), &sync_host, &workers.sessions,
                               creds->trust, options.sync_service, options.sync_limits, &log);
  sync_for_metrics = &sync_service;
  AdminBackupOptions backup;
  backup.snapshot = {config.data_dir(), config.role(), kSyncProtocolVersion, KINERJA_VERSION};
  backup.on_saved = [&metrics](absl::Time t) { metrics.SetBackupLastSuccess(t); };
  AdminServiceImpl admin_service(
      node->get(), &workers.admin,
      [&node, &metrics](v1::StatusResponse* status) { AddChildRows(**node, metrics, status); },
      std::move(backup));
  QueryServiceImpl local_queries(node->get(), (*node)->feed_hub(), &workers.admin, &workers.feeds,
                                 QueryServiceImpl::Access::kLocal, creds->trust);
  QueryServiceImpl peer_queries(node->get(), (*node)->feed_hub(), &workers.queries, &workers.feeds,
                                QueryServiceImpl::Access::kPeers, creds->trust);

  // Both listeners serve grpc.health.v1 (following `serving`) and server reflection.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // Children dial the sync listener; systems above this node read the rollup feed there.
  auto sync_server = Listen({"listen",
                             config.listen(),
                             creds->server,
                             {&sync_service, &peer_queries},
                             &serving,
                             options.max_message_bytes,
                             /*gzip=*/true,
                             &log,
                             options.sync_limits.max_connection_age,
                             options.sync_limits.max_connection_age_grace});
  if (!sync_server.ok()) return fail(sync_server.status());
  auto admin_server = Listen({"admin_listen",
                              config.admin_listen(),
                              grpc::InsecureServerCredentials(),
                              {&admin_service, &local_queries},
                              &serving,
                              kMaxAdminMessageBytes,
                              /*gzip=*/false,
                              &log});
  if (!admin_server.ok()) return fail(admin_server.status());
  // Health alone, in plaintext, for probes without a certificate; off unless asked for.
  std::optional<Serving> health_server;
  if (!config.health_listen().empty()) {
    auto health = Listen({"health_listen",
                          config.health_listen(),
                          grpc::InsecureServerCredentials(),
                          {},
                          &serving,
                          kMaxHealthMessageBytes,
                          /*gzip=*/false,
                          &log});
    if (!health.ok()) return fail(health.status());
    health_server = *std::move(health);
  }
  KonsolOptions konsol;
  konsol.status_extras = [&node, &metrics](v1::StatusResponse* status) {
    AddChildRows(**node, metrics, status);
  };
  auto http = ServeHttp(config, &metrics, &serving, node->get(), std::move(konsol), log);
  if (!http.ok()) return fail(http.status());
  (*node)->Start();
  serving.SetServing(true);
  LogReady(log, config, (*node)->replica()->replica_id(), sync_server->accept->port(),
           admin_server->accept->port(), *http == nullptr ? 0 : (*http)->port());
  SystemdNotifier systemd;
  systemd.Ready(absl::StrCat("serving ", config.node(), " (", (*node)->replica()->replica_id(),
                             ")"));

  const int sig = WaitForSignal();
  // Draining: health says NOT_SERVING at once (Watch subscribers hear it), systemd hears
  // STOPPING=1, the upstream session in flight is cancelled (a batch is applied whole or not
  // at all), feed followers end with UNAVAILABLE once sent up to the head, and the servers
  // refuse new calls and give the calls in flight until the deadline. The replica closes when
  // the node is destroyed, after the workers finished their steps.
  serving.SetServing(false);
  systemd.Stopping();
  log.Info("signal ", sig, ": draining");
  (*node)->Stop();
  (*node)->feed_hub()->Close();
  const auto deadline = std::chrono::system_clock::now() + kDrainDeadline;
  admin_server->Shutdown(deadline);
  sync_server->Shutdown(deadline);
  if (health_server.has_value()) health_server->Shutdown(deadline);
  if (*http != nullptr) (*http)->Stop();
  log.Info("stopped");
  return 0;
}

}  // namespace
}  // namespace kinerja::daemon

int main(int argc, char** argv) {
  // Signals are taken by sigwait in main; block them before any thread starts.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return kinerja::daemon::Run(argc, argv);
}
