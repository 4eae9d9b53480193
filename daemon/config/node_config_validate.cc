#include "daemon/config/node_config_validate.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "daemon/config/node_config_defaults.h"
#include "absl/strings/string_view.h"
#include "daemon/config/host_port.h"
#include "daemon/config/role_name.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

absl::Status Problem(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("config: ", field, ": ", what));
}

bool IsSatkerCode(absl::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// 0 if `path` opens and its first byte reads (a directory opens but does not read), else
// the errno of the failure.
int ReadError(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return errno;
  int error = 0;
  if (std::fgetc(file) == EOF && std::ferror(file)) error = errno;
  std::fclose(file);
  return error;
}

absl::Status CheckNodeAndRole(const v1::NodeConfig& config) {
  if (config.node().empty()) return Problem("node", "required (the satker code, e.g. 3604)");
  if (!IsSatkerCode(config.node())) {
    return Problem("node", absl::StrCat("expected a satker code of letters and digits, e.g. "
                                        "3604, got \"",
                                        config.node(), "\""));
  }
  switch (config.role()) {
    case v1::ROLE_OFFICE:
    case v1::ROLE_PROVINCE:
    case v1::ROLE_NATIONAL:
      return absl::OkStatus();
    case v1::ROLE_UNSPECIFIED:
      return Problem("role", "required (office, province or national)");
    default:
      return Problem("role", absl::StrCat("unknown value ", static_cast<int>(config.role())));
  }
}

absl::Status CheckListeners(const v1::NodeConfig& config) {
  if (config.listen().empty()) return Problem("listen", "required (HOST:PORT, e.g. 0.0.0.0:7400)");
  absl::StatusOr<std::pair<std::string, int>> listen = SplitHostPort(config.listen());
  if (!listen.ok()) return Problem("listen", listen.status().message());
  if (config.admin_listen().empty()) {
    return Problem("admin_listen",
                   absl::StrCat("required (no default for listen \"", config.listen(), "\")"));
  }
  absl::StatusOr<std::pair<std::string, int>> admin = SplitHostPort(config.admin_listen());
  if (!admin.ok()) return Problem("admin_listen", admin.status().message());
  if (!IsLoopbackAddress(config.admin_listen())) {
    return Problem("admin_listen",
                   absl::StrCat("must be a loopback address, got \"", config.admin_listen(), "\""));
  }
  if (admin->second != 0 && admin->second == listen->second) {
    return Problem("admin_listen",
                   absl::StrCat("must not use the port of listen \"", config.listen(), "\""));
  }
  if (config.http_listen() != kHttpListenOff && !config.http_listen().empty()) {
    if (absl::StatusOr<std::pair<std::string, int>> http = SplitHostPort(config.http_listen());
        !http.ok()) {
      return Problem("http_listen", http.status().message());
    }
    if (!IsLoopbackAddress(config.http_listen()) && config.insecure()) {
      return Problem("http_listen",
                     absl::StrCat("\"", config.http_listen(),
                                  "\" is not a loopback address, which needs TLS (set tls, "
                                  "not insecure) or \"off\""));
    }
  }
  if (!config.health_listen().empty()) {
    absl::StatusOr<std::pair<std::string, int>> health = SplitHostPort(config.health_listen());
    if (!health.ok()) return Problem("health_listen", health.status().message());
    for (const auto& [field, other] : {std::pair{"listen", listen->second},
                                        std::pair{"admin_listen", admin->second}}) {
      if (health->second != 0 && health->second == other) {
        return Problem("health_listen",
                       absl::StrCat("must not use the port of ", field, " (", other, ")"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckUpstream(const v1::NodeConfig& config) {
  if (config.role() == v1::ROLE_NATIONAL) {
    if (!config.upstream().empty()) return Problem("upstream", "national has no upstream");
    return absl::OkStatus();
  }
  if (config.upstream().empty()) {
    return Problem("upstream", absl::StrCat("required for role ", RoleName(config.role())));
  }
  absl::StatusOr<std::pair<std::string, int>> upstream = SplitHostPort(config.upstream());
  if (!upstream.ok()) return Problem("upstream", upstream.status().message());
  if (upstream->second == 0) {
    return Problem("upstream",
                   absl::StrCat("port 0 cannot be dialled, got \"", config.upstream(), "\""));
  }
  return absl::OkStatus();
}

absl::Status CheckRegistry(const v1::NodeConfig& config) {
  // Every role needs it: it names the node's parent (whom an office syncs with) and the
  // satker whose changes a node may accept.
  if (config.registry().empty()) {
    return Problem("registry", absl::StrCat("required for role ", RoleName(config.role()),
                                            " (the satker CSV)"));
  }
  if (int error = ReadError(config.registry()); error != 0) {
    return Problem("registry",
                   absl::StrCat("cannot read \"", config.registry(), "\": ", std::strerror(error)));
  }
  return absl::OkStatus();
}

absl::Status CheckInsecureAddress(absl::string_view field, const std::string& address) {
  if (address.empty() || IsLoopbackAddress(address)) return absl::OkStatus();
  return Problem("insecure", absl::StrCat("refused because ", field, " ", address,
                                          " is not a loopback address"));
}

absl::Status CheckTransport(const v1::NodeConfig& config) {
  if (config.insecure()) {
    if (absl::Status s = CheckInsecureAddress("listen", config.listen()); !s.ok()) return s;
    return CheckInsecureAddress("upstream", config.upstream());
  }
  const v1::TlsConfig& tls = config.tls();
  if (tls.cert().empty() || tls.key().empty() || tls.ca().empty()) {
    return Problem("tls", "--tls-cert, --tls-key and --tls-ca are required unless --insecure");
  }
  return absl::OkStatus();
}

absl::Status CheckLimits(const v1::NodeConfig& config) {
  const v1::SyncLimits& sync = config.sync();
  const std::pair<absl::string_view, uint32_t> must_be_positive[] = {
      {"max_clock_skew_seconds", config.max_clock_skew_seconds()},
      {"sync.max_batch_changes", sync.max_batch_changes()},
      {"sync.max_batch_bytes", sync.max_batch_bytes()},
      {"sync.max_message_bytes", sync.max_message_bytes()},
      {"sync.initial_backoff_ms", sync.initial_backoff_ms()},
      {"sync.max_backoff_ms", sync.max_backoff_ms()},
      {"sync.interval_ms", sync.interval_ms()},
      {"sync.window", sync.window()},
  };
  for (const auto& [field, value] : must_be_positive) {
    if (value == 0) return Problem(field, "must be greater than 0");
  }
  if (sync.initial_backoff_ms() > sync.max_backoff_ms()) {
    return Problem("sync.initial_backoff_ms",
                   absl::StrCat("must not exceed sync.max_backoff_ms (", sync.max_backoff_ms(),
                                "), got ", sync.initial_backoff_ms()));
  }
  if (sync.max_message_bytes() < kMinMessageBytes) {
    return Problem(
        "sync.max_message_bytes",
        absl::StrCat(
            "must be at least ", kMinMessageBytes,
            " (4 MiB, room for a full batch and one change at the 1 MiB value limit), got ",
            sync.max_message_bytes()));
  }
  if (sync.max_batch_bytes() > sync.max_message_bytes() / 2) {
    return Problem("sync.max_batch_bytes",
                   absl::StrCat("must be at most half of sync.max_message_bytes (",
                                sync.max_message_bytes(), "), got ", sync.max_batch_bytes()));
  }
  return absl::OkStatus();
}

absl::Status CheckDataDir(const v1::NodeConfig& config) {
  if (config.data_dir().empty()) return Problem("data_dir", "required");
  return absl::OkStatus();
}

absl::Status CheckLog(const v1::NodeConfig& config) {
  const std::string& format = config.log_format();
  if (!format.empty() && format != "text" && format != "json") {
    return Problem("log_format", absl::StrCat("expected text or json, got \"", format, "\""));
  }
  const std::string& level = config.log_level();
  if (!level.empty() && level != "info" && level != "warning" && level != "error") {
    return Problem("log_level",
                   absl::StrCat("expected info, warning or error, got \"", level, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateNodeConfig(const v1::NodeConfig& config) {
  using Check = absl::Status (*)(const v1::NodeConfig&);
  for (Check check : {CheckNodeAndRole, CheckListeners, CheckDataDir, CheckUpstream, CheckRegistry,
                      CheckTransport, CheckLimits, CheckLog}) {
    if (absl::Status status = check(config); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace kinerja::config
