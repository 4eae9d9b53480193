#include "daemon/runtime/fd_limit.h"

#include <errno.h>
#include <sys/resource.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace kinerja::daemon {

absl::StatusOr<FdLimit> RaiseFdLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return absl::InternalError(absl::StrCat("getrlimit(RLIMIT_NOFILE): ", strerror(errno)));
  }
  FdLimit result{limit.rlim_cur, limit.rlim_cur, limit.rlim_max};
  if (limit.rlim_cur == limit.rlim_max) return result;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return absl::InternalError(
        absl::StrCat("setrlimit(RLIMIT_NOFILE, ", limit.rlim_max, "): ", strerror(errno)));
  }
  result.soft = limit.rlim_max;
  return result;
}

}  // namespace kinerja::daemon
