#include "client/rpc/health_client.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/rpc/call_error.h"
#include "client/rpc/daemon_channel.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace kinerja::client {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read \"", path, "\""));
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> NewHealthChannel(const std::string& address,
                                                                const HealthTls& tls) {
  if (tls.cert.empty() && tls.key.empty() && tls.ca.empty()) return NewDaemonChannel(address);
  if (tls.cert.empty() || tls.key.empty() || tls.ca.empty()) {
    return absl::InvalidArgumentError("--tls-cert, --tls-key and --tls-ca go together");
  }
  grpc::SslCredentialsOptions ssl;
  auto cert = ReadPem("--tls-cert", tls.cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("--tls-key", tls.key);
  if (!key.ok()) return key.status();
  auto ca = ReadPem("--tls-ca", tls.ca);
  if (!ca.ok()) return ca.status();
  ssl.pem_cert_chain = *cert;
  ssl.pem_private_key = *key;
  ssl.pem_root_certs = *ca;
  return grpc::CreateChannel(address, grpc::SslCredentials(ssl));
}

absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> CheckHealth(
    const std::string& address, const std::shared_ptr<grpc::Channel>& channel,
    const std::string& service,
    absl::Duration deadline) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&ctx, request, &response);
  if (!status.ok()) return DaemonCallError(status, *channel, address);
  return response.status();
}

}  // namespace kinerja::client
