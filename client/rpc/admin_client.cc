#include "client/rpc/admin_client.h"

#include <utility>

#include "client/rpc/call_error.h"
#include "client/rpc/daemon_channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace kinerja::client {
AdminClient::AdminClient(std::string address, AdminClientOptions options)
    : AdminClient(address, NewDaemonChannel(address), options) {}

AdminClient::AdminClient(std::string address, std::shared_ptr<grpc::Channel> channel,
                         AdminClientOptions options)
    : address_(std::move(address)),
      options_(options),
      channel_(std::move(channel)),
      stub_(v1::AdminService::NewStub(channel_)) {}

template <typename Request, typename Response>
absl::StatusOr<Response> AdminClient::Call(Method<Request, Response> method, const Request& request,
                                           absl::Duration timeout) {
  grpc::ClientContext context;
  // gRPC deadlines are absolute points of the system clock.
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  Response response;
  const grpc::Status status = (stub_.get()->*method)(&context, request, &response);
  if (!status.ok()) return CallError(status);
  return response;
}

absl::Status AdminClient::CallError(const grpc::Status& status) {
  return DaemonCallError(status, *channel_, address_);
}

absl::StatusOr<v1::StatusResponse> AdminClient::GetStatus(const v1::StatusRequest& request) {
  return Call(&v1::AdminService::Stub::Status, request, options_.deadline);
}

absl::StatusOr<v1::ImportResponse> AdminClient::Import(const v1::ImportRequest& first,
                                                       const ImportPieces& pieces) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(options_.import_deadline));
  v1::ImportResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportRequest>> writer =
      stub_->Import(&context, &response);
  absl::Status piece_error;
  // A failed write means the daemon ended the call (e.g. a bad row): Finish says why.
  if (writer->Write(first)) {
    v1::ImportRequest next;
    while (true) {
      absl::StatusOr<bool> more = pieces(next.mutable_content());
      if (!more.ok()) {
        piece_error = more.status();
        context.TryCancel();
        break;
      }
      if (!*more || !writer->Write(next)) break;
    }
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!piece_error.ok()) return piece_error;
  if (!status.ok()) return CallError(status);
  return response;
}

absl::StatusOr<v1::ImportResponse> AdminClient::Import(const v1::ImportRequest& request) {
  return Import(request, [](std::string*) -> absl::StatusOr<bool> { return false; });
}

absl::StatusOr<v1::SyncNowResponse> AdminClient::SyncNow(const v1::SyncNowRequest& request) {
  // The daemon's own timeout for the request: 0 asks for its default.
  const uint32_t timeout_ms =
      request.timeout_ms() == 0 ? uint32_t{v1::SYNC_NOW_DEFAULT_TIMEOUT_MS} : request.timeout_ms();
  const absl::Duration timeout = absl::Milliseconds(timeout_ms);
  return Call(&v1::AdminService::Stub::SyncNow, request, timeout + options_.sync_grace);
}

absl::StatusOr<v1::ListResponse> AdminClient::List(const v1::ListRequest& request) {
  return Call(&v1::AdminService::Stub::List, request, options_.deadline);
}

absl::StatusOr<v1::GetResponse> AdminClient::Get(const v1::GetRequest& request) {
  return Call(&v1::AdminService::Stub::Get, request, options_.deadline);
}

absl::StatusOr<v1::ListConflictsResponse> AdminClient::ListConflicts(
    const v1::ListConflictsRequest& request) {
  return Call(&v1::AdminService::Stub::ListConflicts, request, options_.deadline);
}

absl::StatusOr<v1::ResolveResponse> AdminClient::Resolve(const v1::ResolveRequest& request) {
  return Call(&v1::AdminService::Stub::Resolve, request, options_.deadline);
}

absl::StatusOr<v1::DigestResponse> AdminClient::Digest(const v1::DigestRequest& request) {
  return Call(&v1::AdminService::Stub::Digest, request, options_.deadline);
}

absl::StatusOr<v1::HistoryResponse> AdminClient::History(const v1::HistoryRequest& request) {
  return Call(&v1::AdminService::Stub::History, request, options_.deadline);
}

absl::Status AdminClient::Backup(const v1::BackupRequest& request,
                                 const BackupPieceHandler& handler) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(options_.backup_deadline));
  std::unique_ptr<grpc::ClientReader<v1::BackupChunk>> reader = stub_->Backup(&context, request);
  v1::BackupChunk piece;
  absl::Status handler_status;
  while (reader->Read(&piece)) {
    handler_status = handler(piece);
    if (!handler_status.ok()) {
      context.TryCancel();
      while (reader->Read(&piece)) {
      }  // Drained: once cancelled, Read fails at once.
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!handler_status.ok()) return handler_status;
  if (!status.ok()) return CallError(status);
  return absl::OkStatus();
}

}  // namespace kinerja::client
