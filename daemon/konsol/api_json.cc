#include "daemon/konsol/api_json.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace kinerja::daemon::konsol {
namespace {

constexpr char kJsonType[] = "application/json; charset=utf-8";

// A JSON string literal of `text` (UTF-8 passed through, controls escaped).
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrCat("\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace

int HttpCodeOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange: return 400;
    case absl::StatusCode::kUnauthenticated: return 401;
    case absl::StatusCode::kPermissionDenied: return 403;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted: return 409;
    case absl::StatusCode::kResourceExhausted: return 507;
    case absl::StatusCode::kUnavailable: return 503;
    case absl::StatusCode::kDeadlineExceeded: return 504;
    default: return 500;
  }
}

HttpResponse JsonOk(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string body;
  const auto st = google::protobuf::util::MessageToJsonString(message, &body, options);
  if (!st.ok()) {
    return JsonError(absl::InternalError(
        absl::StrCat("the answer could not be written as JSON (", st.ToString(), ")")));
  }
  return HttpResponse{200, kJsonType, std::move(body)};
}

HttpResponse JsonError(const absl::Status& status) {
  return HttpResponse{HttpCodeOf(status.code()), kJsonType,
                      absl::StrCat("{\"error\": ", JsonString(status.message()), "}")};
}

absl::Status ParseJsonBody(const std::string& json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto st = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!st.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request body is not a valid ", message->GetDescriptor()->name(),
                     " in JSON: ", st.message().as_string()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> IntParam(const HttpRequest& req, const std::string& name, int fallback) {
  auto it = req.params.find(name);
  if (it == req.params.end() || it->second.empty()) return fallback;
  int value = 0;
  if (!absl::SimpleAtoi(it->second, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("parameter ", name, " must be a whole number, not \"", it->second, "\""));
  }
  return value;
}

std::string Param(const HttpRequest& req, const std::string& name) {
  auto it = req.params.find(name);
  return it == req.params.end() ? std::string() : it->second;
}

absl::Status CheckMayWrite(const HttpRequest& req) {
  if (req.role == "lihat") {
    return absl::PermissionDeniedError(absl::StrCat(
        "user ", req.user, " may only read (role lihat); ask an operator to make this change"));
  }
  return absl::OkStatus();
}

}  // namespace kinerja::daemon::konsol
