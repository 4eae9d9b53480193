// Roles as people write them on the command line and read them in messages: "office",
// "province", "national" (config.proto's Role; the words are values::EnumWord's).
#ifndef KINERJA_DAEMON_CONFIG_ROLE_NAME_H_
#define KINERJA_DAEMON_CONFIG_ROLE_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

// "office" -> ROLE_OFFICE, "province" -> ROLE_PROVINCE, "national" -> ROLE_NATIONAL (exact,
// lower case). INVALID_ARGUMENT `expected office, province or national, got "x"` otherwise.
[[nodiscard]] absl::StatusOr<v1::Role> ParseRoleName(absl::string_view name);

// The inverse of ParseRoleName; "unspecified" for ROLE_UNSPECIFIED and unknown values.
std::string RoleName(v1::Role role);

}  // namespace kinerja::config

#endif  // KINERJA_DAEMON_CONFIG_ROLE_NAME_H_
