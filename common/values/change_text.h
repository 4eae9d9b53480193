// How replication metadata is shown to people: hybrid logical clock timestamps as local time
// and change ids in the form `kinerjactl resolve --pick` reads. The time zone is always
// passed in.
#ifndef KINERJA_COMMON_VALUES_CHANGE_TEXT_H_
#define KINERJA_COMMON_VALUES_CHANGE_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::values {

// A hybrid logical clock value (physical ms << 16 | counter) as local time with milliseconds,
// the counter appended after '/' when it is not 0: "2024-05-01 10:00:00.123" or
// "2024-05-01 10:00:00.123/2".
std::string FormatHlc(uint64_t hlc, absl::TimeZone time_zone);

// "origin#seq": "3604.9f2c41d07ab3#12".
std::string FormatChangeId(const v1::ChangeId& id);
std::string FormatChangeId(absl::string_view origin, uint64_t seq);

}  // namespace kinerja::values

#endif  // KINERJA_COMMON_VALUES_CHANGE_TEXT_H_
