// The grpc.health.v1 Check call, for `kinerjactl health` and probes: against kinerjad's admin
// listener (plaintext, loopback) or its peer listener (mutual TLS, with a certificate of the
// same CA).
#ifndef KINERJA_CLIENT_RPC_HEALTH_CLIENT_H_
#define KINERJA_CLIENT_RPC_HEALTH_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/channel.h"

namespace kinerja::client {

// PEM files of a client certificate for the peer listener; all empty: plaintext.
struct HealthTls {
  std::string cert;
  std::string key;
  std::string ca;  // The CA kinerjad's certificate must chain to.
};

// A channel to `address`: plaintext, or mutual TLS with `tls`. INVALID_ARGUMENT naming a
// file that cannot be read, or when only some of the three are given.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> NewHealthChannel(
    const std::string& address, const HealthTls& tls);

// The status Check reports for `service` ("": the server as a whole) within `deadline`.
// UNAVAILABLE "cannot reach kinerjad at ADDRESS: ..." when nothing answers; NOT_FOUND when
// the server does not know `service`.
[[nodiscard]] absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> CheckHealth(
    const std::string& address, const std::shared_ptr<grpc::Channel>& channel,
    const std::string& service,
    absl::Duration deadline);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_RPC_HEALTH_CLIENT_H_
