// Unary gRPC calls answered from a worker: the reaction hands the work to the executor and
// returns at once; the worker finishes the call with the work's result (STYLE.md: never
// block inside a reaction).
#ifndef KINERJA_DAEMON_RUNTIME_OFFLOAD_H_
#define KINERJA_DAEMON_RUNTIME_OFFLOAD_H_

#include <utility>

#include "absl/status/statusor.h"
#include "common/rpc/grpc_status.h"
#include "daemon/runtime/executor.h"
#include "grpcpp/grpcpp.h"

namespace kinerja::daemon {

// Runs `work` (returning absl::StatusOr<Response>) on `executor` and finishes the call with
// its result, stored in `response` on success. If `allowed` is an error the call finishes
// with it and `work` never runs.
template <typename Response, typename Work>
grpc::ServerUnaryReactor* Offload(grpc::CallbackServerContext* ctx, Executor* executor,
                                  const absl::Status& allowed, Response* response, Work work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (!allowed.ok()) {
    reactor->Finish(rpc::ToGrpcStatus(allowed));
    return reactor;
  }
  executor->Submit([reactor, response, work = std::move(work)]() mutable {
    absl::StatusOr<Response> result = work();
    if (result.ok()) *response = *std::move(result);
    reactor->Finish(rpc::ToGrpcStatus(result.status()));
  });
  return reactor;
}

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_RUNTIME_OFFLOAD_H_
