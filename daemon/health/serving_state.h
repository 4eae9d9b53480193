// Whether the node serves: one switch behind gRPC health (grpc.health.v1, every listener, for
// "" and each service name) and HTTP /readyz. SERVING once the replica is open and every
// listener is bound; NOT_SERVING from the moment the node starts draining. The upstream's
// reachability plays no part: an office offline is normal, not unhealthy.
#ifndef KINERJA_DAEMON_HEALTH_SERVING_STATE_H_
#define KINERJA_DAEMON_HEALTH_SERVING_STATE_H_

#include <atomic>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/health_check_service_interface.h"

namespace kinerja::daemon {

// Thread-safe.
class ServingState {
 public:
  // Health of `health` (a server's, from EnableDefaultHealthCheckService) follows this state
  // for "" and `services` from now on. REQUIRES: the server outlives this object's use, or
  // is shut down only after SetServing(false).
  void Track(grpc::HealthCheckServiceInterface* health, std::vector<std::string> services);
  // Sets every tracked health service; Watch subscribers are told at once.
  void SetServing(bool serving);
  bool serving() const { return serving_.load(); }

 private:
  struct Tracked {
    grpc::HealthCheckServiceInterface* health;
    std::vector<std::string> services;
  };
  absl::Mutex mu_;
  std::vector<Tracked> tracked_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> serving_{false};
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_HEALTH_SERVING_STATE_H_
