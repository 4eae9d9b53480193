#include "client/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace kinerja::client {

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const int code = static_cast<int>(status.error_code());
  // Codes outside the canonical range (a misbehaving peer) become UNKNOWN.
  const absl::StatusCode absl_code =
      code > 0 && code <= 16 ? static_cast<absl::StatusCode>(code) : absl::StatusCode::kUnknown;
  std::string message = status.error_message();
  if (message.empty()) message = absl::StatusCodeToString(absl_code);
  return absl::Status(absl_code, message);
}

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
  return FromGrpcStatus(status);
}

}  // namespace kinerja::client
