// The web console's login on a real kinerjad (issue 12, "Access"): a users file made by
// `kinerjactl user add`, checked by `kinerjad --check-config`, and a node started with
// --http-users on 127.0.0.1 that serves HTTPS to a client without a certificate (as a
// browser), answers nothing of the console or its API without a login, keeps /healthz open,
// lets a scraper with a certificate of the CA read /metrics, and logs a user in and out; the
// console's own routes (daemon/konsol): a `lihat` user reads but cannot import, an operator
// imports only with the CSRF token.
#include <sys/stat.h>

#include <httplib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/e2e/cluster.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
namespace {

// Runs `command` in a shell; its exit code and what it printed on stdout and stderr.
CtlResult Shell(const std::string& command) {
  CtlResult r;
  FILE* pipe = popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// `kinerjactl user add` with the password on stdin.
CtlResult AddUser(const std::string& users, const std::string& name, const std::string& role,
                  const std::string& password) {
  return Shell(absl::StrCat("printf '%s\\n' '", password, "' | ", KINERJACTL_PATH,
                            " user add --users ", users, " ", name, " --role ", role));
}

std::string JsonField(const std::string& body, const std::string& key) {
  const std::string start = absl::StrCat("\"", key, "\":\"");
  const size_t at = body.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  return body.substr(from, body.find('"', from) - from);
}

class ConsoleAccessE2eTest : public ::testing::Test {
 protected:
  ConsoleAccessE2eTest() : cluster_(kBantenRegistry) {
    users_ = absl::StrCat(cluster_.dir(), "/users");
    cluster_.Add("RI", "RI", "national", "", {"--http-users", users_});
  }

  std::unique_ptr<httplib::SSLClient> Browser() {
    const std::string& http = cluster_.HttpAddress("RI");
    auto client = std::make_unique<httplib::SSLClient>(
        "127.0.0.1", std::stoi(http.substr(http.rfind(':') + 1)));
    client->set_ca_cert_path(absl::StrCat(cluster_.cert_dir(), "/ca.pem").c_str());
    client->enable_server_certificate_verification(true);
    // A login checks an Argon2id hash at moderate limits (256 MiB, 3 passes): a second on an
    // idle core, several on a loaded CI machine; httplib's default read timeout is 5 s.
    client->set_read_timeout(60, 0);
    return client;
  }

  // kinerjad --check-config for national RI with `users` as --http-users.
  CtlResult CheckConfig(const std::string& users) {
    const std::string& certs = cluster_.cert_dir();
    const std::string registry = cluster_.WriteFile("registry.csv", kBantenRegistry);
    const std::string out = absl::StrCat(cluster_.dir(), "/check.out");
    std::remove(out.c_str());
    auto process = testing::Subprocess::Start(
        {KINERJAD_PATH, "--check-config", "--node", "RI", "--role", "national", "--listen",
         "127.0.0.1:7400", "--data-dir", absl::StrCat(cluster_.dir(), "/data-check"),
         "--registry", registry, "--tls-cert", absl::StrCat(certs, "/RI.pem"), "--tls-key",
         absl::StrCat(certs, "/RI.key"), "--tls-ca", absl::StrCat(certs, "/ca.pem"),
         "--http-users", users},
        out, out);
    CtlResult r;
    EXPECT_TRUE(process.ok());
    if (!process.ok()) return r;
    r.exit_code = process->Wait();
    r.out = testing::ReadFile(out);
    return r;
  }

  Cluster cluster_;
  std::string users_;
};

TEST_F(ConsoleAccessE2eTest, UsersFileIsMadeCheckedAndRequiredForTheConsole) {
  // Made by kinerjactl: mode 0600, a short password refused.
  CtlResult added = AddUser(users_, "ani", "operator", "sandi-operator-1");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(added.out, absl::StrCat("added user ani (operator) in ", users_, "\n"));
  added = AddUser(users_, "budi", "lihat", "sandi-lihat-1");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  struct stat st;
  ASSERT_EQ(stat(users_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string content = testing::ReadFile(users_);
  EXPECT_FALSE(absl::StrContains(content, "sandi")) << "only hashes are stored";
  EXPECT_TRUE(absl::StrContains(content, "\nani:operator:$argon2id$")) << content;
  CtlResult short_password = AddUser(users_, "cici", "lihat", "pendek");
  EXPECT_EQ(short_password.exit_code, 1) << short_password.out;

  // --check-config: ok, then one line naming the field and the line of a bad file.
  CtlResult checked = CheckConfig(users_);
  EXPECT_EQ(checked.exit_code, 0) << checked.out;
  EXPECT_EQ(checked.out, "ok\n");
  const std::string bad = cluster_.WriteFile("users-bad", "ani:admin:$argon2id$x\n");
  checked = CheckConfig(bad);
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_EQ(checked.out, absl::StrCat("--http-users: ", bad,
                                      ": line 1: role must be lihat or operator, got \"admin\"\n"));

  cluster_.Start("RI");
  auto browser = Browser();
  // HTTPS without a client certificate works; /healthz and the login page are open.
  auto health = browser->Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  auto login_page = browser->Get("/masuk");
  ASSERT_TRUE(login_page);
  EXPECT_EQ(login_page->status, 200);
  // Nothing else answers without a login.
  auto session = browser->Get("/api/v1/session");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->status, 401);
  auto metrics = browser->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 401);
  // curl, as an operator would check it by hand: the CA only, no client certificate.
  const std::string url = absl::StrCat("https://", cluster_.HttpAddress("RI"));
  CtlResult curl = Shell(absl::StrCat("curl -sS -o /dev/null -w '%{http_code}' --cacert ",
                                      cluster_.cert_dir(), "/ca.pem ", url, "/api/v1/session"));
  EXPECT_EQ(curl.out, "401") << curl.out;
  curl = Shell(absl::StrCat("curl -sS -o /dev/null -w '%{http_code}' --cacert ",
                            cluster_.cert_dir(), "/ca.pem ", url, "/healthz"));
  EXPECT_EQ(curl.out, "200") << curl.out;

  // A scraper with a certificate of the CA reads /metrics without a login.
  const std::string& certs = cluster_.cert_dir();
  const std::string& http = cluster_.HttpAddress("RI");
  httplib::SSLClient scraper("127.0.0.1", std::stoi(http.substr(http.rfind(':') + 1)),
                             absl::StrCat(certs, "/RI.pem"), absl::StrCat(certs, "/RI.key"));
  scraper.set_ca_cert_path(absl::StrCat(certs, "/ca.pem").c_str());
  scraper.enable_server_certificate_verification(true);
  auto scraped = scraper.Get("/metrics");
  ASSERT_TRUE(scraped) << httplib::to_string(scraped.error());
  EXPECT_EQ(scraped->status, 200);

  // A wrong password, then the right one: a session, shown by /api/v1/session.
  const std::string body = "{\"user\":\"ani\",\"password\":\"sandi-operator-1\"}";
  auto wrong = browser->Post("/api/v1/login", "{\"user\":\"ani\",\"password\":\"salah-sekali\"}",
                             "application/json");
  ASSERT_TRUE(wrong) << httplib::to_string(wrong.error());
  EXPECT_EQ(wrong->status, 401);
  auto login = browser->Post("/api/v1/login", body, "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(set_cookie.substr(cookie.size()), "; HttpOnly; Secure; SameSite=Strict; Path=/");
  const std::string csrf = JsonField(login->body, "csrf");
  session = browser->Get("/api/v1/session", {{"Cookie", cookie}});
  ASSERT_TRUE(session);
  EXPECT_EQ(session->status, 200);
  EXPECT_EQ(JsonField(session->body, "user"), "ani");
  EXPECT_EQ(JsonField(session->body, "role"), "operator");
  EXPECT_EQ(JsonField(session->body, "csrf"), csrf);
  metrics = browser->Get("/metrics", {{"Cookie", cookie}});
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200) << "a login reads /metrics too";
  auto no_csrf = browser->Post("/api/v1/logout", {{"Cookie", cookie}}, "", "application/json");
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  auto logout = browser->Post("/api/v1/logout", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "",
                              "application/json");
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 200);
  session = browser->Get("/api/v1/session", {{"Cookie", cookie}});
  ASSERT_TRUE(session);
  EXPECT_EQ(session->status, 401);

  // The console's own routes (daemon/konsol) behind the login: a page leads to /masuk, the
  // API answers 401; a `lihat` user reads the status but cannot import; an operator imports
  // only with the CSRF token.
  auto root = browser->Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 303);
  EXPECT_EQ(root->get_header_value("Location"), "/masuk");
  auto status = browser->Get("/api/v1/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 401);
  auto lihat = browser->Post("/api/v1/login", "{\"user\":\"budi\",\"password\":\"sandi-lihat-1\"}",
                             "application/json");
  ASSERT_TRUE(lihat) << httplib::to_string(lihat.error());
  ASSERT_EQ(lihat->status, 200) << lihat->body;
  const std::string lihat_set = lihat->get_header_value("Set-Cookie");
  const std::string lihat_cookie = lihat_set.substr(0, lihat_set.find(';'));
  const std::string lihat_csrf = JsonField(lihat->body, "csrf");
  status = browser->Get("/api/v1/status", {{"Cookie", lihat_cookie}});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200) << status->body;
  EXPECT_TRUE(absl::StrContains(status->body, "\"RI\"")) << status->body;
  const std::string csv = "kode,nama,tingkat,induk\n";
  auto lihat_import = browser->Post("/api/v1/import?kind=satker",
                                    {{"Cookie", lihat_cookie}, {"X-CSRF-Token", lihat_csrf}}, csv,
                                    "text/csv");
  ASSERT_TRUE(lihat_import);
  EXPECT_EQ(lihat_import->status, 403);
  EXPECT_TRUE(absl::StrContains(lihat_import->body, "Akun lihat hanya dapat membaca"))
      << lihat_import->body;
  login = browser->Post("/api/v1/login", body, "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string operator_set = login->get_header_value("Set-Cookie");
  const std::string operator_cookie = operator_set.substr(0, operator_set.find(';'));
  const std::string operator_csrf = JsonField(login->body, "csrf");
  root = browser->Get("/", {{"Cookie", operator_cookie}});
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 200);
  auto no_token = browser->Post("/api/v1/import?kind=satker", {{"Cookie", operator_cookie}}, csv,
                                "text/csv");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  auto with_token = browser->Post("/api/v1/import?kind=satker",
                                  {{"Cookie", operator_cookie}, {"X-CSRF-Token", operator_csrf}},
                                  csv, "text/csv");
  ASSERT_TRUE(with_token);
  EXPECT_NE(with_token->status, 401) << with_token->body;
  EXPECT_NE(with_token->status, 403) << "the import handler decides: " << with_token->body;

  // One log line per login, naming the user and the address, never the password.
  const std::string log = testing::ReadFile(cluster_.LogPath("RI"));
  EXPECT_TRUE(absl::StrContains(log, "login failed: user ani from 127.0.0.1")) << log;
  EXPECT_TRUE(absl::StrContains(log, "login: user ani (operator) from 127.0.0.1")) << log;
  EXPECT_FALSE(absl::StrContains(log, "sandi-operator-1"));
  EXPECT_FALSE(absl::StrContains(log, "salah-sekali"));
  EXPECT_FALSE(absl::StrContains(log, "$argon2id$"));
  cluster_.Stop("RI");

  // A bad users file stops the node at start with one line naming the field.
  cluster_.WriteFile("users", "ani:operator:bukan-hash\n");
  const ExitResult refused = cluster_.StartExpectingExit("RI");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(
      refused.log, absl::StrCat("http_users: ", users_, ": line 1: the hash is not an Argon2id")))
      << refused.log;
}

}  // namespace
}  // namespace kinerja::e2e
