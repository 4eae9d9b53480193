#include "daemon/config/role_name.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {

absl::StatusOr<v1::Role> ParseRoleName(absl::string_view name) {
  if (name == "office") return v1::ROLE_OFFICE;
  if (name == "province") return v1::ROLE_PROVINCE;
  if (name == "national") return v1::ROLE_NATIONAL;
  return absl::InvalidArgumentError(
      absl::StrCat("expected office, province or national, got \"", name, "\""));
}

absl::string_view RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_OFFICE:
      return "office";
    case v1::ROLE_PROVINCE:
      return "province";
    case v1::ROLE_NATIONAL:
      return "national";
    default:
      return "unspecified";
  }
}

}  // namespace kinerja::config
