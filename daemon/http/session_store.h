// Login sessions of the web console, in memory (a restart logs everyone out). A session is a
// random 256-bit token (the cookie) with its user, role and CSRF token; it ends after
// `idle_timeout` without a request, `absolute_timeout` after login, or at logout. Tokens are
// kept as their digests only. Time comes from the caller, so tests need no sleeping.
#ifndef KINERJA_DAEMON_HTTP_SESSION_STORE_H_
#define KINERJA_DAEMON_HTTP_SESSION_STORE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/users_file.h"

namespace kinerja::daemon {

struct SessionStoreOptions {
  // A session unused this long ends. Default: 30 minutes.
  absl::Duration idle_timeout = absl::Minutes(30);
  // A session ends this long after its login, used or not. Default: 12 hours.
  absl::Duration absolute_timeout = absl::Hours(12);
  // Sessions held at most; a login past it ends the one used least recently. Default: 1000.
  size_t max_sessions = 1000;
};

// What a session stands for.
struct Session {
  std::string user;
  auth::ConsoleRole role = auth::ConsoleRole::kLihat;
  std::string csrf;  // 64 hex digits; every POST but login must carry it (X-CSRF-Token).
};

// Thread-safe.
class SessionStore {
 public:
  explicit SessionStore(SessionStoreOptions options = SessionStoreOptions()) : options_(options) {}

  // Starts a session for `user` at `now`; returns its token (64 hex digits, 256 random bits)
  // and fills `*session`.
  std::string Create(const std::string& user, auth::ConsoleRole role, absl::Time now,
                     Session* session);
  // The session of `token` at `now`, which counts as its use; nullopt (and the session is
  // gone) if there is none or it has expired.
  std::optional<Session> Find(absl::string_view token, absl::Time now);
  // Ends the session of `token`, if any.
  void Delete(absl::string_view token);
  // Sessions held (expired ones included until found or evicted).
  size_t size() const;

 private:
  struct Entry {
    Session session;
    absl::Time created;
    absl::Time last_used;
  };
  bool Expired(const Entry& entry, absl::Time now) const;

  const SessionStoreOptions options_;
  mutable absl::Mutex mu_;
  // By the digest of the token.
  absl::flat_hash_map<std::string, Entry> sessions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HTTP_SESSION_STORE_H_
