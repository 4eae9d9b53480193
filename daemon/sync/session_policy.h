// The session policy of a node: DESIGN.md's authorisation and scope rules (daemon/authz)
// applied to one sync session with one authenticated peer.
#ifndef KINERJA_DAEMON_SYNC_SESSION_POLICY_H_
#define KINERJA_DAEMON_SYNC_SESSION_POLICY_H_

#include <memory>
#include <string>

#include "daemon/authz/registry.h"
#include "daemon/sync/sync_engine.h"

namespace kinerja::daemon {

class RegistrySessionPolicy final : public SessionPolicy {
 public:
  // `self` is this node's satker; `peer` the authenticated peer's; `side` this node's side.
  RegistrySessionPolicy(std::shared_ptr<const Registry> registry, std::string self,
                        std::string peer, SyncEngine::Side side);

  absl::Status CheckReceived(const v1::Change& change) const override;
  absl::Status CheckCovered(const v1::OriginRange& range) const override;
  storage::ScopeFn PeerScope() const override;
  bool SendsOrigin(absl::string_view origin) const override;

 private:
  const std::shared_ptr<const Registry> registry_;
  const std::string self_;
  const std::string peer_;
  const SyncEngine::Side side_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SESSION_POLICY_H_
