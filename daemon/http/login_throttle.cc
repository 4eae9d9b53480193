#include "daemon/http/login_throttle.h"

#include <algorithm>

namespace kinerja::daemon {

absl::Duration LoginThrottle::Wait(absl::string_view key, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now >= it->second.locked_until) return absl::ZeroDuration();
  return it->second.locked_until - now;
}

void LoginThrottle::Failure(absl::string_view key, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= options_.max_keys) ForgetOldest();
    it = entries_.emplace(std::string(key), Entry()).first;
  }
  Entry& entry = it->second;
  // A quiet window after the last failure and after the lockout it caused: the count starts
  // again. (Counted from the lockout's end too, or a lockout as long as the window would
  // reset the count for whoever tries again the moment it ends.)
  if (entry.failures > 0 &&
      now - std::max(entry.last_failure, entry.locked_until) >= options_.window) {
    entry.failures = 0;
  }
  ++entry.failures;
  entry.last_failure = now;
  if (entry.failures >= options_.max_failures) {
    absl::Duration lockout = options_.first_lockout;
    for (int i = options_.max_failures; i < entry.failures && lockout < options_.max_lockout; ++i) {
      lockout *= 2;
    }
    entry.locked_until = now + std::min(lockout, options_.max_lockout);
  }
}

void LoginThrottle::Success(absl::string_view key) {
  absl::MutexLock lock(&mu_);
  entries_.erase(key);
}

void LoginThrottle::ForgetOldest() {
  auto oldest = entries_.begin();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.last_failure < oldest->second.last_failure) oldest = it;
  }
  if (oldest != entries_.end()) entries_.erase(oldest);
}

}  // namespace kinerja::daemon
