// ConsoleAccess's rules through its filter and handlers, with a fake clock: no server, no
// sleeping. console_access_https_test.cc checks the same over real HTTPS.
#include "daemon/http/console_access.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/password_hash.h"
#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

std::string CheapHash(const std::string& password) {
  return auth::HashPassword(password, auth::MinimalPwhashLimits()).value();
}

std::string HeaderOf(const HttpResponse& res, const std::string& name) {
  for (const auto& [key, value] : res.headers) {
    if (key == name) return value;
  }
  return "";
}

// The value of "key":"..." in a flat JSON object.
std::string JsonField(const std::string& body, const std::string& key) {
  const std::string start = absl::StrCat("\"", key, "\":\"");
  const size_t at = body.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return body.substr(from, body.find('"', from) - from);
}

class ConsoleAccessTest : public ::testing::Test {
 protected:
  ConsoleAccessTest()
      : log_("RI", [this](LogLevel, absl::string_view,
                          absl::string_view message) { lines_.emplace_back(message); }),
        access_({{"ani", auth::ConsoleRole::kOperator, CheapHash("sandi-ani-1")},
                 {"budi", auth::ConsoleRole::kLihat, CheapHash("sandi-budi-1")}},
                Options(), &log_) {}

  ConsoleAccessOptions Options() {
    ConsoleAccessOptions options;
    options.now = [this] { return now_; };
    return options;
  }

  static HttpRequest Request(const std::string& method, const std::string& path,
                             const std::string& cookie = "", const std::string& csrf = "") {
    HttpRequest req;
    req.method = method;
    req.path = path;
    req.remote_addr = "10.1.2.3";
    req.tls = true;
    if (!cookie.empty()) req.headers["cookie"] = absl::StrCat("lain=1; kinerja_sesi=", cookie);
    if (!csrf.empty()) req.headers["x-csrf-token"] = csrf;
    return req;
  }

  HttpResponse Login(const std::string& user, const std::string& password,
                     const std::string& addr = "10.1.2.3") {
    HttpRequest req = Request("POST", "/api/v1/login");
    req.remote_addr = addr;
    req.headers["content-type"] = "application/json";
    req.body = absl::StrCat("{\"user\":\"", user, "\",\"password\":\"", password, "\"}");
    EXPECT_FALSE(access_.Filter(&req).has_value()) << "login is open";
    return access_.Login(req);
  }

  // Logs in; returns {cookie token, csrf}.
  std::pair<std::string, std::string> Session(const std::string& user,
                                              const std::string& password) {
    HttpResponse res = Login(user, password);
    EXPECT_EQ(res.status, 200) << res.body;
    const std::string cookie = HeaderOf(res, "Set-Cookie");
    const std::string token = cookie.substr(cookie.find('=') + 1, 64);
    return {token, JsonField(res.body, "csrf")};
  }

  // The filter's status for a request: 0 when it lets the route run.
  int Status(HttpRequest req) {
    std::optional<HttpResponse> refused = access_.Filter(&req);
    return refused.has_value() ? refused->status : 0;
  }

  absl::Time now_ = kStart;
  std::vector<std::string> lines_;
  Logger log_;
  ConsoleAccess access_;
};

TEST_F(ConsoleAccessTest, NothingButTheOpenPathsAnswersWithoutLogin) {
  HttpRequest api = Request("GET", "/api/v1/status");
  std::optional<HttpResponse> refused = access_.Filter(&api);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(refused->content_type, "application/json; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(refused->body, "\"error\":")) << refused->body;
  HttpRequest page = Request("GET", "/");
  refused = access_.Filter(&page);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 303);
  EXPECT_EQ(HeaderOf(*refused, "Location"), "/masuk");
  EXPECT_EQ(Status(Request("GET", "/anggaran")), 303);
  EXPECT_EQ(Status(Request("POST", "/api/v1/import")), 401);
  EXPECT_EQ(Status(Request("GET", "/api/v1/session")), 401);
  EXPECT_EQ(Status(Request("POST", "/api/v1/logout")), 401);
  EXPECT_EQ(Status(Request("GET", "/metrics")), 401);
  EXPECT_EQ(Status(Request("POST", "/masuk")), 401) << "only GET of the login page is open";

  EXPECT_EQ(Status(Request("GET", "/healthz")), 0);
  EXPECT_EQ(Status(Request("GET", "/readyz")), 0);
  EXPECT_EQ(Status(Request("GET", "/masuk")), 0);
  EXPECT_EQ(Status(Request("GET", "/masuk/masuk.js")), 0);
  HttpRequest scraper = Request("GET", "/metrics");
  scraper.client_cert = true;
  EXPECT_EQ(Status(scraper), 0) << "a certificate of the node's CA may scrape";
}

TEST_F(ConsoleAccessTest, LoginGivesASessionCookieAndNamesTheUser) {
  HttpResponse res = Login("ani", "sandi-ani-1");
  ASSERT_EQ(res.status, 200) << res.body;
  const std::string cookie = HeaderOf(res, "Set-Cookie");
  ASSERT_TRUE(absl::StartsWith(cookie, "kinerja_sesi=")) << cookie;
  const std::string token = cookie.substr(13, 64);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(cookie,
            absl::StrCat("kinerja_sesi=", token, "; HttpOnly; Secure; SameSite=Strict; Path=/"));
  EXPECT_EQ(JsonField(res.body, "user"), "ani");
  EXPECT_EQ(JsonField(res.body, "role"), "operator");
  const std::string csrf = JsonField(res.body, "csrf");
  EXPECT_EQ(csrf.size(), 64u);
  EXPECT_EQ(res.body.find(token), std::string::npos) << "the token is in the cookie only";

  HttpRequest status = Request("GET", "/api/v1/status", token);
  EXPECT_FALSE(access_.Filter(&status).has_value());
  EXPECT_EQ(status.user, "ani");
  EXPECT_EQ(status.role, "operator");
  EXPECT_EQ(Status(Request("GET", "/", token)), 0);
  EXPECT_EQ(Status(Request("GET", "/metrics", token)), 0);
  HttpResponse info = access_.SessionInfo(Request("GET", "/api/v1/session", token));
  EXPECT_EQ(info.status, 200);
  EXPECT_EQ(JsonField(info.body, "csrf"), csrf);
  EXPECT_TRUE(absl::StrContains(info.body, "\"login_required\":true")) << info.body;
  EXPECT_EQ(Status(Request("GET", "/api/v1/status", std::string(64, 'a'))), 401);
}

TEST_F(ConsoleAccessTest, WrongPasswordsAndUnknownUsersAreRefusedAlike) {
  HttpResponse wrong = Login("ani", "sandi-budi-1");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(HeaderOf(wrong, "Set-Cookie").empty());
  HttpResponse unknown = Login("siapa", "sandi-ani-1");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
}

TEST_F(ConsoleAccessTest, PostsNeedTheSessionsCsrfToken) {
  auto [token, csrf] = Session("ani", "sandi-ani-1");
  auto [other_token, other_csrf] = Session("ani", "sandi-ani-1");
  EXPECT_EQ(Status(Request("POST", "/api/v1/import", token)), 403);
  EXPECT_EQ(Status(Request("POST", "/api/v1/import", token, "salah")), 403);
  EXPECT_EQ(Status(Request("POST", "/api/v1/import", token, other_csrf)), 403)
      << "another session's token";
  std::string almost = csrf;
  almost.back() = almost.back() == '0' ? '1' : '0';
  EXPECT_EQ(Status(Request("POST", "/api/v1/import", token, almost)), 403);
  EXPECT_EQ(Status(Request("POST", "/api/v1/import", token, csrf)), 0);
  EXPECT_EQ(Status(Request("POST", "/api/v1/logout", token)), 403) << "logout needs it too";
}

TEST_F(ConsoleAccessTest, LihatReadsButCannotPost) {
  auto [token, csrf] = Session("budi", "sandi-budi-1");
  HttpRequest get = Request("GET", "/api/v1/status", token);
  EXPECT_FALSE(access_.Filter(&get).has_value());
  EXPECT_EQ(get.role, "lihat");
  HttpRequest import = Request("POST", "/api/v1/import", token, csrf);
  std::optional<HttpResponse> refused = access_.Filter(&import);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 403);
  EXPECT_TRUE(absl::StrContains(refused->body, "Akun lihat hanya dapat membaca")) << refused->body;
  EXPECT_EQ(Status(Request("POST", "/api/v1/sync", token, csrf)), 403);
  EXPECT_EQ(Status(Request("POST", "/api/v1/logout", token, csrf)), 0);
}

TEST_F(ConsoleAccessTest, SessionsExpireWhenIdleAndEndAtLogout) {
  auto [token, csrf] = Session("ani", "sandi-ani-1");
  now_ += absl::Minutes(29);
  EXPECT_EQ(Status(Request("GET", "/api/v1/status", token)), 0);
  now_ += absl::Minutes(30);
  EXPECT_EQ(Status(Request("GET", "/api/v1/status", token)), 401);
  EXPECT_EQ(Status(Request("GET", "/", token)), 303);

  auto [token2, csrf2] = Session("ani", "sandi-ani-1");
  HttpRequest logout = Request("POST", "/api/v1/logout", token2, csrf2);
  ASSERT_FALSE(access_.Filter(&logout).has_value());
  HttpResponse out = access_.Logout(logout);
  EXPECT_EQ(out.status, 200);
  EXPECT_TRUE(absl::StrContains(HeaderOf(out, "Set-Cookie"), "Max-Age=0"));
  EXPECT_EQ(Status(Request("GET", "/api/v1/status", token2)), 401);
}

TEST_F(ConsoleAccessTest, TwentyWrongPasswordsAreThrottledAndARightOneWaitsToo) {
  std::vector<int> statuses;
  std::string retry_after;
  for (int i = 0; i < 20; ++i) {
    HttpResponse res = Login("ani", absl::StrCat("tebakan-", i));
    statuses.push_back(res.status);
    if (res.status == 429) retry_after = HeaderOf(res, "Retry-After");
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.begin() + 5, 401), 5);
  EXPECT_EQ(std::count(statuses.begin() + 5, statuses.end(), 429), 15);
  EXPECT_EQ(retry_after, "30");

  HttpResponse right = Login("ani", "sandi-ani-1");
  EXPECT_EQ(right.status, 429) << "refused before the password is checked";
  EXPECT_TRUE(HeaderOf(right, "Set-Cookie").empty());
  EXPECT_EQ(Login("ani", "sandi-ani-1", "10.9.9.9").status, 429) << "the name is locked out";
  EXPECT_EQ(Login("budi", "sandi-budi-1").status, 429) << "the address is locked out";
  now_ += absl::Seconds(29);
  EXPECT_EQ(Login("ani", "sandi-ani-1").status, 429);
  now_ += absl::Seconds(1);
  EXPECT_EQ(Login("ani", "sandi-ani-1").status, 200);
}

TEST_F(ConsoleAccessTest, LockoutsGrowWithFurtherFailures) {
  for (int i = 0; i < 5; ++i) Login("ani", "salah-salah");
  now_ += absl::Seconds(30);
  EXPECT_EQ(Login("ani", "salah-lagi").status, 401);
  HttpResponse locked = Login("ani", "salah-lagi");
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(HeaderOf(locked, "Retry-After"), "60");
}

TEST_F(ConsoleAccessTest, OneLogLineEachWithoutSecrets) {
  auto [token, csrf] = Session("ani", "sandi-ani-1");
  Login("ani", "tebakan-salah");
  Login("sandi-rahasia-di-kolom-nama", "x");
  ASSERT_EQ(lines_.size(), 3u);
  EXPECT_EQ(lines_[0], "login: user ani (operator) from 10.1.2.3");
  EXPECT_EQ(lines_[1], "login failed: user ani from 10.1.2.3");
  EXPECT_EQ(lines_[2], "login failed: an unknown user name from 10.1.2.3");
  for (const std::string& line : lines_) {
    EXPECT_FALSE(absl::StrContains(line, "sandi")) << line;
    EXPECT_FALSE(absl::StrContains(line, "tebakan")) << line;
    EXPECT_FALSE(absl::StrContains(line, token)) << line;
    EXPECT_FALSE(absl::StrContains(line, csrf)) << line;
    EXPECT_FALSE(absl::StrContains(line, "argon2")) << line;
  }
}

TEST_F(ConsoleAccessTest, LoginWantsJson) {
  HttpRequest form = Request("POST", "/api/v1/login");
  form.headers["content-type"] = "application/x-www-form-urlencoded";
  form.body = "user=ani&password=sandi-ani-1";
  EXPECT_EQ(access_.Login(form).status, 415);
  HttpRequest bad = Request("POST", "/api/v1/login");
  bad.headers["content-type"] = "application/json";
  bad.body = "{\"user\":\"ani\"}";
  EXPECT_EQ(access_.Login(bad).status, 400);
  bad.body = "{\"user\":\"ani\",\"password\":5}";
  EXPECT_EQ(access_.Login(bad).status, 400);
  bad.body = "bukan json";
  EXPECT_EQ(access_.Login(bad).status, 400);
}

TEST(CookieValueTest, FindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("a=1; kinerja_sesi=abc; b=2", "kinerja_sesi"), "abc");
  EXPECT_EQ(CookieValue("kinerja_sesi=abc", "kinerja_sesi"), "abc");
  EXPECT_EQ(CookieValue("x_kinerja_sesi=abc", "kinerja_sesi"), "");
  EXPECT_EQ(CookieValue("kinerja_sesiX=abc", "kinerja_sesi"), "");
  EXPECT_EQ(CookieValue("", "kinerja_sesi"), "");
}

}  // namespace
}  // namespace kinerja::daemon
