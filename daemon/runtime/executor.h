// A fixed pool of worker threads for slow work handed off by gRPC reactions (durable
// RocksDB writes, scans), so that no reaction blocks (STYLE.md, "Concurrency").
#ifndef KINERJA_DAEMON_RUNTIME_EXECUTOR_H_
#define KINERJA_DAEMON_RUNTIME_EXECUTOR_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace kinerja::daemon {

class Executor {
 public:
  // Starts `threads` workers (at least one).
  explicit Executor(int threads);
  // Runs every task already submitted, then joins the workers.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues `task` to run on a worker. Thread-safe.
  void Submit(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_EXECUTOR_H_
