// kinerjad's one HTTP server (cpp-httplib): pages and API routes that components register before
// it starts (/metrics, /healthz, /readyz, the web console). Plaintext on loopback, or HTTPS with
// the node's certificate, asking clients for one of its CA (or, for the web console's
// browsers, letting them come without one), anywhere else.
#ifndef KINERJA_DAEMON_HTTP_HTTP_SERVER_H_
#define KINERJA_DAEMON_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace kinerja::daemon {

// What a handler is given: the request as received, nothing checked but its framing.
struct HttpRequest {
  std::string method;                         // "GET", "HEAD" or "POST".
  std::string path;                           // Without the query string.
  std::map<std::string, std::string> params;  // Query (and form) parameters, first value each.
  std::map<std::string, std::string> headers;  // Lower-cased names, last value each.
  std::vector<std::string> matches;  // Capture groups of the route's pattern ([0]: the path).
  std::string body;                  // POST body, at most the server's payload limit.
  std::string remote_addr;           // Peer address, e.g. "127.0.0.1".
  bool tls = false;                  // Whether it came over HTTPS.
  // Whether the client presented a certificate that chains to the listener's CA (HTTPS
  // with HttpTlsFiles::ca only; a certificate that does not chain fails the handshake).
  bool client_cert = false;
  // Who is asking, set by the filter from a login session; both "" when no login is needed
  // (loopback without a users file).
  std::string user;
  std::string role;

  // The header `name` (lower case), or "" if absent.
  const std::string& Header(const std::string& name) const;
};

// What a handler returns.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers (Set-Cookie, ...).
};

// TLS files of an HTTPS listener (PEM paths); all empty: plaintext.
struct HttpTlsFiles {
  std::string cert;
  std::string key;
  std::string ca;  // Clients must present a certificate chaining to it.
  // Clients may also connect without a certificate (browsers of the web console, which log
  // in instead); one they present must still chain to `ca` (HttpRequest::client_cert).
  bool client_cert_optional = false;
};

// Thread-compatible until Start (register every page first); then Stop may be called from any
// thread. Handlers run on the server's threads, concurrently: they must be thread-safe.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse()>;
  using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
  // Runs before every routed request: a response ends the request there (a login wall, a
  // CSRF check); nullopt lets the route's handler run. It may fill in `user` and `role`.
  using Filter = std::function<std::optional<HttpResponse>(HttpRequest*)>;

  // Binds `address` ("HOST:PORT"; port 0: the system picks) exclusively. A non-loopback host
  // is refused (INVALID_ARGUMENT naming it) unless `tls` names a certificate; UNAVAILABLE if
  // the address cannot be bound or the TLS files cannot be read.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(
      const std::string& address, const HttpTlsFiles& tls = HttpTlsFiles());
  ~HttpServer();  // Stops.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves GET `path` with `handler` (HEAD too).
  void Get(const std::string& path, Handler handler);
  // Serves GET (and HEAD) of every path matching the regular expression `pattern` (whole
  // path; its groups are HttpRequest::matches).
  void Get(const std::string& pattern, RequestHandler handler);
  // Serves POST of every path matching `pattern`. A method with no route gets 405.
  void Post(const std::string& pattern, RequestHandler handler);
  // Sets the filter run before every handler (one; a later call replaces it).
  void SetFilter(Filter filter);
  // Refuses bodies longer than `bytes` with 413 before any handler runs (default 8 MiB).
  void SetPayloadMaxLength(size_t bytes);
  // Starts serving on a thread of its own.
  void Start();
  // Stops accepting and waits for the server's thread. Idempotent.
  void Stop();

  int port() const { return port_; }

 private:
  HttpServer(std::unique_ptr<httplib::Server> server, int port, bool tls);
  // Wraps `handler` for httplib: builds the HttpRequest, runs the filter, writes the response.
  std::function<void(const httplib::Request&, httplib::Response&)> Wrap(RequestHandler handler);

  const std::unique_ptr<httplib::Server> server_;
  const int port_;
  const bool tls_;
  Filter filter_;
  std::vector<std::regex> post_patterns_;  // Of every Post route, for the 405 check.
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};  // The server's thread has left its loop.
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HTTP_HTTP_SERVER_H_
