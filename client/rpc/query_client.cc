#include "client/rpc/query_client.h"

#include <chrono>
#include <utility>

#include "client/rpc/call_error.h"
#include "client/rpc/daemon_channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace kinerja::client {
namespace {

// Sets a deadline `timeout` from now; gRPC deadlines are absolute points of the system clock.
void SetDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
}

}  // namespace

QueryClient::QueryClient(std::string address, QueryClientOptions options)
    : QueryClient(address, NewDaemonChannel(address), options) {}

QueryClient::QueryClient(std::string address, std::shared_ptr<grpc::Channel> channel,
                         QueryClientOptions options)
    : address_(std::move(address)),
      options_(options),
      channel_(std::move(channel)),
      stub_(v1::QueryService::NewStub(channel_)) {}

template <typename Request, typename Response>
absl::StatusOr<Response> QueryClient::Call(Method<Request, Response> method,
                                           const Request& request) {
  grpc::ClientContext context;
  SetDeadline(context, options_.deadline);
  Response response;
  const grpc::Status status = (stub_.get()->*method)(&context, request, &response);
  if (!status.ok()) return DaemonCallError(status, *channel_, address_);
  return response;
}

absl::StatusOr<v1::RollupResponse> QueryClient::Rollup(const v1::RollupRequest& request) {
  return Call(&v1::QueryService::Stub::Rollup, request);
}

absl::StatusOr<v1::LkjResponse> QueryClient::ReportLkj(const v1::LkjRequest& request) {
  return Call(&v1::QueryService::Stub::ReportLkj, request);
}

absl::StatusOr<v1::ExportResponse> QueryClient::Export(const v1::ExportRequest& request) {
  return Call(&v1::QueryService::Stub::Export, request);
}

absl::Status QueryClient::WatchRollups(const v1::WatchRollupsRequest& request,
                                       const FeedHandler& handler) {
  grpc::ClientContext context;
  if (!request.follow()) SetDeadline(context, options_.deadline);
  std::unique_ptr<grpc::ClientReader<v1::WatchRollupsResponse>> reader =
      stub_->WatchRollups(&context, request);
  v1::WatchRollupsResponse response;
  absl::Status handler_status;
  while (reader->Read(&response)) {
    handler_status = handler(response);
    if (!handler_status.ok()) {
      context.TryCancel();
      while (reader->Read(&response)) {
      }  // Drained: once cancelled, Read fails at once.
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!handler_status.ok()) return handler_status;
  if (!status.ok()) return DaemonCallError(status, *channel_, address_);
  return absl::OkStatus();
}

}  // namespace kinerja::client
