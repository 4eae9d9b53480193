// Configurations and command lines for the config tests.
#ifndef KINERJA_TESTS_DAEMON_CONFIG_CONFIG_TEST_UTIL_H_
#define KINERJA_TESTS_DAEMON_CONFIG_CONFIG_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "kinerja/v1/config.pb.h"

namespace kinerja::config::testing {

// A complete, valid office configuration, defaults included. Its TLS files are never read;
// its registry is a readable empty file, as validation checks only that it can be read.
inline v1::NodeConfig ValidOffice() {
  v1::NodeConfig config;
  config.set_node("3604");
  config.set_role(v1::ROLE_OFFICE);
  config.set_listen("127.0.0.1:7400");
  config.set_admin_listen("127.0.0.1:7401");
  config.set_data_dir("/var/lib/kinerja");
  config.set_upstream("10.0.0.5:7400");
  config.set_registry("/dev/null");
  config.mutable_tls()->set_cert("3604.pem");
  config.mutable_tls()->set_key("3604.key");
  config.mutable_tls()->set_ca("ca.pem");
  config.set_max_clock_skew_seconds(3600);
  v1::SyncLimits* sync = config.mutable_sync();
  sync->set_max_batch_changes(1000);
  sync->set_max_batch_bytes(1 << 20);
  sync->set_max_message_bytes(8 << 20);
  sync->set_initial_backoff_ms(500);
  sync->set_max_backoff_ms(60000);
  sync->set_interval_ms(5000);
  sync->set_window(8);
  return config;
}

// A command line: "kinerjad" followed by `args`.
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : args_(std::move(args)) {
    args_.insert(args_.begin(), "kinerjad");
    for (const std::string& arg : args_) pointers_.push_back(arg.c_str());
  }
  Argv(const Argv&) = delete;
  Argv& operator=(const Argv&) = delete;

  int argc() const { return static_cast<int>(pointers_.size()); }
  const char* const* argv() const { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<const char*> pointers_;
};

}  // namespace kinerja::config::testing

#endif  // KINERJA_TESTS_DAEMON_CONFIG_CONFIG_TEST_UTIL_H_
