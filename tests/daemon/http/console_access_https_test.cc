// ConsoleAccess on a real HttpServer over HTTPS on 127.0.0.1 (demo certificates from
// deploy/gen-certs.sh), driven by an HTTPS client that has no client certificate, as a browser:
// without a login nothing answers; an operator logs in and writes with the CSRF token only; a
// `lihat` user reads but cannot import; 20 wrong passwords are throttled.
#include <httplib.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/password_hash.h"
#include "daemon/http/console_access.h"
#include "daemon/http/http_server.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

std::string JsonField(const std::string& body, const std::string& key) {
  const std::string start = absl::StrCat("\"", key, "\":\"");
  const size_t at = body.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return body.substr(from, body.find('"', from) - from);
}

class ConsoleAccessHttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd =
        absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh ", dir_.path(), " RI >/dev/null");
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    tls_ = {dir_.Sub("RI.pem"), dir_.Sub("RI.key"), dir_.Sub("ca.pem"), true};
    auto server = HttpServer::Bind("127.0.0.1:0", tls_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    // Stand-ins for the console's routes (the konsol branch serves the real ones).
    server_->Get("/", [] {
      return HttpResponse{200, "text/html; charset=utf-8", "<p>Beranda</p>"};
    });
    server_->Get("/healthz", [] { return HttpResponse{200, "text/plain", "ok\n"}; });
    server_->Get("/metrics", [] { return HttpResponse{200, "text/plain", "kinerja_up 1\n"}; });
    server_->Get("/api/v1/status", [](const HttpRequest& req) {
      return HttpResponse{200, "application/json", absl::StrCat("{\"user\":\"", req.user, "\"}")};
    });
    server_->Post("/api/v1/import", [](const HttpRequest& req) {
      return HttpResponse{200, "application/json",
                          absl::StrCat("{\"saved_by\":\"", req.user, "\"}")};
    });
    ConsoleAccess::Install(std::make_shared<ConsoleAccess>(
                               std::vector<auth::ConsoleUser>{
                                   {"ani", auth::ConsoleRole::kOperator, Hash("sandi-ani-1")},
                                   {"budi", auth::ConsoleRole::kLihat, Hash("sandi-budi-1")}},
                               ConsoleAccessOptions(), &log_),
                           server_.get());
    server_->Start();
  }

  static std::string Hash(const std::string& password) {
    return auth::HashPassword(password, auth::MinimalPwhashLimits()).value();
  }

  // A client like a browser: trusts the CA, presents no certificate.
  std::unique_ptr<httplib::SSLClient> Browser() {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port());
    client->set_ca_cert_path(dir_.Sub("ca.pem").c_str());
    client->enable_server_certificate_verification(true);
    return client;
  }

  httplib::Result LoginAs(httplib::SSLClient& client, const std::string& user,
                          const std::string& password) {
    return client.Post("/api/v1/login",
                       absl::StrCat("{\"user\":\"", user, "\",\"password\":\"", password, "\"}"),
                       "application/json");
  }

  // Logs in; returns the Cookie header to send and the CSRF token.
  std::pair<std::string, std::string> Session(httplib::SSLClient& client, const std::string& user,
                                              const std::string& password) {
    auto res = LoginAs(client, user, password);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), JsonField(res->body, "csrf")};
  }

  testing::TempDir dir_;
  HttpTlsFiles tls_;
  Logger log_{"RI", [](LogLevel, absl::string_view, absl::string_view) {}};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ConsoleAccessHttpsTest, NothingAnswersWithoutLoginButHealthAndTheLoginPage) {
  auto browser = Browser();
  auto status = browser->Get("/api/v1/status");
  ASSERT_TRUE(status) << httplib::to_string(status.error());
  EXPECT_EQ(status->status, 401);
  EXPECT_TRUE(absl::StrContains(status->body, "\"error\"")) << status->body;
  auto page = browser->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303);
  EXPECT_EQ(page->get_header_value("Location"), "/masuk");
  auto import = browser->Post("/api/v1/import", "kode,nama\n", "text/csv");
  ASSERT_TRUE(import);
  EXPECT_EQ(import->status, 401);
  auto metrics = browser->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 401);

  auto health = browser->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto login_page = browser->Get("/masuk");
  ASSERT_TRUE(login_page);
  EXPECT_EQ(login_page->status, 200);
  EXPECT_TRUE(absl::StrContains(login_page->body, "Kata sandi"));
  EXPECT_TRUE(absl::StartsWith(login_page->get_header_value("Content-Security-Policy"),
                               "default-src 'self'"));
  EXPECT_FALSE(absl::StrContains(login_page->body, "<script>")) << "no inline script";
  auto script = browser->Get("/masuk/masuk.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(ConsoleAccessHttpsTest, ScraperWithTheCasCertificateNeedsNoLogin) {
  httplib::SSLClient scraper("127.0.0.1", server_->port(), dir_.Sub("RI.pem"), dir_.Sub("RI.key"));
  scraper.set_ca_cert_path(dir_.Sub("ca.pem").c_str());
  scraper.enable_server_certificate_verification(true);
  auto metrics = scraper.Get("/metrics");
  ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
  EXPECT_EQ(metrics->status, 200);
  auto api = scraper.Get("/api/v1/status");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401) << "a certificate opens /metrics only";
}

TEST_F(ConsoleAccessHttpsTest, OperatorLogsInAndWritesWithTheCsrfTokenOnly) {
  auto browser = Browser();
  auto login = LoginAs(*browser, "ani", "sandi-ani-1");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(set_cookie.substr(cookie.size()), "; HttpOnly; Secure; SameSite=Strict; Path=/");
  EXPECT_EQ(cookie.size(), std::string("kinerja_sesi=").size() + 64);
  const std::string csrf = JsonField(login->body, "csrf");
  ASSERT_EQ(csrf.size(), 64u);
  EXPECT_EQ(JsonField(login->body, "role"), "operator");

  auto status = browser->Get("/api/v1/status", {{"Cookie", cookie}});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  EXPECT_EQ(status->body, "{\"user\":\"ani\"}");
  auto page = browser->Get("/", {{"Cookie", cookie}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  auto session = browser->Get("/api/v1/session", {{"Cookie", cookie}});
  ASSERT_TRUE(session);
  EXPECT_EQ(session->status, 200);
  EXPECT_EQ(JsonField(session->body, "csrf"), csrf);

  auto no_csrf = browser->Post("/api/v1/import", {{"Cookie", cookie}}, "x", "text/csv");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto wrong_csrf =
      browser->Post("/api/v1/import", {{"Cookie", cookie}, {"X-CSRF-Token", std::string(64, '0')}},
                    "x", "text/csv");
  ASSERT_TRUE(wrong_csrf);
  EXPECT_EQ(wrong_csrf->status, 403);
  auto saved = browser->Post("/api/v1/import", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "x",
                             "text/csv");
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 200);
  EXPECT_EQ(saved->body, "{\"saved_by\":\"ani\"}");

  auto logout = browser->Post("/api/v1/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "",
                              "application/json");
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 200);
  auto after = browser->Get("/api/v1/status", {{"Cookie", cookie}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(ConsoleAccessHttpsTest, LihatReadsButCannotImport) {
  auto browser = Browser();
  auto [cookie, csrf] = Session(*browser, "budi", "sandi-budi-1");
  auto status = browser->Get("/api/v1/status", {{"Cookie", cookie}});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  auto import = browser->Post("/api/v1/import", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "x",
                              "text/csv");
  ASSERT_TRUE(import);
  EXPECT_EQ(import->status, 403);
  EXPECT_TRUE(absl::StrContains(import->body, "Akun lihat hanya dapat membaca")) << import->body;
}

TEST_F(ConsoleAccessHttpsTest, TwentyWrongPasswordsAreThrottled) {
  auto browser = Browser();
  int unauthorized = 0;
  int throttled = 0;
  std::string retry_after;
  for (int i = 0; i < 20; ++i) {
    auto res = LoginAs(*browser, "ani", absl::StrCat("tebakan-", i));
    ASSERT_TRUE(res);
    if (res->status == 401) ++unauthorized;
    if (res->status == 429) {
      ++throttled;
      retry_after = res->get_header_value("Retry-After");
    }
  }
  EXPECT_EQ(unauthorized, 5);
  EXPECT_EQ(throttled, 15);
  int seconds = 0;
  EXPECT_TRUE(absl::SimpleAtoi(retry_after, &seconds)) << retry_after;
  EXPECT_GT(seconds, 0);
  auto right = LoginAs(*browser, "ani", "sandi-ani-1");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 429) << "the right password waits out the lockout too";
}

TEST_F(ConsoleAccessHttpsTest, UploadsAreCapped) {
  auto browser = Browser();
  auto [cookie, csrf] = Session(*browser, "ani", "sandi-ani-1");
  auto big = browser->Post("/api/v1/import", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}},
                           std::string((size_t{8} << 20) + 1, 'x'), "text/csv");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

// Without a users file: on loopback no login and the session route says so; off loopback
// (here the same filter on 127.0.0.1) only /metrics, /healthz and /readyz answer.
TEST(NoUsersFileTest, LoopbackNeedsNoLoginAndScrapeOnlyRefusesTheConsole) {
  auto open = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(open.ok()) << open.status();
  (*open)->Post("/api/v1/import", [](const HttpRequest&) {
    return HttpResponse{200, "application/json", "{}"};
  });
  ConsoleAccess::InstallNoLogin(open->get());
  (*open)->Start();
  httplib::Client loopback("127.0.0.1", (*open)->port());
  auto session = loopback.Get("/api/v1/session");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->status, 200);
  EXPECT_EQ(session->body, "{\"login_required\":false,\"csrf\":\"\"}\n");
  auto import = loopback.Post("/api/v1/import", "x", "text/csv");
  ASSERT_TRUE(import);
  EXPECT_EQ(import->status, 200) << "no CSRF token is needed without a login";

  auto scrape = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  (*scrape)->Get("/metrics", [] { return HttpResponse{200, "text/plain", "kinerja_up 1\n"}; });
  (*scrape)->Get("/readyz", [] { return HttpResponse{200, "text/plain", "serving\n"}; });
  (*scrape)->Get("/api/v1/status", [] { return HttpResponse{200, "application/json", "{}"}; });
  (*scrape)->Get("/", [] { return HttpResponse{200, "text/html", "<p>Beranda</p>"}; });
  ConsoleAccess::InstallScrapeOnly(scrape->get());
  (*scrape)->Start();
  httplib::Client scraper("127.0.0.1", (*scrape)->port());
  for (const char* path : {"/metrics", "/readyz"}) {
    auto res = scraper.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
  }
  for (const char* path : {"/api/v1/status", "/"}) {
    auto res = scraper.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << path;
  }
}

TEST(HttpsClientCertificateTest, WithoutTheOptionABrowserCannotConnect) {
  testing::TempDir dir;
  const std::string cmd =
      absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh ", dir.path(), " RI >/dev/null");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto server = HttpServer::Bind(
      "127.0.0.1:0", HttpTlsFiles{dir.Sub("RI.pem"), dir.Sub("RI.key"), dir.Sub("ca.pem"), false});
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Get("/healthz", [] { return HttpResponse{200, "text/plain", "ok\n"}; });
  (*server)->Start();
  httplib::SSLClient browser("127.0.0.1", (*server)->port());
  browser.set_ca_cert_path(dir.Sub("ca.pem").c_str());
  browser.enable_server_certificate_verification(true);
  EXPECT_FALSE(browser.Get("/healthz")) << "a client certificate is demanded";
}

}  // namespace
}  // namespace kinerja::daemon
