#include "daemon/sync/sync_service.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/grpc_status.h"
#include "daemon/runtime/log.h"
#include "daemon/runtime/session_id.h"

namespace kinerja::daemon {
namespace {
class SyncReactor;
}  // namespace

// Calls each watched session's Due() at the time it asked for; a session re-arms itself from
// Due() when it has made progress meanwhile. Thread-safe.
class SessionWatchdog {
 public:
  SessionWatchdog();
  ~SessionWatchdog();  // Stops watching; calls no session after it returns.

  // Calls session->Due() at `due`, replacing any earlier time for it, unless Forget(session)
  // comes first.
  void Watch(SyncReactor* session, absl::Time due);
  void Forget(SyncReactor* session);

 private:
  void Run();
  void EraseLocked(SyncReactor* session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  using Queue = std::multimap<absl::Time, SyncReactor*>;
  absl::Mutex mu_;
  Queue waiting_ ABSL_GUARDED_BY(mu_);  // By due time.
  absl::flat_hash_map<SyncReactor*, Queue::iterator> index_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t front_changes_ ABSL_GUARDED_BY(mu_) = 0;  // Times an entry became the earliest.
  uint64_t awaited_front_changes_ ABSL_GUARDED_BY(mu_) = 0;  // As Run last saw it.
  std::thread thread_;
};

namespace {

// Reads run ahead of the engine: while a worker applies one batch durably, gRPC already
// receives and decodes the next ones (at most kMaxInbox), so disk and CPU overlap. Engine
// steps run one at a time, in arrival order, on the executor. Reading ahead stops while all
// sessions together hold more than limits.read_ahead_bytes of decoded messages: a session
// then reads its next message only once it has stepped through what it holds, so many
// sessions sending at once hold one batch each (the rest waits, compressed, in gRPC's
// flow-controlled buffers).
class SyncReactor final : public grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage> {
 public:
  SyncReactor(storage::Replica* replica, const std::string& self, SyncHost* host,
              Executor* executor, std::string peer, std::unique_ptr<SessionPolicy> policy,
              SyncEngineOptions options, const SyncServiceOptions& limits,
              SessionWatchdog* watchdog, std::atomic<size_t>* sessions,
              HeldBytes* held_bytes, const Logger* logger)
      : logger_(logger),
        host_(host),
        executor_(executor),
        watchdog_(watchdog),
        sessions_(sessions),
        held_bytes_(held_bytes),
        hello_timeout_(limits.hello_timeout),
        progress_timeout_(limits.progress_timeout),
        peer_(std::move(peer)),
        policy_(std::move(policy)),
        engine_(replica, SyncEngine::Side::kParent, self, peer_, policy_.get(), options) {
    {
      absl::MutexLock l(&mu_);
      last_progress_ = absl::Now();
      watchdog_->Watch(this, last_progress_ + hello_timeout_);
    }
    StartRead(&in_);
  }

  ~SyncReactor() override {
    absl::MutexLock l(&mu_);
    for (const Held& held : inbox_) held_bytes_->Remove(held.bytes);  // Never stepped.
  }

  // The watchdog holds a reference while it calls HelloTimedOut; gRPC holds one until OnDone.
  void Ref() { refs_.fetch_add(1); }
  void Unref() {
    if (refs_.fetch_sub(1) == 1) delete this;
  }

  // Called by the watchdog when the session's time is up: ends the session if the child has
  // sent nothing yet (hello timeout) or nothing more for the progress timeout while no step
  // runs and no write is pending; otherwise watches again from the last progress.
  void Due() {
    absl::Status st;
    {
      absl::MutexLock l(&mu_);
      if (done_ || finishing_) return;
      const absl::Time now = absl::Now();
      if (heard_ && (processing_ || writing_)) {
        // This end is busy or the child is reading: waiting on us is progress.
        watchdog_->Watch(this, now + progress_timeout_);
        return;
      }
      const absl::Duration timeout = heard_ ? progress_timeout_ : hello_timeout_;
      if (now < last_progress_ + timeout) {
        watchdog_->Watch(this, last_progress_ + timeout);
        return;
      }
      failed_ = true;  // Anything arriving now is dropped.
      st = heard_ ? absl::DeadlineExceededError(absl::StrCat("no message from ", peer_, " for ",
                                                             absl::FormatDuration(timeout),
                                                             ": session ended"))
                  : absl::DeadlineExceededError(absl::StrCat("no hello from ", peer_, " within ",
                                                             absl::FormatDuration(timeout)));
    }
    logger_->Warning(LogFields{.component = "sync", .peer = peer_, .session = session_},
                     "sync: ", st.message());
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
        last_progress_ = absl::Now();
        const size_t bytes = in_.ByteSizeLong();
        held_bytes_->Add(bytes);
        inbox_.push_back(Held{std::move(in_), bytes});
        in_.Clear();
        start_worker = !processing_;
        processing_ = processing_ || start_worker;
        read_more = inbox_.size() < kMaxInbox && MayReadAhead();
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
      last_progress_ = absl::Now();
      // A failed write means the link broke; the pending read fails too and concludes.
      if (!ok) outbox_.clear();
      if (!WriteNextLocked(&finish)) return;
    }
    Finish(finish);  // Outside the lock: OnDone may delete this at once.
  }

  void OnDone() override {
    {
      absl::MutexLock l(&mu_);
      done_ = true;  // Due() watches no more: Forget below is final.
    }
    watchdog_->Forget(this);
    sessions_->fetch_sub(1);
    Unref();
  }

 private:
  static constexpr size_t kMaxInbox = 8;

  // A received message and its serialized size, counted in held_bytes_ until its step ends.
  struct Held {
    v1::SyncMessage message;
    size_t bytes = 0;
  };

  bool MayReadAhead() const { return held_bytes_->MayReadAhead(); }

  // Runs on a worker: engine steps for every queued message, in order.
  void Drain() {
    for (;;) {
      Held held;
      bool resume_read = false;
      bool drained_and_closed = false;
      {
        absl::MutexLock l(&mu_);
        if (inbox_.empty() || failed_) {
          processing_ = false;
          if (!read_closed_ || failed_) return;
          drained_and_closed = true;
        } else {
          held = std::move(inbox_.front());
          inbox_.pop_front();
          // Paused with the inbox full, or over the service's budget: reading on now overlaps
          // this step with the next read, which only a session under the budget may do.
          resume_read = read_paused_ && MayReadAhead();
          read_paused_ = read_paused_ && !resume_read;
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
      auto out = engine_.OnMessage(held.message);
      held_bytes_->Remove(held.bytes);
      held.message.Clear();
      if (!out.ok()) {
        {
          absl::MutexLock l(&mu_);
          failed_ = true;  // Whatever else arrives is dropped; no worker starts again.
        }
        Conclude(out.status());
        return;  // Conclude may have finished the call: touch nothing more.
      }
      bool read_now = false;
      {
        absl::MutexLock l(&mu_);
        last_progress_ = absl::Now();
        for (auto& m : *out) outbox_.push_back(std::move(m));
        grpc::Status unused;
        WriteNextLocked(&unused);  // Not finishing while a worker runs: never true here.
        // Paused over the budget: a session holding nothing more reads its next message now,
        // whatever the budget (it would wait for nobody otherwise).
        read_now = read_paused_ && (inbox_.empty() || MayReadAhead());
        read_paused_ = read_paused_ && !read_now;
      }
      if (read_now) StartRead(&in_);
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
    if (engine_.stats().received_batches > 0 || engine_.stats().sent_batches > 0 ||
        engine_.done()) {
      host_->SessionPeerVector(peer_, engine_.peer_version_vector());
    }
    SyncStats stats = engine_.stats();
    stats.elapsed = absl::Now() - started_;
    stats.session = session_;
    host_->SessionEnded(peer_, status, stats);
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
  SessionWatchdog* const watchdog_;
  std::atomic<size_t>* const sessions_;  // The service's count of live sessions.
  HeldBytes* const held_bytes_;  // The service's, shared by its sessions.
  const absl::Duration hello_timeout_;
  const absl::Duration progress_timeout_;
  std::atomic<int> refs_{1};
  const std::string peer_;
  const std::unique_ptr<SessionPolicy> policy_;
  SyncEngine engine_;   // Used by one worker at a time (processing_).
  v1::SyncMessage in_;  // Target of the one outstanding read.

  absl::Mutex mu_;
  std::deque<Held> inbox_ ABSL_GUARDED_BY(mu_);
  bool processing_ ABSL_GUARDED_BY(mu_) = false;   // A worker is draining the inbox.
  // Inbox full or over the service's budget: no read outstanding.
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;
  bool read_closed_ ABSL_GUARDED_BY(mu_) = false;  // The last read failed: no more input.
  bool failed_ ABSL_GUARDED_BY(mu_) = false;       // The engine failed: ignore the rest.
  bool heard_ ABSL_GUARDED_BY(mu_) = false;        // The child has sent a message.
  bool done_ ABSL_GUARDED_BY(mu_) = false;         // OnDone has run: never watch again.
  // Last message read, write completed or step finished: what the timeouts count from.
  absl::Time last_progress_ ABSL_GUARDED_BY(mu_);
  const absl::Time started_ = absl::Now();  // For the session's log line.
  const std::string session_ = NewSessionId();  // The `session` key of its log lines.
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

SessionWatchdog::SessionWatchdog() {
  thread_ = std::thread([this] { Run(); });
}

SessionWatchdog::~SessionWatchdog() {
  {
    absl::MutexLock l(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void SessionWatchdog::Watch(SyncReactor* session, absl::Time due) {
  absl::MutexLock l(&mu_);
  EraseLocked(session);
  auto it = waiting_.emplace(due, session);
  index_[session] = it;
  if (it == waiting_.begin()) ++front_changes_;
}

void SessionWatchdog::Forget(SyncReactor* session) {
  absl::MutexLock l(&mu_);
  EraseLocked(session);
}

void SessionWatchdog::EraseLocked(SyncReactor* session) {
  auto it = index_.find(session);
  if (it == index_.end()) return;
  waiting_.erase(it->second);
  index_.erase(it);
}

void SessionWatchdog::Run() {
  mu_.Lock();
  while (!stopping_) {
    if (waiting_.empty()) {
      mu_.Await(absl::Condition(
          +[](SessionWatchdog* w)
               ABSL_NO_THREAD_SAFETY_ANALYSIS { return w->stopping_ || !w->waiting_.empty(); },
          this));
      continue;
    }
    const absl::Time due = waiting_.begin()->first;
    if (absl::Now() < due) {
      // Wakes early for a new earliest entry too (Watch bumps front_changes_).
      awaited_front_changes_ = front_changes_;
      mu_.AwaitWithDeadline(
          absl::Condition(
              +[](SessionWatchdog* w) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                return w->stopping_ || w->front_changes_ != w->awaited_front_changes_;
              },
              this),
          due);
      continue;
    }
    // A session in the queue has not had its OnDone (which forgets it first): the reference
    // keeps it alive through the call, made without the lock, as it may finish the call.
    SyncReactor* session = waiting_.begin()->second;
    index_.erase(session);
    waiting_.erase(waiting_.begin());
    session->Ref();
    mu_.Unlock();
    session->Due();
    session->Unref();
    mu_.Lock();
  }
  mu_.Unlock();
}

SyncServiceImpl::SyncServiceImpl(storage::Replica* replica, std::string self, SyncHost* host,
                                 Executor* executor, tls::PeerTrust trust,
                                 SyncEngineOptions options, SyncServiceOptions limits,
                                 const Logger* logger)
    : replica_(replica),
      self_(std::move(self)),
      host_(host),
      executor_(executor),
      trust_(trust),
      options_(options),
      limits_(limits),
      held_bytes_(limits.read_ahead_bytes),
      watchdog_(std::make_unique<SessionWatchdog>()),
      logger_(logger != nullptr ? logger : &Logger::Unnamed()) {}

SyncServiceImpl::~SyncServiceImpl() = default;

grpc::ServerBidiReactor<v1::SyncMessage, v1::SyncMessage>* SyncServiceImpl::Sync(
    grpc::CallbackServerContext* context) {
  auto peer = tls::PeerSatkerOf(*context, trust_);
  if (!peer.ok()) {
    // A certificate the CA signed that names no satker, or two: refused and counted like
    // any other refusal (DESIGN.md, "Authorisation").
    SyncStats refused;
    refused.refused = true;
    refused.session = NewSessionId();
    host_->SessionEnded(absl::StrCat("an unidentified peer (", context->peer(), ")"),
                        peer.status(), refused);
    return new RefusedReactor(peer.status());
  }
  auto policy = host_->PolicyForChild(*peer);
  if (!policy.ok()) {
    host_->SessionEnded(*peer, policy.status(), SyncStats{.session = NewSessionId()});
    return new RefusedReactor(policy.status());
  }
  if (sessions_.fetch_add(1) >= limits_.max_sessions) {
    sessions_.fetch_sub(1);
    const absl::Status busy = absl::ResourceExhaustedError(
        absl::StrCat("sync: ", self_, " serves at most ", limits_.max_sessions,
                     " sessions at once; ", *peer, " should retry later"));
    const std::string session = NewSessionId();
    logger_->Warning(LogFields{.component = "sync", .peer = *peer, .session = session},
                     busy.message());
    return new RefusedReactor(busy);
  }
  context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  return new SyncReactor(replica_, self_, host_, executor_, *std::move(peer), *std::move(policy),
                         options_, limits_, watchdog_.get(), &sessions_, &held_bytes_,
                         logger_);
}

}  // namespace kinerja::daemon
