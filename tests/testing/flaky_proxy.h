// A TCP proxy on 127.0.0.1 between a node and its upstream: it counts the bytes it forwards
// each way (what a sync session really puts on the wire: HTTP/2 framing, TLS, gzip and all)
// and, when asked, makes the link flaky with seeded faults: it cuts every connection at a
// random moment, stalls (stops forwarding for a while) and caps the bandwidth. Heal() turns
// every fault off; connections then flow at full speed again.
#ifndef KINERJA_TESTS_TESTING_FLAKY_PROXY_H_
#define KINERJA_TESTS_TESTING_FLAKY_PROXY_H_

#include <netinet/in.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace kinerja::testing {

// 127.0.0.1:`port` (0: any free port, for bind).
sockaddr_in Loopback(int port);

// The faults of a link. Every field off (the default) is a clean link.
struct LinkFaults {
  // Cut: each connection is closed, both ends at once (as when a route drops), after a
  // random time in [cut_after_min, cut_after_max] from its start or from when these faults
  // were set, whichever is later. Default: 0 max, never.
  absl::Duration cut_after_min = absl::ZeroDuration();
  absl::Duration cut_after_max = absl::ZeroDuration();
  // Stall: each direction of each connection stops forwarding for `stall_for` (holding what
  // it has read) at random moments, a random time in [0, stall_every] apart, the first
  // within `stall_every` of when these faults were set. Default: 0, never.
  absl::Duration stall_every = absl::ZeroDuration();
  absl::Duration stall_for = absl::ZeroDuration();
  // Bandwidth cap of the link in each direction, shared by all its connections, as a token
  // bucket (64 kbit/s: 8000). Default: 0, no cap.
  int64_t bytes_per_second = 0;
};

class FlakyProxy {
 public:
  // Listens on 127.0.0.1:`listen_port` and forwards every connection to 127.0.0.1:`target_port`.
  // Accepts connections as soon as it returns, with no faults. `seed` draws every random
  // moment of the faults. UNAVAILABLE naming the port and the reason if it cannot listen.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<FlakyProxy>> Listen(int listen_port,
                                                                          int target_port,
                                                                          uint64_t seed = 1);
  ~FlakyProxy();  // Stops accepting and closes every connection.
  FlakyProxy(const FlakyProxy&) = delete;
  FlakyProxy& operator=(const FlakyProxy&) = delete;

  // Makes the link flaky from now on, for open connections too. Thread-safe.
  void SetFaults(const LinkFaults& faults) ABSL_LOCKS_EXCLUDED(mu_);
  // Turns every fault off: stalled connections go on at once, nothing is cut. Thread-safe.
  void Heal() ABSL_LOCKS_EXCLUDED(mu_) { SetFaults(LinkFaults{}); }

  uint64_t upstream_bytes() const { return up_.load(); }      // Client -> target.
  uint64_t downstream_bytes() const { return down_.load(); }  // Target -> client.
  uint64_t connections() const { return accepted_.load(); }   // Accepted and forwarded.
  uint64_t cuts() const { return cuts_.load(); }              // Connections cut.
  uint64_t stalls() const { return stalls_.load(); }          // Stalls begun.

  // Why the last connection the proxy accepted could not be forwarded ("" if none failed),
  // e.g. "cannot connect to 127.0.0.1:7400: Connection refused". Thread-safe.
  std::string last_error() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  using Clock = std::chrono::steady_clock;
  struct Connection;
  // One direction's share of the bandwidth cap: when its next byte may go.
  struct Bucket {
    Clock::time_point next_free{};
  };

  FlakyProxy(int listen_fd, int target_port, uint64_t seed);
  void AcceptLoop();
  // Joins and closes the connections whose both directions have ended.
  void Reap() ABSL_LOCKS_EXCLUDED(mu_);
  void Pump(Connection* c, int from, int to, std::atomic<uint64_t>* counter, Bucket* bucket);
  // Cuts `c` if its moment has come; whether it is cut.
  bool CutIfDue(Connection* c) ABSL_LOCKS_EXCLUDED(mu_);
  // Waits out a stall due on this direction; false if the proxy stops meanwhile.
  bool StallIfDue(Clock::time_point* next_stall) ABSL_LOCKS_EXCLUDED(mu_);
  // Waits until `n` bytes may go in the direction of `bucket`; false if the proxy stops.
  bool Throttle(Bucket* bucket, size_t n) ABSL_LOCKS_EXCLUDED(mu_);
  // A random moment `span` at most after `from`.
  Clock::time_point RandomWithin(Clock::time_point from, absl::Duration min, absl::Duration max)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int listen_fd_;
  const int target_port_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> up_{0};
  std::atomic<uint64_t> down_{0};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> cuts_{0};
  std::atomic<uint64_t> stalls_{0};
  std::thread acceptor_;
  mutable absl::Mutex mu_;
  LinkFaults faults_ ABSL_GUARDED_BY(mu_);
  uint64_t faults_generation_ ABSL_GUARDED_BY(mu_) = 0;
  Clock::time_point faults_set_at_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
  Bucket up_bucket_ ABSL_GUARDED_BY(mu_);
  Bucket down_bucket_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Connection>> connections_ ABSL_GUARDED_BY(mu_);
  std::string last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_FLAKY_PROXY_H_
