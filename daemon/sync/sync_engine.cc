#include "daemon/sync/sync_engine.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/file_codec.h"
#include "daemon/sync/received_value.h"

namespace kinerja::daemon {
namespace {


}  // namespace

const char* SyncMessageKindName(const v1::SyncMessage& m) {
  switch (m.kind_case()) {
    case v1::SyncMessage::kHello:
      return "hello";
    case v1::SyncMessage::kBatch:
      return "batch";
    case v1::SyncMessage::kAck:
      return "ack";
    case v1::SyncMessage::kDone:
      return "done";
    case v1::SyncMessage::KIND_NOT_SET:
      break;
  }
  return "empty message";
}

SyncEngine::SyncEngine(storage::Replica* replica, Side side, std::string self_node,
                       std::string expected_peer, const SessionPolicy* policy,
                       SyncEngineOptions options)
    : replica_(replica),
      side_(side),
      self_node_(std::move(self_node)),
      expected_peer_(std::move(expected_peer)),
      policy_(policy),
      options_(options) {}

v1::SyncMessage SyncEngine::Hello() const {
  v1::SyncMessage m;
  auto* hello = m.mutable_hello();
  hello->set_node(self_node_);
  hello->set_replica_id(replica_->replica_id());
  *hello->mutable_version_vector() = replica_->version_vector().ToProto();
  hello->set_protocol_version(kSyncProtocolVersion);
  hello->set_software_version(KINERJA_VERSION);
  if (side_ == Side::kParent && !peer_replica_id_.empty()) {
    const uint64_t seq = replica_->accounted(peer_replica_id_);
    auto tip = seq == 0 ? absl::StatusOr<std::optional<v1::Change>>(std::nullopt)
                        : replica_->GetChange(peer_replica_id_, seq);
    if (tip.ok() && tip->has_value()) hello->set_child_origin_tip_hlc((*tip)->hlc());
  }
  return m;
}

std::vector<v1::SyncMessage> SyncEngine::Start() {
  std::vector<v1::SyncMessage> out;
  if (side_ == Side::kChild) out.push_back(Hello());
  return out;
}

bool SyncEngine::Sending() const {
  return (side_ == Side::kChild && state_ == State::kUploading) ||
         (side_ == Side::kParent && state_ == State::kDownloading);
}

bool SyncEngine::Receiving() const {
  return (side_ == Side::kParent && state_ == State::kAwaitUpload) ||
         (side_ == Side::kChild && (state_ == State::kUploading || state_ == State::kAwaitUpload));
}

absl::StatusOr<std::vector<v1::SyncMessage>> SyncEngine::OnMessage(const v1::SyncMessage& message) {
  std::vector<v1::SyncMessage> out;
  absl::Status st;
  if (state_ == State::kDone || state_ == State::kFailed) {
    st = absl::InvalidArgumentError(
        absl::StrCat("unexpected ", SyncMessageKindName(message), " after the session ended"));
  } else {
    switch (message.kind_case()) {
      case v1::SyncMessage::kHello:
        st = HandleHello(message.hello(), &out);
        break;
      case v1::SyncMessage::kBatch:
        st = HandleBatch(message.batch(), &out);
        break;
      case v1::SyncMessage::kAck:
        st = HandleAck(message.ack(), &out);
        break;
      case v1::SyncMessage::kDone:
        st = HandleDone(&out);
        break;
      case v1::SyncMessage::KIND_NOT_SET:
        st = absl::InvalidArgumentError("empty sync message");
        break;
    }
  }
  if (!st.ok()) {
    state_ = State::kFailed;
    return st;
  }
  return out;
}

absl::Status SyncEngine::HandleHello(const v1::SyncHello& hello,
                                     std::vector<v1::SyncMessage>* out) {
  if (state_ != State::kAwaitHello) return absl::InvalidArgumentError("a second hello");
  stats_.peer_protocol_version = hello.protocol_version();
  stats_.peer_software_version = hello.software_version();
  if (hello.protocol_version() != kSyncProtocolVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "unsupported sync protocol version: ", hello.node().empty() ? "the peer" : hello.node(),
        " speaks version ", hello.protocol_version(), ", this node (", self_node_,
        ") speaks version ", kSyncProtocolVersion, "; upgrade the older of the two"));
  }
  if (!expected_peer_.empty() && hello.node() != expected_peer_) {
    return absl::PermissionDeniedError(
        absl::StrCat("peer authenticated as ", expected_peer_, " says it is ", hello.node()));
  }
  if (absl::Status st = CheckHelloReplicaId(hello); !st.ok()) return st;
  peer_vv_ = storage::VersionVector::FromProto(hello.version_vector());
  peer_replica_id_ = hello.replica_id();
  if (absl::Status st = CheckOwnOrigin(hello.child_origin_tip_hlc()); !st.ok()) return st;
  if (side_ == Side::kParent) {
    out->push_back(Hello());
    state_ = State::kAwaitUpload;
    return absl::OkStatus();
  }
  state_ = State::kUploading;
  // Upstream is unscoped; origins the parent would refuse are left out whole (no ranges), by
  // starting the cursor for them at our own vector.
  storage::VersionVector from = peer_vv_;
  const storage::VersionVector mine = replica_->version_vector();
  for (const auto& [origin, seq] : mine.entries()) {
    if (!policy_->SendsOrigin(origin)) from.Raise(origin, seq);
  }
  cursor_ = replica_->NewChangeCursor(from, nullptr);
  return FillWindow(out);
}

absl::Status SyncEngine::CheckHelloReplicaId(const v1::SyncHello& hello) const {
  if (expected_peer_.empty()) return absl::OkStatus();
  if (!IsReplicaId(hello.replica_id()) || OriginSatker(hello.replica_id()) != expected_peer_) {
    return absl::PermissionDeniedError(absl::StrCat("peer authenticated as ", expected_peer_,
                                                    " says its replica is \"", hello.replica_id(),
                                                    "\": not a replica id of ", expected_peer_));
  }
  return absl::OkStatus();
}

absl::Status SyncEngine::FillWindow(std::vector<v1::SyncMessage>* out) {
  while (!cursor_->done() && in_flight_ < options_.window) {
    v1::SyncMessage m;
    v1::SyncBatch* batch = m.mutable_batch();
    if (absl::Status st = cursor_->Next(options_.max_batch_changes, options_.max_batch_bytes,
                                        batch->mutable_batch());
        !st.ok()) {
      return st;
    }
    if (batch->batch().changes_size() == 0 && batch->batch().covered_size() == 0) continue;
    batch->set_batch_no(next_send_no_++);
    ++in_flight_;
    ++stats_.sent_batches;
    stats_.sent_changes += batch->batch().changes_size();
    stats_.sent_bytes += batch->batch().ByteSizeLong();
    out->push_back(std::move(m));
  }
  if (cursor_->done() && !sent_done_) {
    v1::SyncMessage m;
    m.mutable_done()->set_batches(stats_.sent_batches);
    m.mutable_done()->set_changes(stats_.sent_changes);
    out->push_back(std::move(m));
    sent_done_ = true;
    if (side_ == Side::kChild) state_ = State::kAwaitUpload;  // Now waiting for the download.
  }
  if (side_ == Side::kParent && sent_done_ && in_flight_ == 0) state_ = State::kDone;
  return absl::OkStatus();
}

absl::Status SyncEngine::HandleBatch(const v1::SyncBatch& batch,
                                     std::vector<v1::SyncMessage>* out) {
  if (!Receiving()) return absl::InvalidArgumentError("unexpected batch");
  if (batch.batch_no() != next_receive_no_) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected batch ", next_receive_no_, ", received batch ", batch.batch_no()));
  }
  if (absl::Status st = CheckBatch(batch.batch()); !st.ok()) {
    stats_.refused = st.code() == absl::StatusCode::kPermissionDenied ||
                     st.code() == absl::StatusCode::kInvalidArgument;
    return st;
  }
  auto applied = replica_->Apply(batch.batch());
  if (!applied.ok()) {
    // The replica refuses a change for its content too (a key, author or encoding over the
    // limits; a sum that would pass int64): a refusal like the checks above.
    stats_.refused = applied.status().code() == absl::StatusCode::kInvalidArgument;
    return applied.status();
  }
  // The sender holds what it sent (vectors are dense): never send it back (a child's uploads
  // of this session are not in the vector of its hello).
  for (const v1::Change& c : batch.batch().changes()) peer_vv_.Raise(c.origin(), c.seq());
  ++next_receive_no_;
  ++stats_.received_batches;
  stats_.received_changes += applied->applied;
  stats_.received_duplicates += applied->duplicates;
  stats_.received_bytes += batch.batch().ByteSizeLong();

  v1::SyncMessage m;
  v1::SyncAck* ack = m.mutable_ack();
  ack->set_batch_no(batch.batch_no());
  ack->set_applied(applied->applied);
  ack->set_duplicates(applied->duplicates);
  // The receiver's vector for the origins this batch covered (a batch names few origins; the
  // whole vector can have thousands).
  storage::VersionVector touched;
  auto add = [&](const std::string& origin) {
    if (touched.Get(origin) == 0) touched.Set(origin, replica_->accounted(origin));
  };
  for (const v1::OriginRange& r : batch.batch().covered()) add(r.origin());
  for (const v1::Change& c : batch.batch().changes()) add(c.origin());
  *ack->mutable_version_vector() = touched.ToProto();
  out->push_back(std::move(m));
  return absl::OkStatus();
}

absl::Status SyncEngine::CheckBatch(const v1::ChangeBatch& batch) const {
  const v1::Change* previous = nullptr;
  for (const v1::Change& c : batch.changes()) {
    if (previous != nullptr &&
        std::make_pair(absl::string_view(previous->origin()), previous->seq()) >=
            std::make_pair(absl::string_view(c.origin()), c.seq())) {
      return absl::InvalidArgumentError(
          absl::StrCat("change ", c.origin(), "#", c.seq(), " follows ", previous->origin(), "#",
                       previous->seq(), ": not in (origin, seq) order"));
    }
    previous = &c;
  }
  if (absl::Status st = policy_->CheckReceivedBatch(batch); !st.ok()) return st;
  for (const v1::Change& c : batch.changes()) {
    if (absl::Status st = CheckValueIsKeys(c, codec::CodecTable::BuiltIn()); !st.ok()) return st;
  }
  if (absl::Status st = CheckOwnOriginChanges(batch); !st.ok()) return st;
  return CheckRangeReach(batch);
}

absl::Status SyncEngine::CheckOwnOriginChanges(const v1::ChangeBatch& batch) const {
  // Only this replica writes its origin. A peer sending one of its changes (an echo) must
  // send it as written; one it never wrote, or with another HLC, means the peer holds more of
  // its origin than it does (DESIGN.md, "Own origin never regresses"): applying it would let
  // a forged change take the seq of the next real write, so the batch is refused like a
  // regressed log, and from the upstream writing stops.
  for (const v1::Change& c : batch.changes()) {
    if (c.origin() != replica_->replica_id()) continue;
    if (absl::Status st = replica_->CheckOwnOrigin(
            expected_peer_.empty() ? self_node_ + "'s peer" : expected_peer_, c.seq(), c.hlc(),
            /*stop_writing=*/side_ == Side::kChild);
        !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

absl::Status SyncEngine::CheckRangeReach(const v1::ChangeBatch& batch) const {
  if (batch.covered_size() == 0) return absl::OkStatus();
  // Which ranges may not pass over a seq: all of a child's (upstream is unscoped); of a
  // parent's, those of origins in this node's subtree (its own satker's and, at a hub, its
  // offices'), whose every change is in this node's scope: a range there could only hide
  // changes, or push the node's own origin past its log.
  auto checked = [&](const v1::OriginRange& r) {
    return side_ == Side::kParent || policy_->SendsOrigin(r.origin());
  };
  // Per origin, the highest seq held contiguously once the batch's changes (in order) apply.
  absl::flat_hash_map<absl::string_view, uint64_t> reach;
  for (const v1::OriginRange& r : batch.covered()) {
    if (checked(r)) reach.emplace(r.origin(), 0);
  }
  if (reach.empty()) return absl::OkStatus();
  for (auto& [origin, seq] : reach) seq = replica_->accounted(origin);
  for (const v1::Change& c : batch.changes()) {
    auto it = reach.find(c.origin());
    if (it != reach.end() && c.seq() == it->second + 1) it->second = c.seq();
  }
  for (const v1::OriginRange& r : batch.covered()) {
    if (!checked(r)) continue;
    const uint64_t held = reach[r.origin()];
    if (r.last() > held) {
      return absl::PermissionDeniedError(absl::StrCat(
          "range of origin ", r.origin(), " [", r.first(), ", ", r.last(), "] from ",
          expected_peer_, ": passes over seqs ", held + 1, " to ", r.last(),
          side_ == Side::kParent ? " it does not send (upstream is unscoped)"
                                 : " of this node's subtree, all of which are in its scope"));
    }
  }
  return absl::OkStatus();
}

absl::Status SyncEngine::HandleAck(const v1::SyncAck& ack, std::vector<v1::SyncMessage>* out) {
  if (!Sending() && !(side_ == Side::kChild && state_ == State::kAwaitUpload && in_flight_ > 0)) {
    return absl::InvalidArgumentError("unexpected ack");
  }
  if (in_flight_ == 0 || ack.batch_no() != next_send_no_ - in_flight_) {
    return absl::InvalidArgumentError(
        absl::StrCat("ack for batch ", ack.batch_no(), " was not expected"));
  }
  --in_flight_;
  for (const auto& e : ack.version_vector().entries()) peer_vv_.Raise(e.origin(), e.seq());
  if (absl::Status st = CheckOwnOrigin(); !st.ok()) return st;
  if (cursor_ != nullptr && Sending()) return FillWindow(out);
  return absl::OkStatus();
}

absl::Status SyncEngine::CheckOwnOrigin(uint64_t peer_tip_hlc) {
  // Only the upstream's word stops writing (storage::Replica::CheckOwnOrigin).
  return replica_->CheckOwnOrigin(expected_peer_.empty() ? self_node_ + "'s peer" : expected_peer_,
                                  peer_vv_.Get(replica_->replica_id()), peer_tip_hlc,
                                  /*stop_writing=*/side_ == Side::kChild);
}

absl::Status SyncEngine::HandleDone(std::vector<v1::SyncMessage>* out) {
  if (side_ == Side::kParent) {
    if (state_ != State::kAwaitUpload) return absl::InvalidArgumentError("unexpected done");
    state_ = State::kDownloading;
    cursor_ = replica_->NewChangeCursor(peer_vv_, policy_->PeerScope());
    sent_done_ = false;
    return FillWindow(out);
  }
  if (state_ != State::kAwaitUpload || in_flight_ != 0) {
    return absl::InvalidArgumentError("done before every uploaded batch was acknowledged");
  }
  state_ = State::kDone;
  return absl::OkStatus();
}

}  // namespace kinerja::daemon
