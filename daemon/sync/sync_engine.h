// The sync session as a transport-agnostic state machine (DESIGN.md, "Session" and "Seams"):
// it consumes the peer's messages and yields the messages to send, applying received batches
// durably before acknowledging them. gRPC is one adapter (sync_service, upstream_syncer);
// tests drive two engines directly over an in-memory transport.
//
// Protocol, child (the dialling node) and parent:
//   child  -> Hello(vv)             parent -> Hello(vv)
//   child  -> Batch 1..n (window)   parent -> Ack per batch, after a durable apply
//   child  -> Done                  parent -> Batch 1..m within the child's scope (window)
//   child  -> Ack per batch         parent -> Done
// The child is done when it has the parent's Done; the parent when every batch it sent is
// acknowledged. An error ends the session; nothing of the failing batch is applied.
#ifndef KINERJA_DAEMON_SYNC_SYNC_ENGINE_H_
#define KINERJA_DAEMON_SYNC_SYNC_ENGINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "daemon/sync/sync_engine_options.h"
#include "kinerja/v1/sync.pb.h"
#include "storage/replica.h"
#include "storage/version_vector.h"

namespace kinerja::daemon {

// What a session moved.
// The sync protocol version this build speaks, sent in every hello. A peer's hello with
// another version ends the session with FAILED_PRECONDITION naming both versions. Fields a
// newer version adds to a Change's value or record travel as unknown protobuf fields, which
// every node stores and forwards byte for byte (the value is opaque bytes on the wire).
inline constexpr uint32_t kSyncProtocolVersion = 1;

struct SyncStats {
  uint64_t sent_changes = 0;
  uint64_t sent_batches = 0;
  uint64_t received_changes = 0;     // Newly held.
  uint64_t received_duplicates = 0;  // Already held.
  uint64_t received_batches = 0;
  uint64_t sent_bytes = 0;      // Encoded size of the batches sent.
  uint64_t received_bytes = 0;  // Encoded size of the batches received and applied.
  // Whether the session ended refusing a batch the peer sent, before applying it: a change
  // or range authorisation refused, a value that is not its key's record, changes out of
  // (origin, seq) order. Counted in `status` as a refusal.
  bool refused = false;
  // How long the session ran; set by the transport adapter (the engine has no clock), for
  // the session's log line. Default: zero.
  absl::Duration elapsed = absl::ZeroDuration();
  // The protocol version the peer's hello named (also when it was refused); 0 before a hello.
  uint32_t peer_protocol_version = 0;
  // The software version the peer's hello named ("" if none).
  std::string peer_software_version;
  // The session's id at this end (daemon/runtime/session_id.h), for the `session` key of its
  // log lines; set by the transport adapter. Default: empty (no id).
  std::string session;
};

// "hello", "batch", "ack", "done" or "empty message": what a message is, for errors and traces.
const char* SyncMessageKindName(const v1::SyncMessage& message);

// Decides, for one session, what may be received and what the peer may be sent.
// Implementations are called from the session's thread only (thread-compatible).
class SessionPolicy {
 public:
  virtual ~SessionPolicy() = default;
  // OK, or PERMISSION_DENIED naming the change, for a change received from the peer.
  [[nodiscard]] virtual absl::Status CheckReceived(const v1::Change& change) const = 0;
  // OK, or PERMISSION_DENIED naming the origin and range, for a covered range received from
  // the peer, checked as a change of its origin would be.
  [[nodiscard]] virtual absl::Status CheckCovered(const v1::OriginRange& range) const = 0;
  // Checks a received batch's changes in batch order and then its ranges: OK or the first
  // refusal. The default checks each with CheckReceived and CheckCovered; a policy whose
  // rules depend on the data (the registry) checks each change against the state the
  // batch's earlier changes leave.
  [[nodiscard]] virtual absl::Status CheckReceivedBatch(const v1::ChangeBatch& batch) const {
    for (const v1::Change& c : batch.changes()) {
      if (absl::Status st = CheckReceived(c); !st.ok()) return st;
    }
    for (const v1::OriginRange& r : batch.covered()) {
      if (absl::Status st = CheckCovered(r); !st.ok()) return st;
    }
    return absl::OkStatus();
  }
  // Whether the peer may be sent `change` (null function: everything).
  virtual storage::ScopeFn PeerScope() const = 0;
  // Whether changes of `origin` go to the peer at all. A child sends up only its subtree's
  // changes: anything else came from its parent, which would refuse it back.
  virtual bool SendsOrigin(absl::string_view origin) const = 0;
};

// Thread-compatible: one session, driven by one caller at a time (the gRPC adapters run its
// steps one after another; the simulator from its single thread). Its replica is thread-safe.
class SyncEngine {
 public:
  enum class Side { kChild, kParent };

  // REQUIRES: `replica` and `policy` outlive the engine. `expected_peer` is the peer's
  // authenticated satker code; a Hello naming another node, or a replica id that is not one of
  // `expected_peer`'s, is refused.
  SyncEngine(storage::Replica* replica, Side side, std::string self_node, std::string expected_peer,
             const SessionPolicy* policy, SyncEngineOptions options);

  // Messages to send when the session opens (the child's Hello; nothing for the parent).
  std::vector<v1::SyncMessage> Start();

  // Handles one message from the peer and returns what to send, in order. Errors:
  // PERMISSION_DENIED (a refused change or range), FAILED_PRECONDITION (a gap),
  // INVALID_ARGUMENT (a malformed or unexpected message, changes of a batch out of (origin,
  // seq) order, a value that is not the record its key names), FAILED_PRECONDITION (also when
  // the peer's Hello or ack shows it holding more of this replica's own origin than the
  // replica does: its log went back; the replica then refuses to write, see
  // Replica::CheckOwnOrigin). After an error the session is
  // over and nothing of the failing batch is applied.
  //
  // Every received batch passes, before anything of it is applied: (origin, seq) order of its
  // changes; the policy's CheckReceived and the value check (received_value.h) for every
  // change; the policy's CheckCovered for every range. A parent also refuses a child's range
  // that passes over a seq: upstream is unscoped, so a child accounts only for what it sends.
  // Its range for an origin may reach no further than the contiguous seqs of that origin this
  // node holds once the batch's changes are applied (DESIGN.md, "ranges are changes too"). A
  // child refuses the same of a parent's range of an origin of its own satker: all of such an
  // origin's changes are in its scope, so the parent has nothing to account for out of it.
  [[nodiscard]] absl::StatusOr<std::vector<v1::SyncMessage>> OnMessage(
      const v1::SyncMessage& message);

  // Whether this side has finished its part of the session successfully.
  bool done() const { return state_ == State::kDone; }
  const SyncStats& stats() const { return stats_; }
  // The peer's vector as last known (Hello, then raised by its acks).
  const storage::VersionVector& peer_version_vector() const { return peer_vv_; }
  const std::string& peer_replica_id() const { return peer_replica_id_; }

 private:
  enum class State { kAwaitHello, kUploading, kAwaitUpload, kDownloading, kDone, kFailed };

  [[nodiscard]] absl::Status HandleHello(const v1::SyncHello& hello,
                                         std::vector<v1::SyncMessage>* out);
  // The hello's replica id is a claim like any other: it must be a replica id
  // ("<satker>.<incarnation>") of the authenticated peer's satker (PERMISSION_DENIED).
  [[nodiscard]] absl::Status CheckHelloReplicaId(const v1::SyncHello& hello) const;
  [[nodiscard]] absl::Status HandleBatch(const v1::SyncBatch& batch,
                                         std::vector<v1::SyncMessage>* out);
  // The checks of a received batch before it is applied (see OnMessage).
  [[nodiscard]] absl::Status CheckBatch(const v1::ChangeBatch& batch) const;
  // Refuses a change of this replica's own origin that it did not write as sent.
  [[nodiscard]] absl::Status CheckOwnOriginChanges(const v1::ChangeBatch& batch) const;
  // Ranges against the seqs the batch actually sends: every range of a child (received by the
  // parent), and a parent's ranges of this node's own satker's origins.
  [[nodiscard]] absl::Status CheckRangeReach(const v1::ChangeBatch& batch) const;
  [[nodiscard]] absl::Status HandleAck(const v1::SyncAck& ack, std::vector<v1::SyncMessage>* out);
  [[nodiscard]] absl::Status HandleDone(std::vector<v1::SyncMessage>* out);
  // DESIGN.md, "Own origin never regresses": FAILED_PRECONDITION naming both seqs when the
  // peer's vector (from its Hello, raised by its acks) holds more of this replica's own origin
  // than the replica does, or (`peer_tip_hlc`, from a parent's Hello) holds its last seq with
  // other content; checked before anything is applied or sent. Writing stops for good only on
  // the upstream's word; a child's claim refuses its session.
  [[nodiscard]] absl::Status CheckOwnOrigin(uint64_t peer_tip_hlc = 0);
  // Sends batches from the cursor while the window allows; then Done once.
  [[nodiscard]] absl::Status FillWindow(std::vector<v1::SyncMessage>* out);
  bool Sending() const;
  bool Receiving() const;
  v1::SyncMessage Hello() const;

  storage::Replica* const replica_;
  const Side side_;
  const std::string self_node_;
  const std::string expected_peer_;
  const SessionPolicy* const policy_;
  const SyncEngineOptions options_;

  State state_ = State::kAwaitHello;
  storage::VersionVector peer_vv_;
  std::string peer_replica_id_;
  std::unique_ptr<storage::ChangeCursor> cursor_;
  bool sent_done_ = false;
  uint64_t in_flight_ = 0;
  uint64_t next_send_no_ = 1;
  uint64_t next_receive_no_ = 1;
  SyncStats stats_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_SYNC_SYNC_ENGINE_H_
