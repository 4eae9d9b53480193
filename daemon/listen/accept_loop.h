// A listening TCP socket whose connections kinerjad accepts itself and hands to a gRPC server
// (its external connection acceptor runs TLS and HTTP/2 on them as on its own listener).
// gRPC 1.51's listener stops accepting for good the first time accept fails with EMFILE, so a
// burst of raw connections up to the open-file limit left a node deaf even after they closed.
// This loop keeps descriptors in reserve, refuses connections that would take them, and keeps
// accepting after any failure.
#ifndef KINERJA_DAEMON_LISTEN_ACCEPT_LOOP_H_
#define KINERJA_DAEMON_LISTEN_ACCEPT_LOOP_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/runtime/log.h"
#include "grpcpp/server_builder.h"

namespace kinerja::daemon {

struct AcceptLoopOptions {
  // Descriptors kept free for everything but incoming connections (store files, the upstream
  // link, the other listener): a connection accepted onto one of the top `reserved_fds`
  // descriptors below the soft RLIMIT_NOFILE is closed at once. Default: 64.
  int reserved_fds = 64;
  // How long the loop waits before accepting again after accept failed for want of
  // descriptors or memory. Default: 100 ms.
  absl::Duration retry_after = absl::Milliseconds(100);
  // Where the loop reports refused connections and accept errors; must outlive the loop.
  // Default: Logger::Unnamed().
  const Logger* logger = nullptr;
};

// Thread-safe: Stop may be called from any thread.
class AcceptLoop {
 public:
  // Binds `address` (HOST:PORT, port 0 for any) exclusively (SO_REUSEADDR, never
  // SO_REUSEPORT) and listens. UNAVAILABLE naming the address if it cannot (in use, or not an
  // address of this machine); INVALID_ARGUMENT if it is not HOST:PORT.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AcceptLoop>> Listen(
      const std::string& address, AcceptLoopOptions options);
  ~AcceptLoop();  // Stop().
  AcceptLoop(const AcceptLoop&) = delete;
  AcceptLoop& operator=(const AcceptLoop&) = delete;

  // The port bound.
  int port() const { return port_; }

  // Starts accepting on a thread of its own and handing every connection to `acceptor`.
  // REQUIRES: the acceptor's server has started; called once.
  void Start(std::unique_ptr<grpc::experimental::ExternalConnectionAcceptor> acceptor);

  // Stops accepting, joins the loop and closes the socket; connections already handed over
  // stay with the server. Call before the server shuts down. Idempotent.
  void Stop();

  // Connections closed at once because they would have taken a reserved descriptor.
  uint64_t refused() const { return refused_.load(); }

 private:
  AcceptLoop(int listen_fd, int wake_fd, int port, std::string address, AcceptLoopOptions options);
  void Run();
  // Accepts every pending connection; returns false once the loop should stop.
  bool AcceptPending(int max_fd);
  // Waits `timeout` or until Stop; returns false once the loop should stop.
  bool Pause(absl::Duration timeout);

  const int listen_fd_;
  const int wake_fd_;  // eventfd: readable once Stop is called.
  const int port_;
  const std::string address_;
  const Logger& log() const { return options_.logger ? *options_.logger : Logger::Unnamed(); }
  const AcceptLoopOptions options_;
  std::unique_ptr<grpc::experimental::ExternalConnectionAcceptor> acceptor_;
  std::atomic<uint64_t> refused_{0};
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_LISTEN_ACCEPT_LOOP_H_
