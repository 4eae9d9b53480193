// The session policy of a node: DESIGN.md's authorisation and scope rules (daemon/authz)
// applied to one sync session with one authenticated peer.
//
// The registry is data: the parent may send a new satker's entry and, in the same batch, a
// note on that satker. So each batch is authorised against the node's registry as it is when
// the batch arrives (not when the session opened), with the registry entries of the batch's
// earlier changes laid over, in batch order (a rule DESIGN.md leaves implicit). An entry that
// would not build (an unknown parent) is not laid over, as the node keeps its registry when a
// committed entry would not build; a removed entry takes effect once the node rebuilds its
// registry after the commit.
#ifndef KINERJA_DAEMON_SYNC_SESSION_POLICY_H_
#define KINERJA_DAEMON_SYNC_SESSION_POLICY_H_

#include <functional>
#include <memory>
#include <string>

#include "daemon/authz/authz.h"
#include "daemon/authz/registry.h"
#include "daemon/sync/sync_engine.h"

namespace kinerja::daemon {

// Thread-compatible: one session uses it from one thread at a time; each check reads the
// registry its source returns at that moment.
class RegistrySessionPolicy final : public SessionPolicy {
 public:
  // The node's current registry; called once per received batch and per scope decision.
  using RegistrySource = std::function<std::shared_ptr<const Registry>()>;

  // `self` is this node's satker; `peer` the authenticated peer's; `side` this node's side.
  RegistrySessionPolicy(RegistrySource registry, std::string self, std::string peer,
                        SyncEngine::Side side);
  // A fixed registry (tests).
  RegistrySessionPolicy(std::shared_ptr<const Registry> registry, std::string self,
                        std::string peer, SyncEngine::Side side);

  [[nodiscard]] absl::Status CheckReceived(const v1::Change& change) const override;
  [[nodiscard]] absl::Status CheckCovered(const v1::OriginRange& range) const override;
  [[nodiscard]] absl::Status CheckReceivedBatch(const v1::ChangeBatch& batch) const override;
  storage::ScopeFn PeerScope() const override;
  bool SendsOrigin(absl::string_view origin) const override;

 private:
  Direction direction() const {
    return side_ == SyncEngine::Side::kParent ? Direction::kFromChild : Direction::kFromParent;
  }

  const RegistrySource registry_;
  const std::string self_;
  const std::string peer_;
  const SyncEngine::Side side_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SESSION_POLICY_H_
