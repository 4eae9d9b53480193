// A TCP proxy on 127.0.0.1 that counts the bytes it forwards each way: what a sync session
// really puts on the wire (HTTP/2 framing, TLS, gzip and all).
#ifndef KINERJA_BENCH_BYTE_COUNTING_PROXY_H_
#define KINERJA_BENCH_BYTE_COUNTING_PROXY_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace kinerja::bench {

class ByteCountingProxy {
 public:
  // Listens on 127.0.0.1:`listen_port` and forwards every connection to 127.0.0.1:`target_port`.
  // Accepts connections as soon as it returns. UNAVAILABLE naming the port and the reason if it
  // cannot listen.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ByteCountingProxy>> Listen(int listen_port,
                                                                                 int target_port);
  ~ByteCountingProxy();  // Stops accepting and closes every connection.
  ByteCountingProxy(const ByteCountingProxy&) = delete;
  ByteCountingProxy& operator=(const ByteCountingProxy&) = delete;

  uint64_t upstream_bytes() const { return up_.load(); }      // Client -> target.
  uint64_t downstream_bytes() const { return down_.load(); }  // Target -> client.

  // Why the last connection the proxy accepted could not be forwarded ("" if none failed),
  // e.g. "cannot connect to 127.0.0.1:7400: Connection refused". Thread-safe.
  std::string last_error() const;

 private:
  ByteCountingProxy(int listen_fd, int target_port);
  void AcceptLoop();
  void Pump(int from, int to, std::atomic<uint64_t>* counter);

  const int listen_fd_;
  const int target_port_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> up_{0};
  std::atomic<uint64_t> down_{0};
  std::thread acceptor_;
  mutable absl::Mutex mu_;
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
  std::vector<int> fds_ ABSL_GUARDED_BY(mu_);
  std::string last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace kinerja::bench

#endif  // KINERJA_BENCH_BYTE_COUNTING_PROXY_H_
