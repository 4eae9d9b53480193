// Mapping between absl::Status (inside the daemon) and grpc::Status (at the service edge).
#ifndef KINERJA_DAEMON_RUNTIME_GRPC_STATUS_H_
#define KINERJA_DAEMON_RUNTIME_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace kinerja::daemon {

// Same code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Same code (a code outside the canonical range becomes UNKNOWN) and message (the code's name
// when the peer sent none), prefixed with `context` when not empty.
absl::Status FromGrpcStatus(const grpc::Status& status, absl::string_view context = "");

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_GRPC_STATUS_H_
