// Translation between absl::Status (inside kinerjad and kinerjactl) and grpc::Status (on the
// wire): the daemon's services answer with ToGrpcStatus, the upstream loop and the client read
// answers with FromGrpcStatus. Both keep the code and the message.
#ifndef KINERJA_COMMON_RPC_GRPC_STATUS_H_
#define KINERJA_COMMON_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace kinerja::rpc {

// Same code and message; OK for OK.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Same code (a code outside the canonical range becomes UNKNOWN) and message (the code's name
// when the peer sent none), prefixed with "`context`: " when `context` is not empty.
// OK for OK, whatever `context`.
[[nodiscard]] absl::Status FromGrpcStatus(const grpc::Status& status,
                                          absl::string_view context = "");

}  // namespace kinerja::rpc

#endif  // KINERJA_COMMON_RPC_GRPC_STATUS_H_
