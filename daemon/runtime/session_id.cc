#include "daemon/runtime/session_id.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace kinerja::daemon {

std::string NewSessionId() {
  thread_local absl::BitGen gen;
  return absl::StrFormat("%012x", absl::Uniform<uint64_t>(gen) & ((uint64_t{1} << 48) - 1));
}

}  // namespace kinerja::daemon
