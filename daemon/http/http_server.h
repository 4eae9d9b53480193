// kinerjad's one HTTP server (cpp-httplib): plain GET pages that components register before it
// starts (/metrics, /healthz, /readyz now; a web console later). Plaintext on loopback, or
// HTTPS with the node's certificate, asking clients for one of its CA, anywhere else.
#ifndef KINERJA_DAEMON_HTTP_HTTP_SERVER_H_
#define KINERJA_DAEMON_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace kinerja::daemon {

// What a page handler returns.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// TLS files of an HTTPS listener (PEM paths); all empty: plaintext.
struct HttpTlsFiles {
  std::string cert;
  std::string key;
  std::string ca;  // Clients must present a certificate chaining to it.
};

// Thread-compatible until Start (register every page first); then Stop may be called from any
// thread. Handlers run on the server's threads, concurrently: they must be thread-safe.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse()>;

  // Binds `address` ("HOST:PORT"; port 0: the system picks) exclusively. A non-loopback host
  // is refused (INVALID_ARGUMENT naming it) unless `tls` names a certificate; UNAVAILABLE if
  // the address cannot be bound or the TLS files cannot be read.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(
      const std::string& address, const HttpTlsFiles& tls = HttpTlsFiles());
  ~HttpServer();  // Stops.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves GET `path` with `handler` (HEAD too; any other method gets 405).
  void Get(const std::string& path, Handler handler);
  // Starts serving on a thread of its own.
  void Start();
  // Stops accepting and waits for the server's thread. Idempotent.
  void Stop();

  int port() const { return port_; }

 private:
  HttpServer(std::unique_ptr<httplib::Server> server, int port);

  const std::unique_ptr<httplib::Server> server_;
  const int port_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};  // The server's thread has left its loop.
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HTTP_HTTP_SERVER_H_
