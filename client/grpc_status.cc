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

}  // namespace kinerja::client
