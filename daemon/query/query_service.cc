#include "daemon/query/query_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/rpc/grpc_status.h"
#include "daemon/codec/export_file.h"
#include "daemon/rollup/rollup_query.h"
#include "daemon/runtime/offload.h"

namespace kinerja::daemon {
namespace {

constexpr size_t kFeedChunk = 500;  // Rollup changes per streamed message.

// Streams the feed after a cursor; with `follow`, waits for commits and streams on. One step
// runs at a time: a worker read, a write, or a wait on the hub.
class FeedReactor final : public grpc::ServerWriteReactor<v1::WatchRollupsResponse> {
 public:
  FeedReactor(storage::Replica* replica, FeedHub* hub, Executor* executor, uint64_t cursor,
              bool follow)
      : replica_(replica), hub_(hub), executor_(executor), cursor_(cursor), follow_(follow) {
    absl::MutexLock l(&mu_);
    ScheduleLocked();
  }

  void OnWriteDone(bool ok) override {
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      writing_ = false;
      if (ok && !cancelled_) {
        ScheduleLocked();
        return;
      }
      if (!FinishLocked(grpc::Status::CANCELLED, &finish)) return;
    }
    Finish(finish);
  }

  void OnCancel() override {
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      cancelled_ = true;
      // A waiter the hub has not woken yet will never run: finish here. Otherwise the
      // running or woken step sees cancelled_ and finishes.
      if (!waiting_ || !hub_->Remove(wait_token_)) return;
      waiting_ = false;
      if (!FinishLocked(grpc::Status::CANCELLED, &finish)) return;
    }
    Finish(finish);
  }

  void OnDone() override { delete this; }

 private:
  void ScheduleLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    running_ = true;
    executor_->Submit([this] { Step(); });
  }

  // Runs on a worker, one at a time.
  void Step() {
    {
      absl::MutexLock l(&mu_);
      waiting_ = false;
      running_ = true;
    }
    v1::WatchRollupsResponse next;
    absl::Status st = replica_->ReadFeed(cursor_, kFeedChunk, [&](const storage::FeedEntry& e) {
      v1::RollupChange* c = next.add_changes();
      c->set_cursor(e.cursor);
      c->set_row_key(e.row_key);
      if (e.value) {
        c->mutable_row()->ParseFromString(*e.value);
      } else {
        c->set_deleted(true);
      }
    });
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      running_ = false;
      if (cancelled_) {
        if (!FinishLocked(grpc::Status::CANCELLED, &finish)) return;
      } else if (!st.ok()) {
        if (!FinishLocked(rpc::ToGrpcStatus(st), &finish)) return;
      } else if (next.changes_size() > 0) {
        cursor_ = next.changes(next.changes_size() - 1).cursor();
        response_ = std::move(next);
        writing_ = true;
        StartWrite(&response_);
        return;
      } else if (!follow_) {
        if (!FinishLocked(grpc::Status::OK, &finish)) return;
      } else if (hub_->closed()) {
        // Everything up to the head was sent; the follower resumes from its last cursor.
        if (!FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                       "kinerjad is shutting down; resume from the last cursor"),
                          &finish)) {
          return;
        }
      } else {
        // Lock order is reactor, then hub; the wake only schedules a step.
        waiting_ = true;
        wait_token_ = hub_->Wait(cursor_, [this] { executor_->Submit([this] { Step(); }); });
        return;
      }
    }
    Finish(finish);
  }

  bool FinishLocked(const grpc::Status& status, grpc::Status* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_ || running_) return false;
    finished_ = true;
    *out = status;
    return true;
  }

  storage::Replica* const replica_;
  FeedHub* const hub_;
  Executor* const executor_;
  uint64_t cursor_;  // Last cursor sent; touched by one step at a time.
  const bool follow_;
  v1::WatchRollupsResponse response_;

  absl::Mutex mu_;
  bool running_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t wait_token_ ABSL_GUARDED_BY(mu_) = 0;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

class RefusedFeed final : public grpc::ServerWriteReactor<v1::WatchRollupsResponse> {
 public:
  explicit RefusedFeed(const absl::Status& st) { Finish(rpc::ToGrpcStatus(st)); }
  void OnDone() override { delete this; }
};

}  // namespace

QueryServiceImpl::QueryServiceImpl(Node* node, FeedHub* hub, Executor* calls, Executor* feeds,
                                   Access access, tls::PeerTrust trust)
    : node_(node), hub_(hub), executor_(calls), feeds_(feeds), access_(access), trust_(trust) {}

absl::Status QueryServiceImpl::Authorize(grpc::CallbackServerContext* ctx) const {
  if (access_ == Access::kLocal) return absl::OkStatus();
  auto peer = tls::PeerSatkerOf(*ctx, trust_);
  if (!peer.ok()) return peer.status();
  if (!node_->registry()->IsSelfOrAncestor(*peer, node_->node())) {
    return absl::PermissionDeniedError(absl::StrCat(
        "satker ", *peer, " may not query ", node_->node(), ": only it and its ancestors may"));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* QueryServiceImpl::Rollup(grpc::CallbackServerContext* ctx,
                                                   const v1::RollupRequest* req,
                                                   v1::RollupResponse* resp) {
  return Offload(ctx, executor_, Authorize(ctx), resp, [this, req] {
    return rollup::QueryRollup(*node_->replica()->NewReadView(), *node_->registry(), node_->node(),
                               *req);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ReportLkj(grpc::CallbackServerContext* ctx,
                                                      const v1::LkjRequest* req,
                                                      v1::LkjResponse* resp) {
  return Offload(ctx, executor_, Authorize(ctx), resp, [this, req] {
    return rollup::QueryLkj(*node_->replica()->NewReadView(), *node_->registry(), node_->node(),
                            *req);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::Export(grpc::CallbackServerContext* ctx,
                                                   const v1::ExportRequest* req,
                                                   v1::ExportResponse* resp) {
  return Offload(ctx, executor_, Authorize(ctx), resp,
                 [this, req] { return codec::ExportFile(*node_->replica()->NewReadView(), *req); });
}

grpc::ServerWriteReactor<v1::WatchRollupsResponse>* QueryServiceImpl::WatchRollups(
    grpc::CallbackServerContext* ctx, const v1::WatchRollupsRequest* req) {
  if (absl::Status st = Authorize(ctx); !st.ok()) return new RefusedFeed(st);
  return new FeedReactor(node_->replica(), hub_, feeds_, req->cursor(), req->follow());
}

}  // namespace kinerja::daemon
