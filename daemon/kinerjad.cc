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
#include "daemon/config/node_config.h"
#include "daemon/node/node.h"
#include "daemon/query/query_service.h"
#include "daemon/runtime/executor.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/sync_service.h"
#include "daemon/tls/tls_credentials.h"
#include "grpcpp/grpcpp.h"

namespace kinerja::daemon {
namespace {

constexpr int kWorkers = 8;

absl::StatusOr<std::vector<v1::Satker>> ReadRegistry(const std::string& path) {
  if (path.empty()) return std::vector<v1::Satker>{};
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
  const tls::TlsFiles files{config.tls().cert(), config.tls().key(), config.tls().ca()};
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

NodeOptions ToNodeOptions(const v1::NodeConfig& config, std::vector<v1::Satker> registry,
                          const Credentials& creds) {
  NodeOptions o;
  o.node = config.node();
  o.role = config.role();
  o.data_dir = config.data_dir();
  o.registry = std::move(registry);
  o.replica.max_clock_skew = absl::Seconds(config.max_clock_skew_seconds());
  const v1::SyncLimits& s = config.sync();
  o.upstream.address = config.upstream();
  o.upstream.self = config.node();
  o.upstream.credentials = creds.channel;
  o.upstream.insecure = config.insecure();
  o.upstream.engine = SyncEngineOptions{s.max_batch_changes(), s.max_batch_bytes(), s.window()};
  o.upstream.max_message_bytes = static_cast<int>(s.max_message_bytes());
  o.upstream.initial_backoff = absl::Milliseconds(s.initial_backoff_ms());
  o.upstream.max_backoff = absl::Milliseconds(s.max_backoff_ms());
  o.upstream.interval = absl::Milliseconds(s.interval_ms());
  return o;
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
  if (!startup.ok()) {
    std::cerr << "kinerjad: " << startup.status().message() << "\n";
    return 2;
  }
  if (startup->help_requested) {
    std::cout << startup->help;
    return 0;
  }
  const v1::NodeConfig& config = startup->config;
  SetLogNode(config.node());
  auto fail = [](const absl::Status& st) {
    std::cerr << "kinerjad: " << st.message() << "\n";
    return 1;
  };
  auto registry = ReadRegistry(config.registry());
  if (!registry.ok()) return fail(registry.status());
  auto creds = MakeCredentials(config);
  if (!creds.ok()) return fail(creds.status());
  auto node = Node::Open(ToNodeOptions(config, *std::move(registry), *creds));
  if (!node.ok()) return fail(node.status());

  Executor executor(kWorkers);
  const v1::SyncLimits& s = config.sync();
  SyncServiceImpl sync_service(
      (*node)->replica(), config.node(), node->get(), &executor, creds->trust,
      SyncEngineOptions{s.max_batch_changes(), s.max_batch_bytes(), s.window()});
  AdminServiceImpl admin_service(node->get(), &executor);
  QueryServiceImpl local_queries(node->get(), (*node)->feed_hub(), &executor,
                                 QueryServiceImpl::Access::kLocal, creds->trust);
  QueryServiceImpl peer_queries(node->get(), (*node)->feed_hub(), &executor,
                                QueryServiceImpl::Access::kPeers, creds->trust);

  int sync_port = 0, admin_port = 0;
  grpc::ServerBuilder sync_builder;
  sync_builder.AddListeningPort(config.listen(), creds->server, &sync_port);
  sync_builder.RegisterService(&sync_service);
  sync_builder.RegisterService(&peer_queries);  // Rollup feed for systems above this node.
  sync_builder.SetMaxReceiveMessageSize(static_cast<int>(s.max_message_bytes()));
  sync_builder.SetDefaultCompressionAlgorithm(GRPC_COMPRESS_GZIP);
  std::unique_ptr<grpc::Server> sync_server = sync_builder.BuildAndStart();
  if (sync_server == nullptr || sync_port == 0) {
    return fail(absl::UnavailableError(absl::StrCat("listen: cannot listen on ", config.listen())));
  }
  grpc::ServerBuilder admin_builder;
  admin_builder.AddListeningPort(config.admin_listen(), grpc::InsecureServerCredentials(),
                                 &admin_port);
  admin_builder.RegisterService(&admin_service);
  admin_builder.RegisterService(&local_queries);
  admin_builder.SetMaxReceiveMessageSize(64 << 20);  // Import files.
  std::unique_ptr<grpc::Server> admin_server = admin_builder.BuildAndStart();
  if (admin_server == nullptr || admin_port == 0) {
    return fail(absl::UnavailableError(
        absl::StrCat("admin_listen: cannot listen on ", config.admin_listen())));
  }
  (*node)->Start();
  LogInfo("ready: ", v1::Role_Name(config.role()), " ", (*node)->replica()->replica_id(),
          ", sync on ", config.listen(), " (port ", sync_port, ")", ", admin on ",
          config.admin_listen(), " (port ", admin_port, ")",
          config.upstream().empty() ? "" : absl::StrCat(", upstream ", config.upstream()),
          config.insecure() ? ", insecure loopback" : ", mutual TLS");

  const int sig = WaitForSignal();
  LogInfo("signal ", sig, ": shutting down");
  (*node)->Stop();
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(3);
  admin_server->Shutdown(deadline);
  sync_server->Shutdown(deadline);
  LogInfo("stopped");
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
