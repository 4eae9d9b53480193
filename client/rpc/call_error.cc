#include "client/rpc/call_error.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/rpc/grpc_status.h"

namespace kinerja::client {

absl::Status DaemonCallError(const grpc::Status& status, grpc::Channel& channel,
                             absl::string_view address) {
  const bool transport_failure = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                                 status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  // A channel that reached the daemon stays READY after the daemon's own error; one that
  // never connected, or lost its connection, is CONNECTING, TRANSIENT_FAILURE or IDLE.
  if (transport_failure && channel.GetState(/*try_to_connect=*/false) != GRPC_CHANNEL_READY) {
    return absl::UnavailableError(
        absl::StrCat("cannot reach kinerjad at ", address, ": ", status.error_message()));
  }
  return rpc::FromGrpcStatus(status);
}

}  // namespace kinerja::client
