// Rate limit of the web console's logins: failed attempts are counted per key (a remote
// address, a user name); after `max_failures` within `window` the key is locked out, first for
// `first_lockout`, doubling with each further failure up to `max_lockout`. A locked-out key is
// refused before its password is checked, so a right password is refused too until the lockout
// ends. Time comes from the caller, so tests need no sleeping.
#ifndef KINERJA_DAEMON_HTTP_LOGIN_THROTTLE_H_
#define KINERJA_DAEMON_HTTP_LOGIN_THROTTLE_H_

#include <cstddef>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace kinerja::daemon {

struct LoginThrottleOptions {
  // Failures within `window` that lock a key out. Default: 5.
  int max_failures = 5;
  // A key's count starts again after this long without a failure, counted from the end of its
  // lockout if it had one. Default: 15 minutes.
  absl::Duration window = absl::Minutes(15);
  // Lockout after the max_failures-th failure; each further failure doubles it. Default: 30 s.
  absl::Duration first_lockout = absl::Seconds(30);
  // Longest lockout. Default: 15 minutes.
  absl::Duration max_lockout = absl::Minutes(15);
  // Keys tracked at most; past it the one whose last failure is oldest is forgotten, so that a
  // flood of names or addresses cannot grow memory without bound. Default: 10000.
  size_t max_keys = 10000;
};

// Thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = LoginThrottleOptions())
      : options_(options) {}

  // How long `key` must still wait at `now`; zero if it may try.
  absl::Duration Wait(absl::string_view key, absl::Time now) const;
  // Counts a failed attempt of `key` at `now` (locking it out at the max_failures-th).
  void Failure(absl::string_view key, absl::Time now);
  // Forgets `key`'s failures (a successful login of that user).
  void Success(absl::string_view key);

 private:
  struct Entry {
    int failures = 0;
    absl::Time last_failure;
    absl::Time locked_until = absl::InfinitePast();
  };
  void ForgetOldest() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LoginThrottleOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HTTP_LOGIN_THROTTLE_H_
