// How the console's JSON API speaks: proto messages as protobuf's JSON mapping (proto field
// names, every field printed, int64 money as a string of digits, never a float), requests
// parsed the same way, and absl::Status as an HTTP code with {"error": "<one sentence>"}.
#ifndef KINERJA_DAEMON_KONSOL_API_JSON_H_
#define KINERJA_DAEMON_KONSOL_API_JSON_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "daemon/http/http_server.h"
#include "google/protobuf/message.h"

namespace kinerja::daemon::konsol {

// The HTTP code for a status: INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED
// 403, NOT_FOUND 404, FAILED_PRECONDITION / ALREADY_EXISTS / ABORTED 409, RESOURCE_EXHAUSTED
// 507 (a full disk), UNAVAILABLE 503, DEADLINE_EXCEEDED 504, anything else 500.
int HttpCodeOf(absl::StatusCode code);

// 200 with `message` as JSON.
HttpResponse JsonOk(const google::protobuf::Message& message);
// HttpCodeOf(status) with {"error": status.message()}. REQUIRES: !status.ok().
HttpResponse JsonError(const absl::Status& status);
// The message or the error, as above.
template <typename M>
HttpResponse JsonOf(const absl::StatusOr<M>& result) {
  return result.ok() ? JsonOk(*result) : JsonError(result.status());
}

// Parses `json` into `message` (unknown fields refused): INVALID_ARGUMENT saying what is wrong.
[[nodiscard]] absl::Status ParseJsonBody(const std::string& json,
                                         google::protobuf::Message* message);

// The integer query parameter `name` of `req`; `fallback` when absent, INVALID_ARGUMENT when
// not a whole number.
[[nodiscard]] absl::StatusOr<int> IntParam(const HttpRequest& req, const std::string& name,
                                           int fallback);
// The query parameter `name`, or "" when absent.
std::string Param(const HttpRequest& req, const std::string& name);

// PERMISSION_DENIED when the request's login may only read (role "lihat"); writes call it
// before anything else, whatever the page shows.
[[nodiscard]] absl::Status CheckMayWrite(const HttpRequest& req);

}  // namespace kinerja::daemon::konsol

#endif  // KINERJA_DAEMON_KONSOL_API_JSON_H_
