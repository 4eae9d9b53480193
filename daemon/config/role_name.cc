#include "daemon/config/role_name.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"

namespace kinerja::config {

absl::StatusOr<v1::Role> ParseRoleName(absl::string_view name) {
  // The words are values::EnumWord's; configuration takes them exactly as written.
  const std::optional<v1::Role> role = values::EnumFromWord<v1::Role>(name);
  if (role.has_value() && values::EnumWord(*role) == name) return *role;
  return absl::InvalidArgumentError(
      absl::StrCat("expected office, province or national, got \"", name, "\""));
}

std::string RoleName(v1::Role role) {
  std::string word = values::EnumWord(role);
  return word.empty() ? "unspecified" : word;
}

}  // namespace kinerja::config
