#include "daemon/http/console_access.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/password_hash.h"
#include "common/embed/embedded_file.h"

namespace kinerja::daemon {
namespace masuk {
// The login page's files (daemon/http/masuk/), embedded by kinerja_embed_files.
extern const ::kinerja::EmbeddedFiles kEmbeddedFiles;
}  // namespace masuk

namespace {

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kLoginPath[] = "/api/v1/login";
constexpr char kLogoutPath[] = "/api/v1/logout";
constexpr char kSessionPath[] = "/api/v1/session";
constexpr char kLoginPage[] = "/masuk";
// Longest password accepted; Argon2 would take any, but nobody types more.
constexpr size_t kMaxPasswordBytes = 1024;
// The cookie's attributes: not readable by scripts, sent over HTTPS only, never on a request
// another site starts.
constexpr char kCookieAttributes[] = "; HttpOnly; Secure; SameSite=Strict; Path=/";

HttpResponse Json(int status, std::string body) {
  HttpResponse res{status, kJson, std::move(body)};
  res.headers.emplace_back("Cache-Control", "no-store");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return res;
}

HttpResponse JsonError(int status, absl::string_view message) {
  return Json(status, absl::StrCat("{\"error\":\"", JsonEscape(message), "\"}\n"));
}

HttpResponse NotLoggedIn() {
  HttpResponse res =
      Json(401, "{\"error\":\"Silakan masuk terlebih dahulu.\",\"login_required\":true}\n");
  return res;
}

HttpResponse RedirectToLogin() {
  HttpResponse res{303, "text/plain; charset=utf-8", "Silakan masuk: /masuk\n"};
  res.headers.emplace_back("Location", kLoginPage);
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

// Headers of the login page and its assets: nothing from another origin, no inline script,
// never framed.
void AddPageHeaders(HttpResponse* res) {
  res->headers.emplace_back("Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
  res->headers.emplace_back("X-Content-Type-Options", "nosniff");
  res->headers.emplace_back("X-Frame-Options", "DENY");
  res->headers.emplace_back("Referrer-Policy", "no-referrer");
  res->headers.emplace_back("Cache-Control", "no-store");
}

HttpResponse EmbeddedPage(std::string_view file) {
  std::optional<std::string_view> content = masuk::kEmbeddedFiles.Find(file);
  if (!content.has_value()) return HttpResponse{404, "text/plain; charset=utf-8", "not found\n"};
  HttpResponse res{200, std::string(ContentTypeOf(file)), std::string(*content)};
  AddPageHeaders(&res);
  return res;
}

bool IsOpenPath(absl::string_view path) {
  return path == "/healthz" || path == "/readyz" || path == kLoginPage ||
         absl::StartsWith(path, "/masuk/");
}

// Whole seconds, rounded up, at least 1.
int64_t RetryAfterSeconds(absl::Duration wait) {
  return std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(wait, absl::Seconds(1))));
}

std::string SessionJson(const std::string& user, auth::ConsoleRole role, const std::string& csrf,
                        bool with_login_required) {
  return absl::StrCat("{\"user\":\"", JsonEscape(user), "\",\"role\":\"", auth::RoleWord(role),
                      "\",\"csrf\":\"", csrf, "\"",
                      with_login_required ? ",\"login_required\":true" : "", "}\n");
}

}  // namespace

std::string CookieValue(const std::string& cookie_header, const std::string& name) {
  for (absl::string_view pair : absl::StrSplit(cookie_header, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    if (absl::ConsumePrefix(&pair, name) && absl::ConsumePrefix(&pair, "=")) {
      return std::string(pair);
    }
  }
  return "";
}

ConsoleAccess::ConsoleAccess(std::vector<auth::ConsoleUser> users, ConsoleAccessOptions options,
                             const Logger* log)
    : users_(std::move(users)),
      options_(std::move(options)),
      log_(log),
      sessions_(options_.sessions),
      throttle_(options_.throttle) {}

void ConsoleAccess::Install(std::shared_ptr<ConsoleAccess> access, HttpServer* server) {
  server->SetPayloadMaxLength(access->options_.max_upload_bytes);
  server->SetFilter([access](HttpRequest* req) { return access->Filter(req); });
  server->Get(kLoginPage, [] { return EmbeddedPage("index.html"); });
  server->Get(R"(/masuk/([a-z]+\.(css|js|svg)))",
              [](const HttpRequest& req) { return EmbeddedPage(req.matches.at(1)); });
  server->Post(kLoginPath, [access](const HttpRequest& req) { return access->Login(req); });
  server->Post(kLogoutPath, [access](const HttpRequest& req) { return access->Logout(req); });
  server->Get(std::string(kSessionPath),
              [access](const HttpRequest& req) { return access->SessionInfo(req); });
}

void ConsoleAccess::InstallNoLogin(HttpServer* server) {
  server->Get(kSessionPath, [] { return Json(200, "{\"login_required\":false,\"csrf\":\"\"}\n"); });
}

void ConsoleAccess::InstallScrapeOnly(HttpServer* server) {
  server->SetFilter([](HttpRequest* req) -> std::optional<HttpResponse> {
    if (req->path == "/metrics" || req->path == "/healthz" || req->path == "/readyz") {
      return std::nullopt;
    }
    return JsonError(403, "Konsol di luar loopback memerlukan berkas pengguna (--http-users).");
  });
}

absl::Status InstallConsoleAccess(HttpServer* server, const std::string& users_file, bool loopback,
                                  const Logger* log) {
  if (users_file.empty()) {
    if (loopback) {
      ConsoleAccess::InstallNoLogin(server);
    } else {
      ConsoleAccess::InstallScrapeOnly(server);
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<auth::ConsoleUser>> users = auth::ReadUsersFile(users_file);
  if (!users.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("http_users: ", users.status().message()));
  }
  log->Info(LogFields{"http"}, "console: login required, ", users->size(), " users in ",
            users_file);
  ConsoleAccess::Install(
      std::make_shared<ConsoleAccess>(*std::move(users), ConsoleAccessOptions(), log), server);
  return absl::OkStatus();
}

std::optional<HttpResponse> ConsoleAccess::Filter(HttpRequest* req) {
  const bool is_post = req->method == "POST";
  if (IsOpenPath(req->path) && !is_post) return std::nullopt;
  if (is_post && req->path == kLoginPath) return std::nullopt;
  if (req->path == "/metrics" && req->client_cert) return std::nullopt;
  const std::optional<Session> session =
      sessions_.Find(CookieValue(req->Header("cookie"), kSessionCookie), options_.now());
  if (!session.has_value()) {
    if (is_post || absl::StartsWith(req->path, "/api/") || req->path == "/metrics") {
      return NotLoggedIn();
    }
    return RedirectToLogin();
  }
  req->user = session->user;
  req->role = std::string(auth::RoleWord(session->role));
  if (!is_post) return std::nullopt;
  if (!auth::ConstantTimeEquals(req->Header("x-csrf-token"), session->csrf)) {
    return JsonError(403, "Token CSRF tidak cocok; muat ulang halaman lalu coba lagi.");
  }
  if (session->role == auth::ConsoleRole::kLihat && req->path != kLogoutPath) {
    return JsonError(403, "Akun lihat hanya dapat membaca.");
  }
  return std::nullopt;
}

const auth::ConsoleUser* ConsoleAccess::FindUser(const std::string& name) const {
  for (const auth::ConsoleUser& user : users_) {
    if (user.name == name) return &user;
  }
  return nullptr;
}

bool ConsoleAccess::CheckPassword(const auth::ConsoleUser* user, const std::string& password) {
  absl::MutexLock lock(&verify_mu_);
  if (user == nullptr) {
    if (!users_.empty()) auth::VerifyPassword(users_.front().hash, password);  // Same cost.
    return false;
  }
  return auth::VerifyPassword(user->hash, password);
}

HttpResponse ConsoleAccess::Login(const HttpRequest& req) {
  // JSON only: a cross-site form cannot send it without the browser asking first (CORS), so
  // another site cannot log a browser in under its own account.
  if (!absl::StartsWith(absl::AsciiStrToLower(req.Header("content-type")), "application/json")) {
    return JsonError(415, "Kirim JSON {\"user\", \"password\"} (Content-Type: application/json).");
  }
  google::protobuf::Struct body;
  if (!google::protobuf::util::JsonStringToMessage(req.body, &body).ok() ||
      body.fields().count("user") == 0 || body.fields().count("password") == 0 ||
      !body.fields().at("user").has_string_value() ||
      !body.fields().at("password").has_string_value()) {
    return JsonError(400, "Kirim JSON {\"user\": \"...\", \"password\": \"...\"}.");
  }
  const std::string& name = body.fields().at("user").string_value();
  const std::string& password = body.fields().at("password").string_value();
  if (password.size() > kMaxPasswordBytes) return JsonError(400, "Kata sandi terlalu panjang.");
  const auth::ConsoleUser* user = FindUser(name);
  // What the log may say of the name typed: a known user's name; anything else could be a
  // password typed into the wrong field.
  const std::string who = user != nullptr ? absl::StrCat("user ", name) : "an unknown user name";
  const std::string address_key = absl::StrCat("addr:", req.remote_addr);
  const std::string user_key = absl::StrCat("user:", name);
  const absl::Time now = options_.now();
  const absl::Duration wait =
      std::max(throttle_.Wait(address_key, now), throttle_.Wait(user_key, now));
  if (wait > absl::ZeroDuration()) {
    const int64_t seconds = RetryAfterSeconds(wait);
    log_->Warning(LogFields{"http", req.remote_addr}, "login refused: ", who, " from ",
                  req.remote_addr, " is locked out for ", seconds, " s more");
    HttpResponse res = JsonError(
        429, absl::StrCat("Terlalu banyak percobaan masuk. Coba lagi dalam ", seconds, " detik."));
    res.headers.emplace_back("Retry-After", absl::StrCat(seconds));
    return res;
  }
  if (!CheckPassword(user, password)) {
    const absl::Time failed_at = options_.now();
    throttle_.Failure(address_key, failed_at);
    throttle_.Failure(user_key, failed_at);
    log_->Warning(LogFields{"http", req.remote_addr}, "login failed: ", who, " from ",
                  req.remote_addr);
    return JsonError(401, "Nama pengguna atau kata sandi salah.");
  }
  throttle_.Success(user_key);
  Session session;
  const std::string token = sessions_.Create(user->name, user->role, options_.now(), &session);
  log_->Info(LogFields{"http", req.remote_addr}, "login: ", who, " (", auth::RoleWord(user->role),
             ") from ", req.remote_addr);
  HttpResponse res = Json(200, SessionJson(session.user, session.role, session.csrf, false));
  res.headers.emplace_back("Set-Cookie",
                           absl::StrCat(kSessionCookie, "=", token, kCookieAttributes));
  return res;
}

HttpResponse ConsoleAccess::Logout(const HttpRequest& req) {
  sessions_.Delete(CookieValue(req.Header("cookie"), kSessionCookie));
  log_->Info(LogFields{"http", req.remote_addr}, "logout: user ", req.user, " from ",
             req.remote_addr);
  HttpResponse res = Json(200, "{}\n");
  res.headers.emplace_back("Set-Cookie",
                           absl::StrCat(kSessionCookie, "=", kCookieAttributes, "; Max-Age=0"));
  return res;
}

HttpResponse ConsoleAccess::SessionInfo(const HttpRequest& req) {
  const std::optional<Session> session =
      sessions_.Find(CookieValue(req.Header("cookie"), kSessionCookie), options_.now());
  if (!session.has_value()) return NotLoggedIn();  // Ended since the filter ran.
  return Json(200, SessionJson(session->user, session->role, session->csrf, true));
}

}  // namespace kinerja::daemon
