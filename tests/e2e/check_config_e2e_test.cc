// `kinerjad --check-config` as a process: a good configuration prints "ok" and exits 0; each
// bad field (a flag, a config-file field, a certificate, the registry, the data directory)
// prints one line naming it and exits 1, and nothing is started (issue 11, --check-config).
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/e2e/cluster.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
namespace {

class CheckConfigTest : public ::testing::Test {
 protected:
  CheckConfigTest() : cluster_(kBantenRegistry) {
    cluster_.Add("3604", "3604", "office", "36");  // Makes the CA and 3604's certificate.
    cluster_.Add("3603", "3603", "office", "36");
    registry_ = cluster_.WriteFile("registry.csv", kBantenRegistry);
  }

  // The flags of a good office configuration, each as {flag, value}.
  std::vector<std::pair<std::string, std::string>> Good() const {
    const std::string& certs = cluster_.cert_dir();
    return {{"--node", "3604"},
            {"--role", "office"},
            {"--listen", "127.0.0.1:7400"},
            {"--upstream", "127.0.0.1:7300"},
            {"--data-dir", absl::StrCat(cluster_.dir(), "/data-new")},
            {"--registry", registry_},
            {"--tls-cert", absl::StrCat(certs, "/3604.pem")},
            {"--tls-key", absl::StrCat(certs, "/3604.key")},
            {"--tls-ca", absl::StrCat(certs, "/ca.pem")}};
  }

  // Runs kinerjad --check-config with Good() but `flag` set to `value` (added if absent;
  // removed if `value` is empty), then `extra`. Its exit code and its one line.
  CtlResult Check(const std::string& flag = "", const std::string& value = "",
                  const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {KINERJAD_PATH, "--check-config"};
    bool seen = false;
    for (const auto& [f, v] : Good()) {
      if (f == flag) {
        seen = true;
        if (value.empty()) continue;
        args.insert(args.end(), {f, value});
      } else {
        args.insert(args.end(), {f, v});
      }
    }
    if (!seen && !flag.empty()) args.insert(args.end(), {flag, value});
    args.insert(args.end(), extra.begin(), extra.end());
    const std::string out = absl::StrCat(cluster_.dir(), "/check-", ++runs_, ".out");
    CtlResult r;
    auto process = testing::Subprocess::Start(args, out, out);
    EXPECT_TRUE(process.ok());
    if (!process.ok()) return r;
    r.exit_code = process->Wait();
    r.out = testing::ReadFile(out);
    return r;
  }

  Cluster cluster_;
  std::string registry_;
  int runs_ = 0;
};

TEST_F(CheckConfigTest, GoodConfigurationIsOk) {
  const CtlResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "ok\n");
}

TEST_F(CheckConfigTest, GoodConfigFileIsOk) {
  const std::string& certs = cluster_.cert_dir();
  const std::string file = cluster_.WriteFile(
      "3604.conf",
      absl::StrCat("node: \"3604\" role: ROLE_OFFICE listen: \"127.0.0.1:7400\" data_dir: \"",
                   cluster_.dir(), "/data-file\" upstream: \"127.0.0.1:7300\" registry: \"",
                   registry_, "\" tls { cert: \"", certs, "/3604.pem\" key: \"", certs,
                   "/3604.key\" ca: \"", certs, "/ca.pem\" } log_format: \"json\"\n"));
  CtlResult r;
  auto process = testing::Subprocess::Start(
      {KINERJAD_PATH, "--check-config", "--config", file}, cluster_.dir() + "/file.out",
      cluster_.dir() + "/file.out");
  ASSERT_TRUE(process.ok());
  EXPECT_EQ(process->Wait(), 0) << testing::ReadFile(cluster_.dir() + "/file.out");
  EXPECT_EQ(testing::ReadFile(cluster_.dir() + "/file.out"), "ok\n");
}

// Each bad setting: exit 1 and one line that starts by naming it.
TEST_F(CheckConfigTest, EachBadFieldIsNamed) {
  const std::string& certs = cluster_.cert_dir();
  const std::string no_node = cluster_.WriteFile(
      "no-3604.csv", "kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n36,KPU Banten,provinsi,RI\n");
  const std::string bad_config = cluster_.WriteFile("bad.conf", "listen: \"no-port\"\n");
  struct Case {
    std::string flag, value;
    std::vector<std::string> extra;
    std::string named;  // What the line must start with.
  };
  const std::vector<Case> cases = {
      {"--tls-cert", "/nonexistent/x.pem", {}, "--tls-cert: /nonexistent/x.pem: No such file"},
      {"--tls-cert", absl::StrCat(certs, "/3603.pem"), {}, "--tls-cert: "},  // Another satker.
      {"--tls-key", absl::StrCat(certs, "/3603.key"), {}, "--tls-key: "},    // Not 3604's key.
      {"--tls-ca", registry_, {}, "--tls-ca: "},                            // Not PEM.
      {"--tls-crl-dir", "/nonexistent", {}, "--tls-crl-dir: "},
      {"--registry", no_node, {}, "--registry: "},
      {"--data-dir", "/nonexistent/kinerja", {}, "--data-dir: "},
      {"--data-dir", registry_, {}, "--data-dir: "},  // A file.
      {"--sync-window", "x", {}, "config: --sync-window: "},
      {"--log-format", "xml", {}, "config: log_format: "},
      {"--log-level", "debug", {}, "config: log_level: "},
      {"--upstream", "", {}, "config: upstream: "},
      {"--listen", "", {"--config", bad_config}, "config: listen: "},
      {"--bogus", "1", {}, "config: "},
  };
  for (const Case& c : cases) {
    const CtlResult r = Check(c.flag, c.value, c.extra);
    EXPECT_EQ(r.exit_code, 1) << c.flag << " " << c.value << ": " << r.out;
    EXPECT_TRUE(absl::StartsWith(r.out, c.named)) << c.flag << " " << c.value << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_FALSE(absl::StrContains(r.out, "PRIVATE KEY")) << r.out;
  }
}

}  // namespace
}  // namespace kinerja::e2e
