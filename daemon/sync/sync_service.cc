#include "daemon/sync/sync_service.h"

#include <deque>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "daemon/runtime/log.h"
#include "daemon/sync/grpc_status.h"

namespace kinerja::daemon {
namespace {

class SyncReactor final : public grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage> {
 public:
  SyncReactor(storage::Replica* replica, const std::string& self, SyncHost* host,
              Executor* executor, std::string peer, std::unique_ptr<SessionPolicy> policy,
              SyncEngineOptions options)
      : host_(host),
        executor_(executor),
        peer_(std::move(peer)),
        policy_(std::move(policy)),
        engine_(replica, SyncEngine::Side::kParent, self, peer_, policy_.get(), options) {
    StartRead(&in_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The child closed its side (after our Done) or the link broke.
      Conclude(engine_.done() ? absl::OkStatus()
                              : absl::UnavailableError("the child ended the session early"));
      return;
    }
    executor_->Submit([this] { Handle(); });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock l(&mu_);
    writing_ = false;
    // A failed write means the link broke; the pending read fails too and concludes.
    if (!ok) outbox_.clear();
    WriteNextLocked();
  }

  void OnDone() override { delete this; }

 private:
  // Runs on a worker: one engine step, then queue its output and read on.
  void Handle() {
    auto out = engine_.OnMessage(in_);
    if (!out.ok()) {
      Conclude(out.status());
      return;
    }
    {
      absl::MutexLock l(&mu_);
      for (auto& m : *out) outbox_.push_back(std::move(m));
      WriteNextLocked();
    }
    StartRead(&in_);
  }

  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_) return;
    if (outbox_.empty()) {
      if (finishing_ && !finished_) {
        finished_ = true;
        Finish(final_status_);
      }
      return;
    }
    current_ = std::move(outbox_.front());
    outbox_.pop_front();
    writing_ = true;
    StartWrite(&current_);
  }

  // Ends the session once queued writes are out.
  void Conclude(const absl::Status& status) {
    {
      absl::MutexLock l(&mu_);
      if (finishing_) return;
      finishing_ = true;
    }
    host_->SessionEnded(peer_, status, engine_.stats());
    absl::MutexLock l(&mu_);
    final_status_ = ToGrpcStatus(status);
    if (!status.ok()) outbox_.clear();
    WriteNextLocked();
  }

  SyncHost* const host_;
  Executor* const executor_;
  const std::string peer_;
  const std::unique_ptr<SessionPolicy> policy_;
  SyncEngine engine_;
  v1::SyncMessage in_;

  absl::Mutex mu_;
  std::deque<v1::SyncMessage> outbox_ ABSL_GUARDED_BY(mu_);
  v1::SyncMessage current_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status final_status_ ABSL_GUARDED_BY(mu_);
};

// Ends a call before any session starts.
class RefusedReactor final : public grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage> {
 public:
  explicit RefusedReactor(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

SyncServiceImpl::SyncServiceImpl(storage::Replica* replica, std::string self, SyncHost* host,
                                 Executor* executor, tls::PeerTrust trust,
                                 SyncEngineOptions options)
    : replica_(replica),
      self_(std::move(self)),
      host_(host),
      executor_(executor),
      trust_(trust),
      options_(options) {}

grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage>* SyncServiceImpl::Sync(
    grpc::CallbackServerContext* context) {
  auto peer = tls::PeerSatkerOf(*context, trust_);
  if (!peer.ok()) {
    LogWarning("sync refused: ", peer.status().message());
    return new RefusedReactor(peer.status());
  }
  auto policy = host_->PolicyForChild(*peer);
  if (!policy.ok()) {
    host_->SessionEnded(*peer, policy.status(), SyncStats{});
    return new RefusedReactor(policy.status());
  }
  context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  return new SyncReactor(replica_, self_, host_, executor_, *std::move(peer),
                         *std::move(policy), options_);
}

}  // namespace kinerja::daemon
