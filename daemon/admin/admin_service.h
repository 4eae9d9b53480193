// AdminService: kinerjactl's view of the local node. A thin adapter: each call runs the
// node's plain C++ operation on a worker (imports and resolutions write durably) and maps
// absl::Status to gRPC status.
#ifndef KINERJA_DAEMON_ADMIN_ADMIN_SERVICE_H_
#define KINERJA_DAEMON_ADMIN_ADMIN_SERVICE_H_

#include <atomic>
#include <functional>
#include <utility>

#include "daemon/admin/backup_reactor.h"
#include "daemon/node/node.h"
#include "daemon/runtime/executor.h"
#include "kinerja/v1/admin.grpc.pb.h"

namespace kinerja::daemon {

class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  // What Status adds to the node's own status: kinerjad adds the children rows, which come
  // from the metrics the node does not know of (daemon/metrics/node_gauges.h, AddChildRows).
  using StatusExtras = std::function<void(v1::StatusResponse*)>;

  // REQUIRES: `node` and `executor` outlive the service. `status_extras` may be empty.
  AdminServiceImpl(Node* node, Executor* executor, StatusExtras status_extras = nullptr,
                   AdminBackupOptions backup = {})
      : node_(node),
        executor_(executor),
        status_extras_(std::move(status_extras)),
        backup_(std::move(backup)) {}

  grpc::ServerUnaryReactor* Status(grpc::CallbackServerContext* ctx, const v1::StatusRequest* req,
                                   v1::StatusResponse* resp) override;
  // A client stream of file pieces (daemon/admin/import_reactor.h).
  grpc::ServerReadReactor<v1::ImportRequest>* Import(grpc::CallbackServerContext* ctx,
                                                     v1::ImportResponse* resp) override;
  grpc::ServerUnaryReactor* SyncNow(grpc::CallbackServerContext* ctx, const v1::SyncNowRequest* req,
                                    v1::SyncNowResponse* resp) override;
  grpc::ServerUnaryReactor* List(grpc::CallbackServerContext* ctx, const v1::ListRequest* req,
                                 v1::ListResponse* resp) override;
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const v1::GetRequest* req,
                                v1::GetResponse* resp) override;
  grpc::ServerUnaryReactor* ListConflicts(grpc::CallbackServerContext* ctx,
                                          const v1::ListConflictsRequest* req,
                                          v1::ListConflictsResponse* resp) override;
  grpc::ServerUnaryReactor* Resolve(grpc::CallbackServerContext* ctx, const v1::ResolveRequest* req,
                                    v1::ResolveResponse* resp) override;
  grpc::ServerUnaryReactor* Digest(grpc::CallbackServerContext* ctx, const v1::DigestRequest* req,
                                   v1::DigestResponse* resp) override;
  grpc::ServerUnaryReactor* History(grpc::CallbackServerContext* ctx,
                                    const v1::HistoryRequest* req,
                                    v1::HistoryResponse* resp) override;
  // A server stream of the backup archive's pieces (daemon/admin/backup_reactor.h).
  grpc::ServerWriteReactor<v1::BackupChunk>* Backup(grpc::CallbackServerContext* ctx,
                                                    const v1::BackupRequest* req) override;

 private:
  Node* const node_;
  Executor* const executor_;
  const StatusExtras status_extras_;
  const AdminBackupOptions backup_;
  std::atomic<bool> backup_running_{false};  // One backup at a time.
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_ADMIN_ADMIN_SERVICE_H_
