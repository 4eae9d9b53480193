// kinerjad: one program for the office, province and national roles. Reads its configuration
// (daemon/config), opens the replica, serves SyncService to its children (mutual TLS, or
// plaintext on loopback) and AdminService to kinerjactl (loopback), and syncs with its
// upstream in the background. Stops cleanly on SIGINT or SIGTERM.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "daemon/admin/admin_service.h"
#include "daemon/codec/parse_import.h"
#include "daemon/config/check_config.h"
#include "daemon/config/daemon_options.h"
#include "daemon/config/node_config.h"
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
#include "grpcpp/grpcpp.h"

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

// The node, with the registry file's entries and the gRPC link to its upstream.
absl::StatusOr<std::unique_ptr<Node>> OpenNode(const v1::NodeConfig& config,
                                               const config::DaemonOptions& options,
                                               const Credentials& creds, const Logger* log) {
  auto registry = ReadRegistry(config.registry());
  if (!registry.ok()) return registry.status();
  NodeOptions node = options.node;
  node.registry = *std::move(registry);
  node.upstream_link = GrpcUpstream(options.upstream, creds.channel, log);
  return Node::Open(std::move(node));
}

// One gRPC listener: where, how peers authenticate, what it serves.
struct Listener {
  const char* field;  // The config field naming `address`, for errors.
  std::string address;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::vector<grpc::Service*> services;
  int max_receive_message_bytes = 0;
  bool gzip = false;  // Compress responses by default.
  const Logger* log = nullptr;  // The node's logger.
  // Close a connection this long after it opened (GOAWAY, then `age_grace` for its calls), so
  // that it authenticates again. 0: never.
  absl::Duration max_connection_age = absl::ZeroDuration();
  absl::Duration max_connection_age_grace = absl::ZeroDuration();
};

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
  return Serving{std::move(server), *std::move(accept)};
}

void LogReady(const Logger& log, const v1::NodeConfig& config, const std::string& replica_id, int sync_port,
              int admin_port) {
  log.Info("ready: ", v1::Role_Name(config.role()), " ", replica_id, ", sync on ", config.listen(),
          " (port ", sync_port, ")", ", admin on ", config.admin_listen(), " (port ", admin_port,
          ")", config.upstream().empty() ? "" : absl::StrCat(", upstream ", config.upstream()),
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
  auto node = OpenNode(config, options, *creds, &log);
  if (!node.ok()) return fail(node.status());

  Workers workers;
  SyncServiceImpl sync_service((*node)->replica(), config.node(), node->get(), &workers.sessions,
                               creds->trust, options.sync_service, options.sync_limits, &log);
  AdminServiceImpl admin_service(node->get(), &workers.admin);
  QueryServiceImpl local_queries(node->get(), (*node)->feed_hub(), &workers.admin, &workers.feeds,
                                 QueryServiceImpl::Access::kLocal, creds->trust);
  QueryServiceImpl peer_queries(node->get(), (*node)->feed_hub(), &workers.queries, &workers.feeds,
                                QueryServiceImpl::Access::kPeers, creds->trust);

  // Children dial the sync listener; systems above this node read the rollup feed there.
  auto sync_server = Listen({"listen",
                             config.listen(),
                             creds->server,
                             {&sync_service, &peer_queries},
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
                              kMaxAdminMessageBytes,
                              /*gzip=*/false,
                              &log});
  if (!admin_server.ok()) return fail(admin_server.status());
  (*node)->Start();
  LogReady(log, config, (*node)->replica()->replica_id(), sync_server->accept->port(),
           admin_server->accept->port());

  const int sig = WaitForSignal();
  log.Info("signal ", sig, ": shutting down");
  (*node)->Stop();
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(3);
  admin_server->Shutdown(deadline);
  sync_server->Shutdown(deadline);
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
