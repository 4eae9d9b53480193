// The rules a NodeConfig must satisfy before a node starts, so that a wrong setting stops
// kinerjad at once with one line naming the field, not later with a puzzling failure.
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_VALIDATE_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_VALIDATE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// Smallest sync.max_message_bytes: room for a batch of max_batch_bytes (at most half of the
// message) plus its first change, whose value alone may be 1 MiB (DESIGN.md, "Limits").
inline constexpr uint32_t kMinMessageBytes = 4u << 20;

// Checks `config`, normally after ApplyNodeConfigDefaults, in this order, and returns the
// first problem as INVALID_ARGUMENT "config: <field>: <problem>":
//   node          required; letters and digits (a satker code: 3604, 36, RI).
//   role          office, province or national.
//   listen        required HOST:PORT (port 0: the system picks one).
//   admin_listen  HOST:PORT on a loopback address (its service is plaintext), not `listen`.
//   http_listen   "off" or HOST:PORT; a non-loopback address only with TLS (not insecure).
//   http_users    only with an http_listen that is not "off", and with TLS (not insecure).
//   data_dir      required.
//   upstream      required HOST:PORT with a port for office and province; empty for national.
//   registry      required for province and national, optional for office; must be readable.
//   insecure      only if listen and upstream are loopback addresses (tls is then ignored);
//   tls           otherwise cert, key and ca are all required (daemon/tls checks contents).
//   max_clock_skew_seconds and every sync limit greater than 0; sync.initial_backoff_ms at
//   most sync.max_backoff_ms; sync.max_message_bytes at least kMinMessageBytes;
//   sync.max_batch_bytes at most half of sync.max_message_bytes, so a batch never fails for
//   its size.
//   log_format    empty, text or json; log_level empty, info, warning or error.
// Reads the file system only to check that the registry can be read.
[[nodiscard]] absl::Status ValidateNodeConfig(const v1::NodeConfig& config);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_VALIDATE_H_
