#include "daemon/admin/backup_reactor.h"

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/rpc/grpc_status.h"

namespace kinerja::daemon {
namespace {

constexpr size_t kPieceBytes = size_t{1} << 20;  // Archive bytes per streamed message.

class BackupReactor final : public grpc::ServerWriteReactor<v1::BackupChunk> {
 public:
  BackupReactor(Node* node, Executor* executor, const AdminBackupOptions* options,
                std::atomic<bool>* running)
      : node_(node), executor_(executor), options_(options), running_(running) {
    absl::MutexLock l(&mu_);
    ScheduleLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock l(&mu_);
    writing_ = false;
    if (!ok) cancelled_ = true;  // The client left: the next step ends the call.
    ScheduleLocked();
  }

  void OnCancel() override {
    absl::MutexLock l(&mu_);
    cancelled_ = true;  // The running step or the pending write finishes.
  }

  void OnDone() override { delete this; }

 private:
  void ScheduleLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    running_step_ = true;
    executor_->Submit([this] { Step(); });
  }

  // Runs on a worker, one at a time: the checkpoint first, then one piece per step.
  void Step() {
    absl::Status st;
    bool more = false;
    bool cancelled = false;
    {
      absl::MutexLock l(&mu_);
      cancelled = cancelled_;
    }
    if (cancelled) {
      st = absl::CancelledError("the client left before the end");
    } else if (snapshot_ == nullptr) {
      start_ = absl::Now();
      absl::StatusOr<std::unique_ptr<BackupSnapshot>> taken =
          BackupSnapshot::Take(node_->replica(), options_->snapshot, start_);
      if (taken.ok()) {
        snapshot_ = *std::move(taken);
      } else {
        st = taken.status();
      }
    }
    if (st.ok()) {
      absl::StatusOr<bool> next = snapshot_->archive().Next(kPieceBytes, piece_.mutable_data());
      if (next.ok()) {
        more = *next;
        if (first_) piece_.set_total_bytes(snapshot_->archive().total_bytes());
      } else {
        st = next.status();
      }
    }
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      running_step_ = false;
      if (cancelled_) {
        st = absl::CancelledError("the client left before the end");
        if (!FinishLocked(grpc::Status::CANCELLED, &finish)) return;
      } else if (!st.ok()) {
        if (!FinishLocked(
                rpc::ToGrpcStatus(absl::Status(st.code(), absl::StrCat("backup: ", st.message()))),
                &finish)) {
          return;
        }
      } else if (more) {
        first_ = false;
        writing_ = true;
        StartWrite(&piece_);
        return;
      } else if (!FinishLocked(grpc::Status::OK, &finish)) {
        return;
      }
    }
    End(st);
    Finish(finish);
  }

  // The stream is over: remove the temporary copy, report and free the node for the next
  // backup.
  void End(const absl::Status& st) {
    const Logger& log = node_->logger();
    const LogFields fields{.component = "backup"};
    if (st.ok()) {
      const v1::BackupManifest& m = snapshot_->manifest();
      const absl::Time now = absl::Now();
      log.Info(fields, "backup: ", m.files_size(), " files, ", snapshot_->archive().total_bytes(),
               " bytes in ", absl::FormatDuration(absl::Trunc(now - start_, absl::Milliseconds(1))),
               " (replica ", m.replica_id(), ", ", m.changes_held(), " changes held)");
      if (options_->on_saved) options_->on_saved(now);
    } else {
      log.Warning(fields, "backup failed: ", st.message());
    }
    snapshot_.reset();
    running_->store(false);
  }

  bool FinishLocked(const grpc::Status& status, grpc::Status* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_ || running_step_) return false;
    finished_ = true;
    *out = status;
    return true;
  }

  Node* const node_;
  Executor* const executor_;
  const AdminBackupOptions* const options_;
  std::atomic<bool>* const running_;
  // Touched by one step at a time (steps and writes alternate).
  std::unique_ptr<BackupSnapshot> snapshot_;
  v1::BackupChunk piece_;
  bool first_ = true;
  absl::Time start_;

  absl::Mutex mu_;
  bool running_step_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

class RefusedBackup final : public grpc::ServerWriteReactor<v1::BackupChunk> {
 public:
  explicit RefusedBackup(const absl::Status& st) { Finish(rpc::ToGrpcStatus(st)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::BackupChunk>* NewBackupReactor(Node* node, Executor* executor,
                                                            const AdminBackupOptions* options,
                                                            std::atomic<bool>* running) {
  if (running->exchange(true)) {
    return new RefusedBackup(absl::FailedPreconditionError(
        "backup: another backup of this node is running; try again when it has ended"));
  }
  return new BackupReactor(node, executor, options, running);
}

}  // namespace kinerja::daemon
