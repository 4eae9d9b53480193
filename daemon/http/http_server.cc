#include "daemon/http/http_server.h"

#include <sys/socket.h>

#include <httplib.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/config/host_port.h"

namespace kinerja::daemon {
namespace {

// Worker threads of the server: scrapes and probes are few and short.
constexpr size_t kHttpThreads = 2;

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
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  server->set_socket_options(ExclusiveSocketOptions);
  server->new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  server->set_keep_alive_max_count(10);
  server->set_read_timeout(5, 0);
  server->set_write_timeout(5, 0);
  // GET only (HEAD is GET without its body).
  server->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content("method not allowed\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
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
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), port));
}

HttpServer::HttpServer(std::unique_ptr<httplib::Server> server, int port)
    : server_(std::move(server)), port_(port) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Get(const std::string& path, Handler handler) {
  server_->Get(path, [handler = std::move(handler)](const httplib::Request&,
                                                    httplib::Response& res) {
    HttpResponse page = handler();
    res.status = page.status;
    res.set_content(std::move(page.body), page.content_type.c_str());
  });
}

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
