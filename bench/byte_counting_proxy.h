// A TCP proxy on 127.0.0.1 that counts the bytes it forwards each way: what a sync session
// really puts on the wire (HTTP/2 framing, TLS, gzip and all).
#ifndef KINERJA_BENCH_BYTE_COUNTING_PROXY_H_
#define KINERJA_BENCH_BYTE_COUNTING_PROXY_H_

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace kinerja::bench {

class ByteCountingProxy {
 public:
  // Listens on 127.0.0.1:`listen_port` and forwards every connection to 127.0.0.1:`target_port`.
  ByteCountingProxy(int listen_port, int target_port);
  ~ByteCountingProxy();  // Stops accepting and closes every connection.

  bool ok() const { return listen_fd_ >= 0; }
  uint64_t upstream_bytes() const { return up_.load(); }      // Client -> target.
  uint64_t downstream_bytes() const { return down_.load(); }  // Target -> client.

 private:
  void AcceptLoop();
  void Pump(int from, int to, std::atomic<uint64_t>* counter);

  const int target_port_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> up_{0};
  std::atomic<uint64_t> down_{0};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<std::thread> pumps_;
  std::vector<int> fds_;
};

}  // namespace kinerja::bench

#endif  // KINERJA_BENCH_BYTE_COUNTING_PROXY_H_
