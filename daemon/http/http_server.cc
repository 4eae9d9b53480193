#include "daemon/http/http_server.h"

#include <sys/socket.h>

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/config/host_port.h"

namespace kinerja::daemon {
namespace {

// Worker threads of the server: scrapes, probes and a few console users. A browser keeps up to
// six connections open (each holds a thread while idle, up to kKeepAliveSeconds) and a sync
// started from the console holds one while it runs.
constexpr size_t kHttpThreads = 16;
// An idle kept-alive connection is closed after this long, freeing its thread.
constexpr time_t kKeepAliveSeconds = 2;
// Default cap on a request body (a console upload of a CSV file).
constexpr size_t kDefaultPayloadMaxBytes = size_t{8} << 20;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// SO_REUSEADDR only: never SO_REUSEPORT (httplib's default), so that a second daemon on the
// same address fails to bind instead of sharing the requests.
void ExclusiveSocketOptions(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(const std::string& address,
                                                             const HttpTlsFiles& tls) {
  absl::StatusOr<std::pair<std::string, int>> host_port = config::SplitHostPort(address);
  if (!host_port.ok()) return host_port.status();
  const bool secure = !tls.cert.empty();
  if (!secure && !config::IsLoopbackAddress(address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "http_listen: \"", address, "\" is not a loopback address, which needs TLS"));
  }
  std::unique_ptr<httplib::Server> server;
  if (secure) {
    auto ssl = std::make_unique<httplib::SSLServer>(
        tls.cert.c_str(), tls.key.c_str(), tls.ca.empty() ? nullptr : tls.ca.c_str());
    if (!ssl->is_valid()) {
      return absl::UnavailableError(absl::StrCat("http_listen: cannot use the TLS files ",
                                                 tls.cert, " and ", tls.key));
    }
    if (!tls.ca.empty()) {
      // A server that verifies clients must name a session id context, or OpenSSL fails every
      // handshake that resumes a session (a browser's second connection) with
      // SESSION_ID_CONTEXT_UNINITIALIZED.
      static constexpr unsigned char kSessionContext[] = "kinerjad-http";
      SSL_CTX_set_session_id_context(ssl->ssl_context(), kSessionContext,
                                     sizeof kSessionContext - 1);
    }
    if (tls.client_cert_optional && !tls.ca.empty()) {
      // Ask for a certificate (and verify one given) without failing the handshake when none
      // comes: httplib sets SSL_VERIFY_FAIL_IF_NO_PEER_CERT too.
      SSL_CTX_set_verify(ssl->ssl_context(), SSL_VERIFY_PEER, nullptr);
    }
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  server->set_socket_options(ExclusiveSocketOptions);
  server->new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  server->set_keep_alive_max_count(10);
  server->set_keep_alive_timeout(kKeepAliveSeconds);
  // Replies go out at once: with Nagle's algorithm and the client's delayed ACK each response
  // waited ~40 ms (the console's Rollup page loads nine files).
  server->set_tcp_nodelay(true);
  server->set_read_timeout(5, 0);
  server->set_write_timeout(5, 0);
  server->set_payload_max_length(kDefaultPayloadMaxBytes);
  int port = host_port->second;
  if (port == 0) {
    port = server->bind_to_any_port(host_port->first);
    if (port < 0) port = 0;
  } else if (!server->bind_to_port(host_port->first, port)) {
    port = 0;
  }
  if (port == 0) {
    return absl::UnavailableError(absl::StrCat("http_listen: cannot listen on ", address));
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), port, secure));
}

const std::string& HttpRequest::Header(const std::string& name) const {
  static const std::string kEmpty;
  auto it = headers.find(name);
  return it == headers.end() ? kEmpty : it->second;
}

HttpServer::HttpServer(std::unique_ptr<httplib::Server> server, int port, bool tls)
    : server_(std::move(server)), port_(port), tls_(tls) {
  // GET and HEAD (GET without its body) go to their routes (404 when none); POST only where a
  // POST route matches, and every other method, get 405.
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (req.method == "POST") {
      for (const std::regex& pattern : post_patterns_) {
        if (std::regex_match(req.path, pattern)) return httplib::Server::HandlerResponse::Unhandled;
      }
    }
    res.status = 405;
    res.set_header("Allow", post_patterns_.empty() ? "GET, HEAD" : "GET, HEAD, POST");
    res.set_content("method not allowed\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
}

HttpServer::~HttpServer() { Stop(); }

std::function<void(const httplib::Request&, httplib::Response&)> HttpServer::Wrap(
    RequestHandler handler) {
  return [this, handler = std::move(handler)](const httplib::Request& req,
                                              httplib::Response& res) {
    HttpRequest request;
    request.method = req.method;
    request.path = req.path;
    for (const auto& [name, value] : req.params) request.params.emplace(name, value);
    for (const auto& [name, value] : req.headers) request.headers[Lower(name)] = value;
    for (const auto& match : req.matches) request.matches.push_back(match.str());
    request.body = req.body;
    request.remote_addr = req.remote_addr;
    request.tls = tls_;
    request.client_cert = req.ssl != nullptr && SSL_get0_peer_certificate(req.ssl) != nullptr &&
                          SSL_get_verify_result(req.ssl) == X509_V_OK;
    std::optional<HttpResponse> refused;
    if (filter_) refused = filter_(&request);
    HttpResponse page = refused.has_value() ? *std::move(refused) : handler(request);
    res.status = page.status;
    for (const auto& [name, value] : page.headers) res.set_header(name, value);
    res.set_content(std::move(page.body), page.content_type.c_str());
  };
}

void HttpServer::Get(const std::string& path, Handler handler) {
  // A fixed path: escape what a regular expression would read as syntax.
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern += '\\';
    pattern += c;
  }
  Get(pattern, [handler = std::move(handler)](const HttpRequest&) { return handler(); });
}

void HttpServer::Get(const std::string& pattern, RequestHandler handler) {
  server_->Get(pattern, Wrap(std::move(handler)));
}

void HttpServer::Post(const std::string& pattern, RequestHandler handler) {
  post_patterns_.emplace_back(pattern);
  server_->Post(pattern, Wrap(std::move(handler)));
}

void HttpServer::SetFilter(Filter filter) { filter_ = std::move(filter); }

void HttpServer::SetPayloadMaxLength(size_t bytes) { server_->set_payload_max_length(bytes); }

void HttpServer::Start() {
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
}

void HttpServer::Stop() {
  // httplib's stop() does nothing until the thread has entered its accept loop, which it does
  // moments after Start: a Stop right after Start waits for that rather than hang in join.
  while (thread_.joinable() && !server_->is_running() && !listen_returned_.load()) {
    std::this_thread::yield();
  }
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kinerja::daemon
