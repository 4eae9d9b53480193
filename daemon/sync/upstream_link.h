// A node's link to its upstream node, as the node sees it: a background loop that it starts,
// stops, pokes when something changed locally and asks for a session now, and what that loop
// knows about the link. The gRPC loop (UpstreamSyncer) is one implementation; a test or an
// in-memory transport can be another. The node never sees the transport.
#ifndef KINERJA_DAEMON_SYNC_UPSTREAM_LINK_H_
#define KINERJA_DAEMON_SYNC_UPSTREAM_LINK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/authz/registry.h"
#include "daemon/sync/sync_engine.h"
#include "storage/replica.h"
#include "storage/version_vector.h"

namespace kinerja::daemon {

// Thread-safe: every method may be called from any thread.
class UpstreamLink {
 public:
  // What the link knows about the upstream.
  struct LinkState {
    bool reachable = false;  // Whether the latest attempt succeeded.
    absl::Time last_success = absl::InfinitePast();
    std::string last_error;              // Of the latest attempt, if it failed.
    storage::VersionVector upstream_vv;  // Upstream's vector as of the latest session.
    uint64_t sessions = 0;               // Successful sessions.
    uint64_t failures = 0;               // Failed attempts.
    uint64_t refused = 0;                // Sessions ended for a change or range the parent
                                         // sent that authorisation or the value check
                                         // refused.
  };

  virtual ~UpstreamLink() = default;

  // Starts syncing in the background: once at start, then whenever poked and periodically.
  virtual void Start() = 0;
  // Stops the background work and waits for it; a session in flight (or waiting for its
  // connection) is cancelled, so this returns promptly even when the upstream does not answer.
  // Pending SyncNow calls return CANCELLED. Idempotent.
  virtual void Stop() = 0;
  // Something changed locally: sync soon (after the current backoff, if any).
  virtual void Poke() = 0;
  // Runs a session now (ignoring backoff) and waits for it. UNAVAILABLE if the upstream
  // cannot be reached, DEADLINE_EXCEEDED if it takes longer than `timeout`.
  [[nodiscard]] virtual absl::StatusOr<SyncStats> SyncNow(absl::Duration timeout) = 0;
  virtual LinkState link_state() const = 0;
};

// The registry as it is now (it changes as registry entries replicate).
using RegistryFn = std::function<std::shared_ptr<const Registry>()>;

// Makes a node's upstream link once the node's replica is open. The link may use `replica`
// and `registry` until it is destroyed; the node destroys it before either.
using UpstreamLinkFactory =
    std::function<std::unique_ptr<UpstreamLink>(storage::Replica* replica, RegistryFn registry)>;

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_UPSTREAM_LINK_H_
