#include "daemon/admin/admin_service.h"

#include <utility>

#include "daemon/admin/import_reactor.h"
#include "daemon/node/record_queries.h"
#include "daemon/runtime/offload.h"

namespace kinerja::daemon {
grpc::ServerUnaryReactor* AdminServiceImpl::Status(grpc::CallbackServerContext* ctx,
                                                   const v1::StatusRequest*,
                                                   v1::StatusResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this]() -> absl::StatusOr<v1::StatusResponse> {
                   v1::StatusResponse status = node_->Status();
                   if (status_extras_) status_extras_(&status);
                   return status;
                 });
}

grpc::ServerReadReactor<v1::ImportRequest>* AdminServiceImpl::Import(grpc::CallbackServerContext*,
                                                                     v1::ImportResponse* resp) {
  return new ImportReactor(node_, executor_, resp);
}

grpc::ServerUnaryReactor* AdminServiceImpl::SyncNow(grpc::CallbackServerContext* ctx,
                                                    const v1::SyncNowRequest* req,
                                                    v1::SyncNowResponse* resp) {
  const uint32_t ms =
      req->timeout_ms() == 0 ? uint32_t{v1::SYNC_NOW_DEFAULT_TIMEOUT_MS} : req->timeout_ms();
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, ms] { return node_->SyncNow(absl::Milliseconds(ms)); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::List(grpc::CallbackServerContext* ctx,
                                                 const v1::ListRequest* req,
                                                 v1::ListResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return ListRecords(*node_->replica(), *req); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::Get(grpc::CallbackServerContext* ctx,
                                                const v1::GetRequest* req, v1::GetResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return GetRecord(*node_->replica(), *req); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListConflicts(grpc::CallbackServerContext* ctx,
                                                          const v1::ListConflictsRequest* req,
                                                          v1::ListConflictsResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return daemon::ListConflicts(*node_->replica(), *req); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::Resolve(grpc::CallbackServerContext* ctx,
                                                    const v1::ResolveRequest* req,
                                                    v1::ResolveResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return node_->Resolve(*req); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::Digest(grpc::CallbackServerContext* ctx,
                                                   const v1::DigestRequest* req,
                                                   v1::DigestResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return DigestOfSatker(*node_->replica(), *req); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::History(grpc::CallbackServerContext* ctx,
                                                    const v1::HistoryRequest* req,
                                                    v1::HistoryResponse* resp) {
  return Offload(ctx, executor_, absl::OkStatus(), resp,
                 [this, req] { return KeyHistory(*node_->replica(), *req); });
}

grpc::ServerWriteReactor<v1::BackupChunk>* AdminServiceImpl::Backup(grpc::CallbackServerContext*,
                                                                    const v1::BackupRequest*) {
  return NewBackupReactor(node_, executor_, &backup_, &backup_running_);
}

}  // namespace kinerja::daemon
