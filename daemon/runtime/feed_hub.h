// Wakes rollup-feed followers when the replica commits: each follower that has read up to
// the feed head registers once, and is woken by the next commit that moves the head past its
// cursor. No polling, no thread per follower.
#ifndef KINERJA_DAEMON_RUNTIME_FEED_HUB_H_
#define KINERJA_DAEMON_RUNTIME_FEED_HUB_H_

#include <cstdint>
#include <functional>
#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace kinerja::daemon {

// Thread-safe.
class FeedHub {
 public:
  // `head` returns the replica's current feed head.
  explicit FeedHub(std::function<uint64_t()> head) : head_(std::move(head)) {}

  // Calls `wake` once the head passes `cursor` (at once if it already has). Returns a token
  // for Remove. `wake` runs with the hub's lock held: it must only schedule work.
  uint64_t Wait(uint64_t cursor, std::function<void()> wake);
  // Forgets a waiter; true if it was still waiting (its wake will never run).
  bool Remove(uint64_t token);
  // The replica committed: wake every waiter the new head passes.
  void Notify();
  // The node is shutting down: wakes every waiter now, and any later Wait at once; followers
  // then see closed() and end their streams.
  void Close();
  bool closed() const {
    absl::MutexLock l(&mu_);
    return closed_;
  }

 private:
  struct Waiter {
    uint64_t cursor;
    std::function<void()> wake;
  };
  const std::function<uint64_t()> head_;
  mutable absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_token_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, Waiter> waiters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_FEED_HUB_H_
