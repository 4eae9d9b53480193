// Reads a member guarded by a mutex without holding it: the thread-safety analysis must refuse
// this file (test thread_safety_analysis_catches_a_violation), or it would pass anything.
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Counter {
 public:
  void Add() {
    absl::MutexLock l(&mu_);
    ++n_;
  }
  int Read() const { return n_; }  // Not under mu_.

 private:
  mutable absl::Mutex mu_;
  int n_ ABSL_GUARDED_BY(mu_) = 0;
};

int main() {
  Counter c;
  c.Add();
  return c.Read() == 1 ? 0 : 1;
}
