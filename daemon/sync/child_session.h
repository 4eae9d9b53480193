// One session of the child end of sync, without its transport: finds the registry parent,
// checks that the upstream that answered is that parent (DESIGN.md, "Authorisation": the child
// checks its parent as the parent checks the child), and runs the SyncEngine with the node's
// session policy. The gRPC loop (UpstreamSyncer) and the simulator's in-memory link both carry
// its messages; neither decides anything about the session itself.
#ifndef KINERJA_DAEMON_SYNC_CHILD_SESSION_H_
#define KINERJA_DAEMON_SYNC_CHILD_SESSION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "daemon/sync/session_policy.h"
#include "daemon/sync/sync_engine.h"
#include "daemon/sync/upstream_link.h"
#include "storage/replica.h"

namespace kinerja::daemon {

// Not thread-safe: one transport drives it.
class ChildSession {
 public:
  // A session of node `self` with its registry parent. FAILED_PRECONDITION if the registry
  // names no parent. REQUIRES: `replica` outlives the session.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ChildSession>> Open(
      storage::Replica* replica, const RegistryFn& registry, const std::string& self,
      const SyncEngineOptions& options);

  const std::string& parent() const { return parent_; }

  // OK if the upstream authenticated as the registry parent; PERMISSION_DENIED otherwise,
  // naming both (`presented` is the satker its certificate names, or why it is unknown).
  // Nothing may be sent before this passed, on a transport that authenticates peers.
  [[nodiscard]] absl::Status CheckParent(const absl::StatusOr<std::string>& presented) const;

  // The engine's side of the session (SyncEngine::Start, OnMessage).
  std::vector<v1::SyncMessage> Start() { return engine_.Start(); }
  [[nodiscard]] absl::StatusOr<std::vector<v1::SyncMessage>> OnMessage(
      const v1::SyncMessage& message) {
    return engine_.OnMessage(message);
  }
  bool done() const { return engine_.done(); }
  const SyncStats& stats() const { return engine_.stats(); }
  const storage::VersionVector& peer_version_vector() const {
    return engine_.peer_version_vector();
  }
  // Whether the session ending with `status` refused something the parent sent (counted in
  // LinkState::refused).
  bool Refused(const absl::Status& status) const {
    return status.code() == absl::StatusCode::kPermissionDenied || engine_.stats().refused;
  }

 private:
  ChildSession(storage::Replica* replica, const RegistryFn& registry, const std::string& self,
               std::string parent, const SyncEngineOptions& options);

  const std::string parent_;
  RegistrySessionPolicy policy_;
  SyncEngine engine_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_CHILD_SESSION_H_
