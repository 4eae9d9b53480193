#include "tests/e2e/cluster.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace kinerja::e2e {
using testing::FileSize;
using testing::FreePort;
using testing::ReadFile;
using testing::Spawn;
using testing::Subprocess;

bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // Polling a process's view.
  }
  return condition();
}

Cluster::Cluster(std::string registry_csv) {
  testing::KillChildrenOnSignals();
  cert_dir_ = dir_.Sub("certs");
  registry_path_ = WriteFile("satker.csv", registry_csv);
}

Cluster::~Cluster() {
  for (auto& [name, n] : nodes_) n.process.Kill();
}

std::string Cluster::WriteFile(const std::string& file_name, const std::string& content) const {
  const std::string path = dir_.Sub(file_name);
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

void Cluster::Add(const std::string& name, const std::string& satker, const std::string& role,
                  const std::string& upstream_name, std::vector<std::string> extra_flags) {
  NodeProc n;
  n.satker = satker;
  n.role = role;
  n.upstream_name = upstream_name;
  n.data_dir = dir_.Sub(absl::StrCat("data-", name));
  n.log = dir_.Sub(absl::StrCat("log-", name, ".txt"));
  n.sync_port = FreePort();
  n.admin_port = FreePort();
  n.http_port = FreePort();
  n.extra_flags = std::move(extra_flags);
  n.registry_path = registry_path_;
  // Certificates for this satker (idempotent: the CA is made once).
  const std::string cmd = absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/gen-certs.sh ", cert_dir_, " ",
                                       satker, " >/dev/null");
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  nodes_[name] = std::move(n);
}

void Cluster::SetRegistry(const std::string& name, const std::string& registry_csv) {
  nodes_.at(name).registry_path = WriteFile(absl::StrCat("satker-", name, ".csv"), registry_csv);
}

std::string Cluster::SyncAddress(const std::string& name) const {
  return absl::StrCat("127.0.0.1:", nodes_.at(name).sync_port);
}

std::string Cluster::AdminAddress(const std::string& name) const {
  return absl::StrCat("127.0.0.1:", nodes_.at(name).admin_port);
}

std::string Cluster::HttpAddress(const std::string& name) const {
  return absl::StrCat("127.0.0.1:", nodes_.at(name).http_port);
}

size_t Cluster::StartProcess(const std::string& name) {
  NodeProc& n = nodes_.at(name);
  EXPECT_FALSE(n.process.running()) << name << " is already running";
  std::vector<std::string> args;
  if (n.fd_hard > 0) {
    args = {"/usr/bin/prlimit", absl::StrCat("--nofile=", n.fd_soft, ":", n.fd_hard), "--"};
  }
  args.insert(args.end(), {
                              KINERJAD_PATH,
                              "--node",
                              n.satker,
                              "--role",
                              n.role,
                              "--listen",
                              SyncAddress(name),
                              "--admin-listen",
                              absl::StrCat("127.0.0.1:", n.admin_port),
                              "--http-listen",
                              HttpAddress(name),
                              "--data-dir",
                              n.data_dir,
                              "--registry",
                              n.registry_path,
                              "--tls-cert",
                              absl::StrCat(cert_dir_, "/", n.satker, ".pem"),
                              "--tls-key",
                              absl::StrCat(cert_dir_, "/", n.satker, ".key"),
                              "--tls-ca",
                              absl::StrCat(cert_dir_, "/ca.pem"),
                              "--sync-interval-ms",
                              "1000",
                              "--sync-initial-backoff-ms",
                              "200",
                              "--sync-max-backoff-ms",
                              "1000",
                          });
  if (!n.upstream_name.empty()) {
    args.push_back("--upstream");
    args.push_back(n.upstream_address.empty() ? SyncAddress(n.upstream_name) : n.upstream_address);
  }
  if (json_logs_) args.insert(args.end(), {"--log-format", "json"});
  for (const auto& f : n.extra_flags) args.push_back(f);
  const size_t log_offset = FileSize(n.log);  // Restarts append to the same log.
  absl::StatusOr<Subprocess> process = Subprocess::Start(args, n.log, n.log);
  EXPECT_TRUE(process.ok()) << "node " << name << ": " << process.status().message();
  if (process.ok()) n.process = *std::move(process);
  ++n.generation;
  return log_offset;
}

void Cluster::Start(const std::string& name) {
  ASSERT_FALSE(nodes_.at(name).process.running()) << name << " is already running";
  const size_t log_offset = StartProcess(name);
  if (nodes_.at(name).process.pid() < 0) return;  // StartProcess has failed the test.
  WaitReady(name, log_offset);
}

ExitResult Cluster::StartExpectingExit(const std::string& name) {
  NodeProc& n = nodes_.at(name);
  ExitResult result;
  if (n.process.running()) {
    ADD_FAILURE() << name << " is already running";
    return result;
  }
  const size_t log_offset = StartProcess(name);
  if (n.process.pid() < 0) return result;  // StartProcess has failed the test.
  const absl::Status ready =
      testing::WaitForLogLine(n.process, n.log, log_offset, "ready:", absl::Seconds(60));
  // Not ready: it has exited (reaped within moments) or timed out (still running).
  const std::optional<int> code = ready.ok() ? std::nullopt : n.process.WaitFor(absl::Seconds(5));
  if (code.has_value()) result.exit_code = *code;
  result.log = ReadFile(n.log).substr(log_offset);
  if (result.exit_code < 0) {
    ADD_FAILURE() << "node " << name << " did not exit before it was ready: " << ready.message();
    n.process.Kill();
  }
  n.process = Subprocess();
  return result;
}

void Cluster::SetUpstreamAddress(const std::string& name, const std::string& address) {
  nodes_.at(name).upstream_address = address;
}

void Cluster::Share(const std::string& name, const std::string& other, Shared what) {
  NodeProc& n = nodes_.at(name);
  const NodeProc& o = nodes_.at(other);
  switch (what) {
    case Shared::kSyncPort:
      n.sync_port = o.sync_port;
      break;
    case Shared::kAdminPort:
      n.admin_port = o.admin_port;
      break;
    case Shared::kDataDir:
      n.data_dir = o.data_dir;
      break;
  }
}

void Cluster::WaitReady(const std::string& name, size_t log_offset) {
  NodeProc& n = nodes_.at(name);
  const absl::Status ready =
      testing::WaitForLogLine(n.process, n.log, log_offset, "ready:", absl::Seconds(60));
  ASSERT_TRUE(ready.ok()) << "node " << name << " (kinerjad " << n.satker << ", log " << n.log
                          << ") did not come up: " << ready.message();
}

void Cluster::Stop(const std::string& name) {
  NodeProc& n = nodes_.at(name);
  if (!n.process.running()) return;
  EXPECT_EQ(n.process.Terminate(absl::Seconds(20)), 0) << name << " did not stop cleanly; log:\n"
                                                       << ReadFile(n.log);
  n.process = Subprocess();
}

std::optional<int> Cluster::StopWithin(const std::string& name, absl::Duration timeout) {
  NodeProc& n = nodes_.at(name);
  if (!n.process.running()) return std::nullopt;
  kill(n.process.pid(), SIGTERM);
  const std::optional<int> code = n.process.WaitFor(timeout);
  n.process.Kill();
  n.process = Subprocess();
  return code;
}

void Cluster::Kill(const std::string& name) {
  NodeProc& n = nodes_.at(name);
  n.process.Kill();
  n.process = Subprocess();
}

void Cluster::SetFdLimit(const std::string& name, int soft, int hard) {
  NodeProc& n = nodes_.at(name);
  n.fd_soft = soft;
  n.fd_hard = hard;
}

void Cluster::WipeDisk(const std::string& name) {
  NodeProc& n = nodes_.at(name);
  n.data_dir = dir_.Sub(absl::StrCat("data-", name, "-disk", n.generation + 1));
}

CtlResult Cluster::Ctl(const std::string& name, const std::vector<std::string>& args) const {
  const NodeProc& n = nodes_.at(name);
  static int counter = 0;
  const std::string base = dir_.Sub(absl::StrCat("ctl-", ++counter));
  std::vector<std::string> argv = {KINERJACTL_PATH, "--addr",
                                   absl::StrCat("127.0.0.1:", n.admin_port)};
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<Subprocess> ctl = Subprocess::Start(argv, base + ".out", base + ".err");
  CtlResult r;
  if (!ctl.ok()) {
    r.err = std::string(ctl.status().message());
    return r;
  }
  r.exit_code = ctl->Wait();
  r.out = ReadFile(base + ".out");
  r.err = ReadFile(base + ".err");
  unlink((base + ".out").c_str());
  unlink((base + ".err").c_str());
  return r;
}

pid_t Cluster::CtlAsync(const std::string& name, const std::vector<std::string>& args) const {
  const NodeProc& n = nodes_.at(name);
  std::vector<std::string> argv = {KINERJACTL_PATH, "--addr",
                                   absl::StrCat("127.0.0.1:", n.admin_port)};
  argv.insert(argv.end(), args.begin(), args.end());
  return Spawn(argv, "/dev/null", "/dev/null");
}

}  // namespace kinerja::e2e
