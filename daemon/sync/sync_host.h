// What the parent end of sync needs from its node, whatever the transport: a policy for each
// child that opens a session, and word of how each session ended.
#ifndef KINERJA_DAEMON_SYNC_SYNC_HOST_H_
#define KINERJA_DAEMON_SYNC_SYNC_HOST_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "daemon/sync/sync_engine.h"

namespace kinerja::daemon {

// Thread-safe: sessions of several children call it concurrently.
class SyncHost {
 public:
  virtual ~SyncHost() = default;
  // A policy for a session with the authenticated `peer`; PERMISSION_DENIED if the peer is
  // not a child of this node.
  [[nodiscard]] virtual absl::StatusOr<std::unique_ptr<SessionPolicy>> PolicyForChild(
      const std::string& peer) = 0;
  // Called once per session when it ends, with its outcome.
  virtual void SessionEnded(const std::string& peer, const absl::Status& status,
                            const SyncStats& stats) = 0;
  // Called once per session that got past the hello, just before SessionEnded, with the
  // peer's vector as last known (its hello, raised by its acks). Default: ignored.
  virtual void SessionPeerVector(const std::string& peer, const storage::VersionVector& vv) {}
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SYNC_HOST_H_
