#include "common/rpc/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace kinerja::rpc {

// absl and gRPC share the canonical code numbering (google.rpc.Code).
grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const int code = static_cast<int>(status.error_code());
  // Codes outside the canonical range (a misbehaving peer) become UNKNOWN.
  const absl::StatusCode absl_code =
      code > 0 && code <= 16 ? static_cast<absl::StatusCode>(code) : absl::StatusCode::kUnknown;
  std::string message = status.error_message();
  if (message.empty()) message = absl::StatusCodeToString(absl_code);
  if (!context.empty()) message = absl::StrCat(context, ": ", message);
  return absl::Status(absl_code, message);
}

}  // namespace kinerja::rpc
