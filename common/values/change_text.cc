#include "common/values/change_text.h"

#include "absl/strings/str_cat.h"

namespace kinerja::values {

std::string FormatHlc(uint64_t hlc, absl::TimeZone time_zone) {
  const absl::Time physical = absl::FromUnixMillis(static_cast<int64_t>(hlc >> 16));
  std::string out = absl::FormatTime("%Y-%m-%d %H:%M:%E3S", physical, time_zone);
  const uint64_t counter = hlc & 0xFFFF;
  if (counter != 0) absl::StrAppend(&out, "/", counter);
  return out;
}

std::string FormatChangeId(const v1::ChangeId& id) { return FormatChangeId(id.origin(), id.seq()); }

std::string FormatChangeId(absl::string_view origin, uint64_t seq) {
  return absl::StrCat(origin, "#", seq);
}

}  // namespace kinerja::values
