#include "client/cli/arg_values.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace kinerja::client {

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view text) {
  absl::Duration d;
  if (!absl::ParseDuration(text, &d) || d == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a duration like 30s, 2m or 500ms, got \"", text, "\""));
  }
  if (d < absl::Milliseconds(1) || d > absl::Hours(24)) {
    return absl::InvalidArgumentError(
        absl::StrCat("duration \"", text, "\" out of range: expected 1ms to 24h"));
  }
  return d;
}

absl::StatusOr<v1::ChangeId> ParseChangeId(absl::string_view text) {
  const size_t hash = text.rfind('#');
  uint64_t seq = 0;
  if (hash == absl::string_view::npos || hash == 0 ||
      !absl::SimpleAtoi(text.substr(hash + 1), &seq) || seq == 0 ||
      text.substr(hash + 1).find_first_not_of("0123456789") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected a change id ORIGIN#SEQ like 3604.9f2c41d07ab3#12, got \"", text, "\""));
  }
  v1::ChangeId id;
  id.set_origin(std::string(text.substr(0, hash)));
  id.set_seq(seq);
  return id;
}

}  // namespace kinerja::client
