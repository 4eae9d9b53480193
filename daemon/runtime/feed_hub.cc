#include "daemon/runtime/feed_hub.h"

#include <utility>

namespace kinerja::daemon {

uint64_t FeedHub::Wait(uint64_t cursor, std::function<void()> wake) {
  absl::MutexLock l(&mu_);
  // Checked under the lock Notify takes, after the head moved: no commit slips between.
  if (closed_ || head_() > cursor) {
    wake();
    return 0;
  }
  const uint64_t token = next_token_++;
  waiters_[token] = Waiter{cursor, std::move(wake)};
  return token;
}

bool FeedHub::Remove(uint64_t token) {
  absl::MutexLock l(&mu_);
  return waiters_.erase(token) > 0;
}

void FeedHub::Notify() {
  absl::MutexLock l(&mu_);
  const uint64_t head = head_();
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    if (head > it->second.cursor) {
      it->second.wake();
      it = waiters_.erase(it);
    } else {
      ++it;
    }
  }
}

void FeedHub::Close() {
  absl::MutexLock l(&mu_);
  closed_ = true;
  for (auto& [token, waiter] : waiters_) waiter.wake();
  waiters_.clear();
}

}  // namespace kinerja::daemon
