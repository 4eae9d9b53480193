// A Kinerja cluster of real kinerjad processes on 127.0.0.1 for end-to-end tests: free ports,
// a temporary directory, demo certificates (mutual TLS), kinerjactl runs, and clean-up of
// every process it started.
#ifndef KINERJA_TESTS_E2E_CLUSTER_H_
#define KINERJA_TESTS_E2E_CLUSTER_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::e2e {

// What a kinerjactl run printed and how it exited.
struct CtlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class Cluster {
 public:
  // `registry_csv`: content of the satker registry every node is given.
  explicit Cluster(std::string registry_csv);
  ~Cluster();  // SIGKILLs anything still running.
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Declares a node named `name` (a handle; two laptops of one office are two names) with
  // satker `satker`, role and the name of its upstream node ("" for national).
  void Add(const std::string& name, const std::string& satker, const std::string& role,
           const std::string& upstream_name, std::vector<std::string> extra_flags = {});
  // Starts the node and waits until its admin service answers. Its data dir survives restarts.
  void Start(const std::string& name);
  // SIGTERM and wait.
  void Stop(const std::string& name);
  // SIGKILL and wait.
  void Kill(const std::string& name);
  // Gives the node a new, empty data directory (a new disk) for its next start.
  void WipeDisk(const std::string& name);

  // Runs kinerjactl against the node's admin address.
  CtlResult Ctl(const std::string& name, const std::vector<std::string>& args) const;
  // Starts kinerjactl in the background; returns its pid.
  pid_t CtlAsync(const std::string& name, const std::vector<std::string>& args) const;

  // Writes a file under the cluster's directory and returns its path.
  std::string WriteFile(const std::string& file_name, const std::string& content) const;

  std::string SyncAddress(const std::string& name) const;
  std::string AdminAddress(const std::string& name) const;
  const std::string& cert_dir() const { return cert_dir_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  struct NodeProc {
    std::string satker, role, upstream_name, data_dir, log;
    int sync_port = 0, admin_port = 0;
    std::vector<std::string> extra_flags;
    pid_t pid = -1;
    int generation = 0;
  };
  void WaitReady(const std::string& name);

  testing::TempDir dir_;
  std::string cert_dir_;
  std::string registry_path_;
  std::map<std::string, NodeProc> nodes_;
};

// Polls `condition` until it holds or `timeout` passes; returns whether it held.
bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout);

}  // namespace kinerja::e2e

#endif  // KINERJA_TESTS_E2E_CLUSTER_H_
