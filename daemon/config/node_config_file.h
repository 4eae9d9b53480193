// Reading a NodeConfig from its file: protobuf text format (deploy/ holds one per role).
//
//   node: "3604"
//   role: ROLE_OFFICE
//   listen: "0.0.0.0:7400"
//   data_dir: "/var/lib/kinerja"
//   upstream: "hub.banten.example:7400"
//   tls { cert: "/etc/kinerja/3604.pem" key: "/etc/kinerja/3604.key" ca: "/etc/kinerja/ca.pem" }
//   sync { window: 8 }
#ifndef KINERJA_DAEMON_CONFIG_NODE_CONFIG_FILE_H_
#define KINERJA_DAEMON_CONFIG_NODE_CONFIG_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// Parses `text`, the content of the file `file_name` (used only in errors). Unknown fields and
// malformed values are errors: INVALID_ARGUMENT naming the first problem's place (1-based),
// `config: node.conf:3:1: Message type "kinerja.v1.NodeConfig" has no field named "nod".`
// (protobuf places an unknown enum value at the token after it, which may be the next line;
// its message quotes the value). Parses only; defaults and validation are separate steps.
[[nodiscard]] absl::StatusOr<v1::NodeConfig> ParseNodeConfigText(absl::string_view file_name,
                                                                 absl::string_view text);

// Reads and parses the file at `path`. NOT_FOUND `config: cannot read "x.conf": <reason>`
// if it cannot be read; otherwise as ParseNodeConfigText.
[[nodiscard]] absl::StatusOr<v1::NodeConfig> ReadNodeConfigFile(const std::string& path);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_NODE_CONFIG_FILE_H_
