#include "daemon/http/session_store.h"

#include <utility>

#include "common/auth/password_hash.h"

namespace kinerja::daemon {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits.

}  // namespace

bool SessionStore::Expired(const Entry& entry, absl::Time now) const {
  return now - entry.last_used >= options_.idle_timeout ||
         now - entry.created >= options_.absolute_timeout;
}

std::string SessionStore::Create(const std::string& user, auth::ConsoleRole role, absl::Time now,
                                 Session* session) {
  std::string token = auth::RandomHexToken(kTokenBytes);
  Entry entry{Session{user, role, auth::RandomHexToken(kTokenBytes)}, now, now};
  *session = entry.session;
  absl::MutexLock lock(&mu_);
  if (sessions_.size() >= options_.max_sessions) {
    // Drop the expired ones; if none, the one used least recently.
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (Expired(it->second, now)) {
        sessions_.erase(it++);
      } else {
        ++it;
      }
    }
    if (sessions_.size() >= options_.max_sessions) {
      auto oldest = sessions_.begin();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (it->second.last_used < oldest->second.last_used) oldest = it;
      }
      if (oldest != sessions_.end()) sessions_.erase(oldest);
    }
  }
  sessions_[auth::DigestHex(token)] = std::move(entry);
  return token;
}

std::optional<Session> SessionStore::Find(absl::string_view token, absl::Time now) {
  if (token.empty()) return std::nullopt;
  const std::string key = auth::DigestHex(token);
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.session;
}

void SessionStore::Delete(absl::string_view token) {
  if (token.empty()) return;
  const std::string key = auth::DigestHex(token);
  absl::MutexLock lock(&mu_);
  sessions_.erase(key);
}

size_t SessionStore::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

}  // namespace kinerja::daemon
