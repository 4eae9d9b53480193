#include "daemon/health/serving_state.h"

#include <utility>

namespace kinerja::daemon {

void ServingState::Track(grpc::HealthCheckServiceInterface* health,
                         std::vector<std::string> services) {
  absl::MutexLock l(&mu_);
  const bool serving = serving_.load();
  health->SetServingStatus(serving);
  for (const std::string& s : services) health->SetServingStatus(s, serving);
  tracked_.push_back({health, std::move(services)});
}

void ServingState::SetServing(bool serving) {
  absl::MutexLock l(&mu_);
  serving_ = serving;
  for (const Tracked& t : tracked_) {
    // The overall status ("") and each service's.
    t.health->SetServingStatus(serving);
    for (const std::string& s : t.services) t.health->SetServingStatus(s, serving);
  }
}

}  // namespace kinerja::daemon
