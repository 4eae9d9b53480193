#include "daemon/sync/sync_service.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/grpc_status.h"
#include "daemon/runtime/log.h"

namespace kinerja::daemon {
namespace {
class SyncReactor;
}  // namespace

// Ends sessions whose child has sent nothing within the timeout. Sessions are watched in the
// order they start, which with one timeout is also the order they fall due. Thread-safe.
class HelloWatchdog {
 public:
  explicit HelloWatchdog(absl::Duration timeout);
  ~HelloWatchdog();  // Stops watching; calls no session after it returns.

  absl::Duration timeout() const { return timeout_; }
  // Calls session->HelloTimedOut() once the timeout has passed, unless Forget(session) first.
  void Watch(SyncReactor* session);
  void Forget(SyncReactor* session);

 private:
  void Run();

  struct Entry {
    absl::Time due;
    SyncReactor* session;
  };
  const absl::Duration timeout_;
  absl::Mutex mu_;
  std::deque<Entry> waiting_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

namespace {

// Reads run ahead of the engine: while a worker applies one batch durably, gRPC already
// receives and decodes the next ones (at most kMaxInbox), so disk and CPU overlap. Engine
// steps run one at a time, in arrival order, on the executor.
class SyncReactor final : public grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage> {
 public:
  SyncReactor(storage::Replica* replica, const std::string& self, SyncHost* host,
              Executor* executor, std::string peer, std::unique_ptr<SessionPolicy> policy,
              SyncEngineOptions options, HelloWatchdog* watchdog, const Logger* logger)
      : logger_(logger),
        host_(host),
        executor_(executor),
        watchdog_(watchdog),
        peer_(std::move(peer)),
        policy_(std::move(policy)),
        engine_(replica, SyncEngine::Side::kParent, self, peer_, policy_.get(), options) {
    watchdog_->Watch(this);
    StartRead(&in_);
  }

  // The watchdog holds a reference while it calls HelloTimedOut; gRPC holds one until OnDone.
  void Ref() { refs_.fetch_add(1); }
  void Unref() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  // Called by the watchdog when the timeout has passed: ends the session if the child has
  // sent nothing yet.
  void HelloTimedOut() {
    {
      absl::MutexLock l(&mu_);
      if (heard_ || finishing_) return;
      failed_ = true;  // Anything arriving now is dropped.
    }
    const absl::Status st = absl::DeadlineExceededError(absl::StrCat(
        "no hello from ", peer_, " within ", absl::FormatDuration(watchdog_->timeout())));
    logger_->Warning("sync: ", st.message());
    Conclude(st);
  }

  void OnReadDone(bool ok) override {
    bool start_worker = false;
    bool read_more = false;
    {
      absl::MutexLock l(&mu_);
      if (!ok) {
        // The child closed its side (after our Done) or the link broke.
        read_closed_ = true;
        if (processing_) return;  // The worker concludes once the inbox is drained.
      } else {
        heard_ = true;
        inbox_.push_back(std::move(in_));
        in_.Clear();
        start_worker = !processing_;
        processing_ = processing_ || start_worker;
        read_more = inbox_.size() < kMaxInbox;
        read_paused_ = !read_more;
      }
    }
    if (!ok) {
      Conclude(engine_.done() ? absl::OkStatus()
                              : absl::UnavailableError("the child ended the session early"));
      return;
    }
    if (read_more) StartRead(&in_);
    if (start_worker) executor_->Submit([this] { Drain(); });
  }

  void OnWriteDone(bool ok) override {
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      writing_ = false;
      // A failed write means the link broke; the pending read fails too and concludes.
      if (!ok) outbox_.clear();
      if (!WriteNextLocked(&finish)) return;
    }
    Finish(finish);  // Outside the lock: OnDone may delete this at once.
  }

  void OnDone() override {
    watchdog_->Forget(this);
    Unref();
  }

 private:
  static constexpr size_t kMaxInbox = 8;

  // Runs on a worker: engine steps for every queued message, in order.
  void Drain() {
    for (;;) {
      v1::SyncMessage message;
      bool resume_read = false;
      bool drained_and_closed = false;
      {
        absl::MutexLock l(&mu_);
        if (inbox_.empty() || failed_) {
          processing_ = false;
          if (!read_closed_ || failed_) return;
          drained_and_closed = true;
        } else {
          message = std::move(inbox_.front());
          inbox_.pop_front();
          resume_read = read_paused_;
          read_paused_ = false;
        }
      }
      // An empty message the child sent is the engine's to refuse (INVALID_ARGUMENT); only
      // an empty inbox after the child closed its side ends the session here.
      if (drained_and_closed) {
        Conclude(engine_.done() ? absl::OkStatus()
                                : absl::UnavailableError("the child ended the session early"));
        return;
      }
      if (resume_read) StartRead(&in_);
      auto out = engine_.OnMessage(message);
      if (!out.ok()) {
        {
          absl::MutexLock l(&mu_);
          failed_ = true;  // Whatever else arrives is dropped; no worker starts again.
        }
        Conclude(out.status());
        return;  // Conclude may have finished the call: touch nothing more.
      }
      absl::MutexLock l(&mu_);
      for (auto& m : *out) outbox_.push_back(std::move(m));
      grpc::Status unused;
      WriteNextLocked(&unused);  // Not finishing while a worker runs: never true here.
    }
  }

  // Starts the next write, if any and none is in flight. Returns true when the call should
  // now be finished with *finish (the caller does so after releasing mu_).
  bool WriteNextLocked(grpc::Status* finish) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_) return false;
    if (outbox_.empty()) {
      if (!finishing_ || finished_) return false;
      finished_ = true;
      *finish = final_status_;
      return true;
    }
    current_ = std::move(outbox_.front());
    outbox_.pop_front();
    writing_ = true;
    StartWrite(&current_);
    return false;
  }

  // Ends the session once queued writes are out. The caller must not touch this afterwards.
  // The final status is set together with finishing_: a write completing meanwhile (on
  // another thread) may finish the call at once, and must finish it with this status, not OK.
  void Conclude(const absl::Status& status) {
    {
      absl::MutexLock l(&mu_);
      if (finishing_) return;
      final_status_ = rpc::ToGrpcStatus(status);
      if (!status.ok()) outbox_.clear();
      finishing_ = true;
    }
    host_->SessionEnded(peer_, status, engine_.stats());
    grpc::Status finish;
    {
      absl::MutexLock l(&mu_);
      if (!WriteNextLocked(&finish)) return;
    }
    Finish(finish);
  }

  const Logger* const logger_;
  SyncHost* const host_;
  Executor* const executor_;
  HelloWatchdog* const watchdog_;
  std::atomic<int> refs_{1};
  const std::string peer_;
  const std::unique_ptr<SessionPolicy> policy_;
  SyncEngine engine_;   // Used by one worker at a time (processing_).
  v1::SyncMessage in_;  // Target of the one outstanding read.

  absl::Mutex mu_;
  std::deque<v1::SyncMessage> inbox_ ABSL_GUARDED_BY(mu_);
  bool processing_ ABSL_GUARDED_BY(mu_) = false;   // A worker is draining the inbox.
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;  // Inbox full: no read outstanding.
  bool read_closed_ ABSL_GUARDED_BY(mu_) = false;  // The last read failed: no more input.
  bool failed_ ABSL_GUARDED_BY(mu_) = false;       // The engine failed: ignore the rest.
  bool heard_ ABSL_GUARDED_BY(mu_) = false;        // The child has sent a message.
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
  explicit RefusedReactor(const absl::Status& status) { Finish(rpc::ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

HelloWatchdog::HelloWatchdog(absl::Duration timeout) : timeout_(timeout) {
  thread_ = std::thread([this] { Run(); });
}

HelloWatchdog::~HelloWatchdog() {
  {
    absl::MutexLock l(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void HelloWatchdog::Watch(SyncReactor* session) {
  absl::MutexLock l(&mu_);
  waiting_.push_back({absl::Now() + timeout_, session});
}

void HelloWatchdog::Forget(SyncReactor* session) {
  absl::MutexLock l(&mu_);
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [session](const Entry& e) { return e.session == session; });
  if (it != waiting_.end()) waiting_.erase(it);
}

void HelloWatchdog::Run() {
  mu_.Lock();
  while (!stopping_) {
    if (waiting_.empty()) {
      mu_.Await(absl::Condition(
          +[](HelloWatchdog* w)
               ABSL_NO_THREAD_SAFETY_ANALYSIS { return w->stopping_ || !w->waiting_.empty(); },
          this));
      continue;
    }
    if (absl::Now() < waiting_.front().due) {
      mu_.AwaitWithDeadline(absl::Condition(&stopping_), waiting_.front().due);
      continue;
    }
    // A session in the queue has not had its OnDone (which forgets it first): the reference
    // keeps it alive through the call, made without the lock, as it may finish the call.
    SyncReactor* session = waiting_.front().session;
    waiting_.pop_front();
    session->Ref();
    mu_.Unlock();
    session->HelloTimedOut();
    session->Unref();
    mu_.Lock();
  }
  mu_.Unlock();
}

SyncServiceImpl::SyncServiceImpl(storage::Replica* replica, std::string self, SyncHost* host,
                                 Executor* executor, tls::PeerTrust trust,
                                 SyncEngineOptions options, absl::Duration hello_timeout,
                                 const Logger* logger)
    : replica_(replica),
      self_(std::move(self)),
      host_(host),
      executor_(executor),
      trust_(trust),
      options_(options),
      hello_watchdog_(std::make_unique<HelloWatchdog>(hello_timeout)),
      logger_(logger != nullptr ? logger : &Logger::Unnamed()) {}

SyncServiceImpl::~SyncServiceImpl() = default;

grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage>* SyncServiceImpl::Sync(
    grpc::CallbackServerContext* context) {
  auto peer = tls::PeerSatkerOf(*context, trust_);
  if (!peer.ok()) {
    logger_->Warning("sync refused: ", peer.status().message());
    return new RefusedReactor(peer.status());
  }
  auto policy = host_->PolicyForChild(*peer);
  if (!policy.ok()) {
    host_->SessionEnded(*peer, policy.status(), SyncStats{});
    return new RefusedReactor(policy.status());
  }
  context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  return new SyncReactor(replica_, self_, host_, executor_, *std::move(peer), *std::move(policy),
                         options_, hello_watchdog_.get(), logger_);
}

}  // namespace kinerja::daemon
