// The parent end of sync over gRPC: SyncService as a callback-API bidi reactor that feeds a
// SyncEngine. Engine steps (durable applies, change scans) run on a worker, never inside a
// reaction; the reactor reads the next message only when the previous one is handled, so a
// slow disk slows the peer instead of queueing without bound. SyncServiceOptions bounds what
// children may hold: sessions at once, and how long a silent one lasts.
#ifndef KINERJA_DAEMON_SYNC_SYNC_SERVICE_H_
#define KINERJA_DAEMON_SYNC_SYNC_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/runtime/executor.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/sync_engine.h"
#include "daemon/sync/sync_host.h"
#include "daemon/sync/sync_service_options.h"
#include "daemon/tls/peer_identity.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

class SessionWatchdog;

// Serialized bytes of children's messages that all sessions of a service hold received and
// not yet stepped through, against the budget under which sessions may read ahead
// (SyncServiceOptions::read_ahead_bytes). Thread-safe.
class HeldBytes {
 public:
  explicit HeldBytes(size_t read_ahead_bytes) : read_ahead_bytes_(read_ahead_bytes) {}

  void Add(size_t bytes) {
    const size_t held = held_.fetch_add(bytes) + bytes;
    size_t peak = peak_.load();
    while (held > peak && !peak_.compare_exchange_weak(peak, held)) {
    }
  }
  void Remove(size_t bytes) { held_.fetch_sub(bytes); }
  bool MayReadAhead() const { return held_.load() < read_ahead_bytes_; }
  size_t held() const { return held_.load(); }
  size_t peak() const { return peak_.load(); }  // Highest since the service started.

 private:
  const size_t read_ahead_bytes_;
  std::atomic<size_t> held_{0};
  std::atomic<size_t> peak_{0};
};

// Thread-safe: gRPC calls it for many sessions at once; each session's engine steps run one
// at a time on the executor.
class SyncServiceImpl final : public v1::SyncService::CallbackService {
 public:
  // A session whose child sends nothing within `limits.hello_timeout`, or later nothing for
  // `limits.progress_timeout` while this end waits on it, ends with DEADLINE_EXCEEDED: a
  // connection that got through TLS holds no session for free. A session beyond
  // `limits.max_sessions` is refused with RESOURCE_EXHAUSTED. `logger` (default:
  // Logger::Unnamed()) names the node in log lines. REQUIRES: every pointer outlives the
  // service; the server has shut down before the service is destroyed.
  SyncServiceImpl(storage::Replica* replica, std::string self, SyncHost* host, Executor* executor,
                  tls::PeerTrust trust, SyncEngineOptions options,
                  SyncServiceOptions limits = SyncServiceOptions(),
                  const Logger* logger = nullptr);
  ~SyncServiceImpl() override;

  grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage>* Sync(
      grpc::CallbackServerContext* context) override;

  // Children's sessions started and not yet done.
  size_t active_sessions() const { return sessions_.load(); }
  // Serialized bytes of children's messages received and not yet stepped through, now and at
  // most since the service started.
  size_t held_bytes() const { return held_bytes_.held(); }
  size_t held_bytes_peak() const { return held_bytes_.peak(); }

 private:
  storage::Replica* const replica_;
  const std::string self_;
  SyncHost* const host_;
  Executor* const executor_;
  const tls::PeerTrust trust_;
  const SyncEngineOptions options_;
  const SyncServiceOptions limits_;
  std::atomic<size_t> sessions_{0};  // Sessions started and not yet done.
  HeldBytes held_bytes_;
  const std::unique_ptr<SessionWatchdog> watchdog_;
  const Logger* const logger_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SYNC_SERVICE_H_
