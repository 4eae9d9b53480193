#include "daemon/config/host_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace kinerja::config {
namespace {

constexpr int kMaxPort = 65535;

absl::Status NotHostPort(absl::string_view host_port) {
  return absl::InvalidArgumentError(absl::StrCat("expected HOST:PORT, got \"", host_port, "\""));
}

bool IsPlausibleHost(absl::string_view host) {
  if (host.empty()) return false;
  for (char c : host) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || c == '/' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

bool ParsePort(absl::string_view text, int* port) {
  if (text.empty() || text.size() > 5) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(text, port) && *port <= kMaxPort;
}

}  // namespace

absl::StatusOr<std::pair<std::string, int>> SplitHostPort(absl::string_view host_port) {
  absl::string_view host;
  absl::string_view port_text;
  if (absl::StartsWith(host_port, "[")) {
    size_t close = host_port.find(']');
    if (close == absl::string_view::npos || host_port.substr(close + 1, 1) != ":") {
      return NotHostPort(host_port);
    }
    host = host_port.substr(1, close - 1);
    port_text = host_port.substr(close + 2);
  } else {
    size_t colon = host_port.rfind(':');
    if (colon == absl::string_view::npos) return NotHostPort(host_port);
    host = host_port.substr(0, colon);
    port_text = host_port.substr(colon + 1);
    if (absl::StrContains(host, ':')) return NotHostPort(host_port);  // IPv6 needs brackets.
  }
  int port = 0;
  if (!IsPlausibleHost(host) || !ParsePort(port_text, &port)) return NotHostPort(host_port);
  return std::make_pair(std::string(host), port);
}

std::string JoinHostPort(absl::string_view host, int port) {
  if (absl::StrContains(host, ':')) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

bool IsLoopbackAddress(absl::string_view host_port) {
  absl::StatusOr<std::pair<std::string, int>> split = SplitHostPort(host_port);
  if (!split.ok()) return false;
  const std::string& host = split->first;
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (absl::StartsWith(host_port, "[") && inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

}  // namespace kinerja::config
