#include "daemon/sync/keepalive.h"
#include "daemon/sync/upstream_syncer.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/grpc_status.h"
#include "daemon/runtime/log.h"
#include "daemon/runtime/session_id.h"
#include "absl/random/random.h"
#include "daemon/sync/child_session.h"
#include "daemon/tls/peer_identity.h"

namespace kinerja::daemon {

namespace {

// The satker the upstream of the started call `ctx` authenticated as.
absl::StatusOr<std::string> PresentedUpstream(const grpc::ClientContext& ctx) {
  const std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr) return absl::UnauthenticatedError("the call has no auth context");
  return tls::PeerSatker(*auth);
}

// A seed for the schedule's jitter: each kinerjad differs, so offices do not retry in step.
uint64_t EntropySeed() {
  absl::BitGen gen;
  return absl::Uniform<uint64_t>(gen);
}

}  // namespace

UpstreamSyncer::UpstreamSyncer(storage::Replica* replica, RegistryFn registry,
                               UpstreamOptions options,
                               std::shared_ptr<grpc::ChannelCredentials> credentials,
                               const Logger* logger)
    : replica_(replica),
      registry_(std::move(registry)),
      options_(std::move(options)),
      logger_(logger != nullptr ? logger : &Logger::Unnamed()),
      schedule_(options_, EntropySeed()) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(options_.max_message_bytes);
  args.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
  // Notice a dead link in seconds rather than at the TCP timeout.
  // (daemon/sync/keepalive.h: the parent accepts these pings.)
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2'000);
  channel_ = grpc::CreateCustomChannel(options_.address, std::move(credentials), args);
  stub_ = v1::SyncService::NewStub(channel_);
}

UpstreamSyncer::~UpstreamSyncer() { Stop(); }

void UpstreamSyncer::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void UpstreamSyncer::Stop() {
  {
    absl::MutexLock l(&mu_);
    stopping_ = true;
    // A session waiting on an upstream that does not answer would hold the loop until its
    // deadline or keepalive: end it now.
    if (active_call_ != nullptr) active_call_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

void UpstreamSyncer::Poke() {
  absl::MutexLock l(&mu_);
  schedule_.Poke();
}

namespace {

// The schedule's time: monotonic, so that the wall clock going back (an NTP step, an operator
// fixing the date) neither delays a retry nor the periodic pull by the size of the jump.
absl::Time ScheduleNow() {
  return absl::UnixEpoch() + absl::FromChrono(std::chrono::steady_clock::now().time_since_epoch());
}

}  // namespace

bool UpstreamSyncer::ShouldRun() const {
  if (stopping_ || requested_ > completed_) return true;
  return schedule_.Due(ScheduleNow());
}

UpstreamSyncer::LinkState UpstreamSyncer::link_state() const {
  absl::MutexLock l(&mu_);
  return link_;
}

absl::StatusOr<SyncStats> UpstreamSyncer::SyncNow(absl::Duration timeout) {
  absl::MutexLock l(&mu_);
  struct Ticket {
    UpstreamSyncer* self;
    uint64_t number;
  } ticket{this, ++requested_};
  const bool finished =
      mu_.AwaitWithTimeout(absl::Condition(
                               +[](Ticket* t) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                 return t->self->completed_ >= t->number || t->self->stopping_;
                               },
                               &ticket),
                           timeout);
  if (!finished) {
    return absl::DeadlineExceededError(absl::StrCat(
        "sync with ", options_.address, " did not finish within ", absl::FormatDuration(timeout)));
  }
  if (completed_ < ticket.number) return absl::CancelledError("node is shutting down");
  if (!last_status_.ok()) return last_status_;
  return last_stats_;
}

void UpstreamSyncer::Loop() {
  for (;;) {
    uint64_t covering;
    {
      absl::MutexLock l(&mu_);
      // Wake when asked to, after a local change (once any backoff has passed), or when the
      // periodic pull is due: the parent may hold news for us.
      while (!ShouldRun()) {
        // A timeout, not a deadline: Mutex deadlines follow the wall clock.
        mu_.AwaitWithTimeout(absl::Condition(this, &UpstreamSyncer::ShouldRun),
                             schedule_.NextDue() - ScheduleNow());
      }
      if (stopping_) {
        completed_ = requested_;
        return;
      }
      covering = requested_;
      schedule_.Began();
    }
    const std::string session = NewSessionId();
    const absl::StatusOr<SyncStats> result = RunSession(session);
    if (options_.on_session_end) {
      options_.on_session_end(result.status(),
                              result.ok() ? *result : SyncStats{.session = session});
    }
    absl::MutexLock l(&mu_);
    completed_ = covering;
    if (result.ok()) {
      last_status_ = absl::OkStatus();
      last_stats_ = *result;
      link_.reachable = true;
      link_.last_success = absl::Now();
      link_.last_error.clear();
      ++link_.sessions;
      schedule_.Succeeded(ScheduleNow());
      if (result->sent_changes + result->received_changes > 0) {
        logger_->Info(
            LogFields{.component = "upstream", .peer = options_.address, .session = session},
            "sync with ", options_.address, ": sent ", result->sent_changes, ", received ",
            result->received_changes);
      }
    } else {
      last_status_ = result.status();
      if (link_.reachable || link_.failures == 0) {
        logger_->Warning(
            LogFields{.component = "upstream", .peer = options_.address, .session = session},
            "sync with ", options_.address, " failed: ", result.status().ToString());
      }
      link_.reachable = false;
      link_.last_error = std::string(result.status().message());
      ++link_.failures;
      schedule_.Failed(ScheduleNow());
    }
  }
}

bool UpstreamSyncer::AwaitConnected(absl::Time deadline) {
  // gRPC's synchronous channel API offers no way to interrupt a wait, so it waits in short
  // slices, each ending early at the channel's next state change, and checks for Stop between
  // them.
  constexpr absl::Duration kStopCheck = absl::Milliseconds(100);
  grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    if (absl::MutexLock l(&mu_); stopping_) return false;
    const absl::Time now = absl::Now();
    if (now >= deadline) return false;
    channel_->WaitForStateChange(state, absl::ToChronoTime(std::min(deadline, now + kStopCheck)));
    state = channel_->GetState(/*try_to_connect=*/true);
  }
  return true;
}

absl::StatusOr<SyncStats> UpstreamSyncer::RunSession(const std::string& session_id) {
  auto session = ChildSession::Open(replica_, registry_, options_.self, options_.engine);
  if (!session.ok()) return session.status();
  ChildSession& child = **session;
  // A link that was down reconnects in the background; give it a moment rather than failing
  // on the channel's stale state.
  if (!AwaitConnected(absl::Now() + options_.connect_timeout)) {
    if (absl::MutexLock l(&mu_); stopping_) return absl::CancelledError("node is shutting down");
    return absl::UnavailableError(absl::StrCat("cannot reach the upstream at ", options_.address,
                                               " (", absl::FormatDuration(options_.connect_timeout),
                                               " without a connection)"));
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + options_.session_deadline));
  ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
  if (options_.insecure) ctx.AddMetadata(tls::kNodeMetadataKey, options_.self);
  {
    absl::MutexLock l(&mu_);
    if (stopping_) return absl::CancelledError("node is shutting down");
    active_call_ = &ctx;
  }
  absl::Cleanup unregister = [this] {
    absl::MutexLock l(&mu_);
    active_call_ = nullptr;
  };
  auto stream = stub_->Sync(&ctx);
  auto fail = [&](absl::Status st) {
    if (child.Refused(st)) {
      logger_->Error(
          LogFields{.component = "upstream", .peer = options_.address, .session = session_id},
          "refused a change from ", options_.address, ": ", st.message());
      absl::MutexLock l(&mu_);
      ++link_.refused;
    }
    ctx.TryCancel();
    stream->Finish().error_code();  // Drain; the engine's error is the one that matters.
    return st;
  };
  // An insecure loopback upstream presents no certificate to check.
  if (!options_.insecure) {
    if (absl::Status st = child.CheckParent(PresentedUpstream(ctx)); !st.ok()) {
      logger_->Error(
          LogFields{.component = "upstream", .peer = options_.address, .session = session_id},
          "refused the upstream at ", options_.address, ": ", st.message());
      ctx.TryCancel();
      stream->Finish().error_code();  // Drain; the identity error is the one that matters.
      return st;
    }
  }
  for (const auto& m : child.Start()) {
    if (!stream->Write(m)) break;
  }
  v1::SyncMessage in;
  while (!child.done() && stream->Read(&in)) {
    auto out = child.OnMessage(in);
    if (!out.ok()) return fail(out.status());
    for (const auto& m : *out) {
      if (!stream->Write(m)) break;
    }
  }
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    return rpc::FromGrpcStatus(status, absl::StrCat("sync with ", options_.address));
  }
  if (!child.done()) return absl::UnavailableError("sync stream ended before the session did");
  {
    absl::MutexLock l(&mu_);
    link_.upstream_vv = child.peer_version_vector();
  }
  return child.stats();
}

}  // namespace kinerja::daemon
