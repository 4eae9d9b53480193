// Who may use the web console and its JSON API (issue 12, "Access"). With a users file
// (--http-users), ConsoleAccess is the HTTP server's filter: every page and /api/ route needs a
// login session (cookie `kinerja_sesi`, HttpOnly; Secure; SameSite=Strict), every POST but the
// login a matching X-CSRF-Token header, and a `lihat` user may not POST at all (logout aside);
// logins are rate-limited per remote address and per user name (login_throttle.h). It serves
// the login page /masuk, POST /api/v1/login, POST /api/v1/logout and GET /api/v1/session.
//
// Open without a login: /healthz, /readyz, the login page and its assets, POST /api/v1/login.
// /metrics: a client certificate of the node's CA (a Prometheus scraper) or a login session.
// A route that does not exist answers 404 before the filter runs (it shows nothing).
#ifndef KINERJA_DAEMON_HTTP_CONSOLE_ACCESS_H_
#define KINERJA_DAEMON_HTTP_CONSOLE_ACCESS_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/users_file.h"
#include "daemon/http/http_server.h"
#include "daemon/http/login_throttle.h"
#include "daemon/http/session_store.h"
#include "daemon/runtime/log.h"

namespace kinerja::daemon {

// The session cookie's name.
inline constexpr char kSessionCookie[] = "kinerja_sesi";

struct ConsoleAccessOptions {
  SessionStoreOptions sessions;   // Session lifetimes (session_store.h).
  LoginThrottleOptions throttle;  // Login rate limits (login_throttle.h).
  // Largest request body (a CSV upload); a larger one gets 413. Default: 8 MiB.
  size_t max_upload_bytes = size_t{8} << 20;
  // The present, for session expiry and lockouts. Default: absl::Now.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

// Thread-safe: the HTTP server's threads call it concurrently.
class ConsoleAccess {
 public:
  // `users`: the users file's users (at least one). `log` must outlive the object; it gets one
  // line per login, success or failure, naming the user and the remote address (never a
  // password, hash or token).
  ConsoleAccess(std::vector<auth::ConsoleUser> users, ConsoleAccessOptions options,
                const Logger* log);

  // Makes `access` the filter of `server` and registers the login page and the session routes
  // (the server's handlers keep `access` alive). Call before server->Start().
  static void Install(std::shared_ptr<ConsoleAccess> access, HttpServer* server);
  // Loopback without a users file: no login; GET /api/v1/session answers
  // {"login_required":false,"csrf":""} so that the console's pages know.
  static void InstallNoLogin(HttpServer* server);
  // Off loopback without a users file (a scrape endpoint of mutual TLS): only /metrics,
  // /healthz and /readyz answer; every console page and API route is refused with 403.
  static void InstallScrapeOnly(HttpServer* server);

  // The filter: nullopt lets the route run (with req->user and req->role set when a session
  // is found); otherwise the refusal: 401 JSON for /api/ and POSTs, 303 to /masuk for pages,
  // 403 for a bad CSRF token or a `lihat` user's POST.
  std::optional<HttpResponse> Filter(HttpRequest* req);
  // POST /api/v1/login, JSON {"user", "password"}: 200 {"user","role","csrf"} with the
  // session cookie; 401 for a wrong name or password; 429 with Retry-After while the address
  // or the name is locked out; 400/415 for a malformed request.
  HttpResponse Login(const HttpRequest& req);
  // POST /api/v1/logout: ends the session; 200 with the cookie cleared.
  HttpResponse Logout(const HttpRequest& req);
  // GET /api/v1/session: {"user","role","csrf","login_required":true}.
  HttpResponse SessionInfo(const HttpRequest& req);

 private:
  const auth::ConsoleUser* FindUser(const std::string& name) const;
  // Checks `password` against `user` (or, for an unknown name, against a real hash anyway,
  // so that timing does not tell which names exist); one Argon2 at a time.
  bool CheckPassword(const auth::ConsoleUser* user, const std::string& password);

  const std::vector<auth::ConsoleUser> users_;
  const ConsoleAccessOptions options_;
  const Logger* const log_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  // Argon2 at moderate limits takes 256 MiB while it runs: one verification at a time keeps a
  // burst of logins from taking the node's memory.
  absl::Mutex verify_mu_;
};

// What kinerjad installs on its listener: with `users_file`, ConsoleAccess over its users
// (INVALID_ARGUMENT "http_users: <path>: <problem>" if the file is bad); without, no login on
// loopback (InstallNoLogin) and scrapes only elsewhere (InstallScrapeOnly).
[[nodiscard]] absl::Status InstallConsoleAccess(HttpServer* server, const std::string& users_file,
                                                bool loopback, const Logger* log);

// The value of cookie `name` in a Cookie header ("a=1; kinerja_sesi=..."), or "".
std::string CookieValue(const std::string& cookie_header, const std::string& name);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HTTP_CONSOLE_ACCESS_H_
