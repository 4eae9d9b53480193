// Translation of gRPC call outcomes into absl::Status for the client side.
#ifndef KINERJA_CLIENT_RPC_CALL_ERROR_H_
#define KINERJA_CLIENT_RPC_CALL_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"

namespace kinerja::client {

// The error of a failed call to kinerjad at `address` over `channel`. When the channel never
// got an answer from the daemon (nothing listens, the connection was refused or dropped, no
// answer before the deadline while connecting), UNAVAILABLE "cannot reach kinerjad at
// ADDRESS: <gRPC's message>"; otherwise rpc::FromGrpcStatus(status), so that an error the daemon
// itself returns (UNAVAILABLE included) keeps its code and message.
[[nodiscard]] absl::Status DaemonCallError(const grpc::Status& status, grpc::Channel& channel,
                                           absl::string_view address);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_RPC_CALL_ERROR_H_
