// `kinerjad --check-config`: everything a start needs that can be checked without starting,
// beyond ValidateNodeConfig's rules on the fields themselves: the certificate files readable,
// parseable and this node's, the registry parseable and naming this node, the data directory
// (or its parent) a writable directory. A configuration that passes may still fail to start
// for what only starting shows (a port in use, a data directory another daemon holds).
#ifndef KINERJA_DAEMON_CONFIG_CHECK_CONFIG_H_
#define KINERJA_DAEMON_CONFIG_CHECK_CONFIG_H_

#include "absl/status/status.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// Checks, in this order, a configuration that LoadNodeConfig accepted, and returns the first
// problem as INVALID_ARGUMENT "<flag>: <path>: <problem>", e.g.
// "--tls-cert: /x.pem: No such file or directory":
//   --tls-cert       readable, a PEM certificate whose subject CN is --node (unless insecure);
//   --tls-key        readable, an unencrypted PEM private key of --tls-cert;
//   --tls-ca         readable, one or more PEM certificates;
//   --tls-crl-dir    if given, a readable directory;
//   --registry       readable, a satker CSV that names --node;
//   --data-dir       an existing writable directory, or absent with a writable parent.
//   --http-users     if given, a readable users file naming at least one user, every line
//                    valid ("--http-users: <path>: line N: <problem>").
// Reads files only; never prints or returns what a key file holds.
[[nodiscard]] absl::Status CheckNodeConfigFiles(const v1::NodeConfig& config);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_CHECK_CONFIG_H_
