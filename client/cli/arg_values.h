// Values kinerjactl reads from its command line beyond plain strings and numbers: durations
// ("30s", "2m", "500ms") and change ids ("origin#seq").
#ifndef KINERJA_CLIENT_CLI_ARG_VALUES_H_
#define KINERJA_CLIENT_CLI_ARG_VALUES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::client {

// A positive, finite duration in absl::ParseDuration's syntax ("30s", "2m", "1m30s",
// "500ms", "1.5s"), of at most 24 hours and at least one millisecond. INVALID_ARGUMENT with an
// example of the syntax otherwise, including for a bare number ("60").
[[nodiscard]] absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view text);

// "origin#seq" as `get` prints head ids: the origin is everything before the last '#', the
// seq a positive decimal integer. INVALID_ARGUMENT naming the text otherwise.
[[nodiscard]] absl::StatusOr<v1::ChangeId> ParseChangeId(absl::string_view text);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_CLI_ARG_VALUES_H_
