// Translation of gRPC call outcomes into absl::Status for the client side.
#ifndef KINERJA_CLIENT_GRPC_STATUS_H_
#define KINERJA_CLIENT_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace kinerja::client {

// The same canonical code (gRPC's and Abseil's codes are the same numbers) and the server's
// message unchanged. A failure without a message gets the code's name as its message.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_GRPC_STATUS_H_
