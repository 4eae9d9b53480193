// A Kinerja cluster of real kinerjad processes on 127.0.0.1 for end-to-end tests: free ports,
// a temporary directory, demo certificates (mutual TLS), kinerjactl runs, and clean-up of
// every process it started, whatever ends the test (testing::Subprocess).
#ifndef KINERJA_TESTS_E2E_CLUSTER_H_
#define KINERJA_TESTS_E2E_CLUSTER_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::e2e {

// The satker registry most end-to-end tests run: national, Banten (36) and two of its offices.
inline constexpr char kBantenRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n"
    "36,KPU Provinsi Banten,provinsi,RI\n"
    "3604,KPU Kabupaten Serang,kabkota,36\n"
    "3603,KPU Kabupaten Tangerang,kabkota,36\n";

// What a kinerjactl run printed and how it exited.
struct CtlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// How a node started by StartExpectingExit ended.
struct ExitResult {
  int exit_code = -1;  // -1: it did not exit (the test has failed).
  std::string log;     // What it logged during this start.
};

// What a node can be made to share with another (Cluster::Share), to test that two daemons
// never share it.
enum class Shared { kSyncPort, kAdminPort, kDataDir };

class Cluster {
 public:
  // `registry_csv`: content of the satker registry every node is given.
  // Also makes SIGINT and SIGTERM to the test SIGKILL every node first (KillChildrenOnSignals).
  explicit Cluster(std::string registry_csv);
  ~Cluster();  // SIGKILLs anything still running.
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Declares a node named `name` (a handle; two laptops of one office are two names) with
  // satker `satker`, role and the name of its upstream node ("" for national).
  void Add(const std::string& name, const std::string& satker, const std::string& role,
           const std::string& upstream_name, std::vector<std::string> extra_flags = {});
  // Starts the node and waits until it logs "ready:" (both listeners up). Fails the test with
  // the node's name, why (exit code or timeout) and the tail of its log if it never does.
  // Its data dir survives restarts.
  void Start(const std::string& name);
  // Starts the node expecting it to exit before it logs "ready:"; returns its exit code and
  // what it logged. Fails the test, and kills the node, if it comes up or has not exited
  // after 60 s.
  ExitResult StartExpectingExit(const std::string& name);
  // Gives `name` its own satker registry from its next start instead of the cluster's (a node
  // that tells the world another story).
  void SetRegistry(const std::string& name, const std::string& registry_csv);
  // Makes `name` dial `address` ("127.0.0.1:PORT", e.g. a FlakyProxy in front of its upstream)
  // for its upstream from its next start, instead of its upstream node's sync address.
  void SetUpstreamAddress(const std::string& name, const std::string& address);
  // Makes `name` use `other`'s sync port, admin port or data directory from its next start.
  void Share(const std::string& name, const std::string& other, Shared what);
  // SIGTERM and wait; expects a clean exit (SIGKILL after 20 s, failing the test).
  void Stop(const std::string& name);
  // SIGTERM and wait up to `timeout`; the exit code, or nullopt if it still ran (it is then
  // SIGKILLed).
  std::optional<int> StopWithin(const std::string& name, absl::Duration timeout);
  // SIGKILL and wait.
  void Kill(const std::string& name);
  // Gives the node a new, empty data directory (a new disk) for its next start.
  void WipeDisk(const std::string& name);
  // Makes every node log one JSON object per line (--log-format json) from its next start.
  void SetJsonLogs(bool json) { json_logs_ = json; }
  // Where the node's stdout and stderr go, every start appended.
  const std::string& LogPath(const std::string& name) const { return nodes_.at(name).log; }
  // Starts the node under these open-file limits (soft, hard) from its next start, through
  // prlimit(1): a small machine, or a test of running out of descriptors.
  void SetFdLimit(const std::string& name, int soft, int hard);
  // The running node's pid; -1 when it is not running.
  pid_t Pid(const std::string& name) const { return nodes_.at(name).process.pid(); }

  // Runs kinerjactl against the node's admin address.
  CtlResult Ctl(const std::string& name, const std::vector<std::string>& args) const;
  // Starts kinerjactl in the background; returns its pid, which the caller reaps. It dies with
  // the test at the latest.
  pid_t CtlAsync(const std::string& name, const std::vector<std::string>& args) const;

  // Writes a file under the cluster's directory and returns its path.
  std::string WriteFile(const std::string& file_name, const std::string& content) const;

  std::string SyncAddress(const std::string& name) const;
  std::string AdminAddress(const std::string& name) const;
  // The node's HTTP listener (/metrics, /healthz, /readyz).
  std::string HttpAddress(const std::string& name) const;
  const std::string& DataDir(const std::string& name) const { return nodes_.at(name).data_dir; }
  const std::string& cert_dir() const { return cert_dir_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  struct NodeProc {
    std::string satker, role, upstream_name, data_dir, log, registry_path;
    std::string upstream_address;  // "": the upstream node's sync address.
    int sync_port = 0, admin_port = 0, http_port = 0;
    std::vector<std::string> extra_flags;
    int fd_soft = 0, fd_hard = 0;  // 0: inherit the harness's limits.
    testing::Subprocess process;
    int generation = 0;
  };
  // Starts the node's process; returns the offset of its log where this start's lines begin.
  size_t StartProcess(const std::string& name);
  void WaitReady(const std::string& name, size_t log_offset);

  testing::TempDir dir_;
  std::string cert_dir_;
  std::string registry_path_;
  std::map<std::string, NodeProc> nodes_;
  bool json_logs_ = false;
};

// Polls `condition` until it holds or `timeout` passes; returns whether it held.
bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout);

}  // namespace kinerja::e2e

#endif  // KINERJA_TESTS_E2E_CLUSTER_H_
