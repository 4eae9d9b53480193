// Helpers for TLS tests: demo certificates from deploy/gen-certs.sh, a loopback server whose
// AdminService.Status answers with the caller's satker, and a client that asks it.
#ifndef KINERJA_TESTS_DAEMON_TLS_TLS_TEST_SUPPORT_H_
#define KINERJA_TESTS_DAEMON_TLS_TLS_TEST_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/tls/peer_identity.h"
#include "daemon/tls/tls_credentials.h"
#include "kinerja/v1/admin.grpc.pb.h"

namespace kinerja::tls::testing {

// Runs deploy/gen-certs.sh `dir` `nodes...`: a CA in dir/ca.{pem,key} and per node
// dir/NODE.{pem,key}. False if the script fails.
inline bool GenerateCerts(const std::string& dir, const std::vector<std::string>& nodes) {
  std::string command = absl::StrCat("'", KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh' '", dir, "' ",
                                     absl::StrJoin(nodes, " "));
  return std::system(command.c_str()) == 0;
}

// The files gen-certs.sh made in `dir` for `node`.
inline TlsFiles FilesFor(const std::string& dir, const std::string& node) {
  return TlsFiles{dir + "/" + node + ".pem", dir + "/" + node + ".key", dir + "/ca.pem"};
}

// AdminService whose Status reports the caller's satker in `node`, or fails with
// UNAUTHENTICATED when the caller has none.
class WhoAmIService final : public v1::AdminService::CallbackService {
 public:
  explicit WhoAmIService(PeerTrust trust) : trust_(trust) {}

  grpc::ServerUnaryReactor* Status(grpc::CallbackServerContext* context,
                                   const v1::StatusRequest* /*request*/,
                                   v1::StatusResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    absl::StatusOr<std::string> peer = PeerSatkerOf(*context, trust_);
    if (!peer.ok()) {
      reactor->Finish(
          grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(peer.status().message())));
      return reactor;
    }
    response->set_node(*peer);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  const PeerTrust trust_;
};

// A WhoAmIService listening on 127.0.0.1 at a port the system picks; shut down on destruction.
class WhoAmIServer {
 public:
  WhoAmIServer(std::shared_ptr<grpc::ServerCredentials> credentials, PeerTrust trust)
      : service_(trust) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~WhoAmIServer() {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }
  WhoAmIServer(const WhoAmIServer&) = delete;
  WhoAmIServer& operator=(const WhoAmIServer&) = delete;

  bool started() const { return server_ != nullptr && port_ > 0; }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  WhoAmIService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// Calls Status on `address` with `credentials` (and `metadata` added to the call); the node
// the server reports, or the call's error.
[[nodiscard]] inline absl::StatusOr<std::string> AskWhoAmI(
    const std::string& address, std::shared_ptr<grpc::ChannelCredentials> credentials,
    const std::vector<std::pair<std::string, std::string>>& metadata = {}) {
  std::unique_ptr<v1::AdminService::Stub> stub =
      v1::AdminService::NewStub(grpc::CreateChannel(address, std::move(credentials)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  v1::StatusResponse response;
  grpc::Status status = stub->Status(&context, v1::StatusRequest(), &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return response.node();
}

}  // namespace kinerja::tls::testing

#endif  // KINERJA_TESTS_DAEMON_TLS_TLS_TEST_SUPPORT_H_
