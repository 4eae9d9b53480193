#include "daemon/sync/session_policy.h"

#include <optional>
#include <utility>

#include "daemon/authz/authz.h"

namespace kinerja::daemon {

RegistrySessionPolicy::RegistrySessionPolicy(RegistrySource registry, std::string self,
                                             std::string peer, SyncEngine::Side side)
    : registry_(std::move(registry)), self_(std::move(self)), peer_(std::move(peer)), side_(side) {}

RegistrySessionPolicy::RegistrySessionPolicy(std::shared_ptr<const Registry> registry,
                                             std::string self, std::string peer,
                                             SyncEngine::Side side)
    : RegistrySessionPolicy([registry = std::move(registry)] { return registry; }, std::move(self),
                            std::move(peer), side) {}

absl::Status RegistrySessionPolicy::CheckReceived(const v1::Change& change) const {
  return daemon::CheckReceived(*registry_(), self_, peer_, direction(), change);
}

absl::Status RegistrySessionPolicy::CheckCovered(const v1::OriginRange& range) const {
  return CheckReceivedRange(*registry_(), peer_, direction(), range);
}

absl::Status RegistrySessionPolicy::CheckReceivedBatch(const v1::ChangeBatch& batch) const {
  std::shared_ptr<const Registry> registry = registry_();
  for (const v1::Change& c : batch.changes()) {
    if (absl::Status st = daemon::CheckReceived(*registry, self_, peer_, direction(), c);
        !st.ok()) {
      return st;
    }
    // Registry entries are rare (national adds or moves a satker): a copy per entry is fine.
    if (std::optional<v1::Satker> entry = RegistryEntryOf(c)) {
      if (auto next = registry->With(*entry); next.ok()) {
        registry = std::make_shared<const Registry>(*std::move(next));
      }
    }
  }
  for (const v1::OriginRange& r : batch.covered()) {
    if (absl::Status st = CheckReceivedRange(*registry, peer_, direction(), r); !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

storage::ScopeFn RegistrySessionPolicy::PeerScope() const {
  if (side_ == SyncEngine::Side::kChild) return nullptr;  // Upstream takes everything.
  return [registry = registry_(), peer = peer_](const v1::Change& c) {
    return InScope(*registry, peer, c.key());
  };
}

bool RegistrySessionPolicy::SendsOrigin(absl::string_view origin) const {
  if (side_ == SyncEngine::Side::kParent) return true;
  return registry_()->IsSelfOrAncestor(self_, OriginSatker(origin));
}

}  // namespace kinerja::daemon
