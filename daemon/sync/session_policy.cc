#include "daemon/sync/session_policy.h"

#include <utility>

#include "daemon/authz/authz.h"

namespace kinerja::daemon {

RegistrySessionPolicy::RegistrySessionPolicy(std::shared_ptr<const Registry> registry,
                                             std::string self, std::string peer,
                                             SyncEngine::Side side)
    : registry_(std::move(registry)), self_(std::move(self)), peer_(std::move(peer)), side_(side) {}

absl::Status RegistrySessionPolicy::CheckReceived(const v1::Change& change) const {
  const Direction direction =
      side_ == SyncEngine::Side::kParent ? Direction::kFromChild : Direction::kFromParent;
  return daemon::CheckReceived(*registry_, self_, peer_, direction, change);
}

absl::Status RegistrySessionPolicy::CheckCovered(const v1::OriginRange& range) const {
  const Direction direction =
      side_ == SyncEngine::Side::kParent ? Direction::kFromChild : Direction::kFromParent;
  return CheckReceivedRange(*registry_, peer_, direction, range);
}

storage::ScopeFn RegistrySessionPolicy::PeerScope() const {
  if (side_ == SyncEngine::Side::kChild) return nullptr;  // Upstream takes everything.
  return [registry = registry_, peer = peer_](const v1::Change& c) {
    return InScope(*registry, peer, c.key());
  };
}

bool RegistrySessionPolicy::SendsOrigin(absl::string_view origin) const {
  if (side_ == SyncEngine::Side::kParent) return true;
  return registry_->IsSelfOrAncestor(self_, OriginSatker(origin));
}

}  // namespace kinerja::daemon
