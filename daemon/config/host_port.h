// HOST:PORT addresses as a NodeConfig writes them ("0.0.0.0:7400", "localhost:7401",
// "[::1]:7400", "hub.banten.example:7400"), and whether one stays on this machine, which is
// what decides if plaintext may be used on it.
#ifndef KINERJA_DAEMON_CONFIG_HOST_PORT_H_
#define KINERJA_DAEMON_CONFIG_HOST_PORT_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::config {

// Splits "host:port" into the host and the port. An IPv6 host is written in brackets,
// "[::1]:7400", and returned without them. The host must be non-empty and free of blanks and
// '/'; the port is decimal from 0 to 65535 (0: the system picks one when listening).
// INVALID_ARGUMENT `expected HOST:PORT, got "abc"` otherwise.
[[nodiscard]] absl::StatusOr<std::pair<std::string, int>> SplitHostPort(
    absl::string_view host_port);

// The inverse of SplitHostPort: brackets a host that contains ':'.
std::string JoinHostPort(absl::string_view host, int port);

// Whether `host_port` is HOST:PORT with a loopback host: an IPv4 address in 127.0.0.0/8,
// "localhost" (any case) or the IPv6 "[::1]". Anything else, including "0.0.0.0" (every
// interface) and text that is not HOST:PORT, is not loopback.
bool IsLoopbackAddress(absl::string_view host_port);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_HOST_PORT_H_
