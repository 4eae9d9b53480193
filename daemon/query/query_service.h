// QueryService: rollups, the LKj report, exports and the rollup feed. A thin adapter over
// daemon/rollup: unary calls run on a worker; WatchRollups streams the replica's feed of
// rollup row changes after a cursor and, when following, waits on the FeedHub for more.
#ifndef KINERJA_DAEMON_QUERY_QUERY_SERVICE_H_
#define KINERJA_DAEMON_QUERY_QUERY_SERVICE_H_

#include "daemon/node/node.h"
#include "daemon/runtime/executor.h"
#include "daemon/runtime/feed_hub.h"
#include "daemon/tls/peer_identity.h"
#include "kinerja/v1/query.grpc.pb.h"

namespace kinerja::daemon {

class QueryServiceImpl final : public v1::QueryService::CallbackService {
 public:
  // Who may call. kLocal: anyone who reaches the (loopback) admin listener. kPeers: a peer
  // whose certificate names this node's satker or one of its ancestors.
  enum class Access { kLocal, kPeers };

  // Unary calls run on `calls`, rollup-feed reads on `feeds` (which may be the same
  // executor). REQUIRES: the pointers outlive the service.
  QueryServiceImpl(Node* node, FeedHub* hub, Executor* calls, Executor* feeds, Access access,
                   tls::PeerTrust trust);

  grpc::ServerUnaryReactor* Rollup(grpc::CallbackServerContext* ctx, const v1::RollupRequest* req,
                                   v1::RollupResponse* resp) override;
  grpc::ServerUnaryReactor* ReportLkj(grpc::CallbackServerContext* ctx, const v1::LkjRequest* req,
                                      v1::LkjResponse* resp) override;
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* ctx, const v1::ExportRequest* req,
                                   v1::ExportResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchRollupsResponse>* WatchRollups(
      grpc::CallbackServerContext* ctx, const v1::WatchRollupsRequest* req) override;

 private:
  [[nodiscard]] absl::Status Authorize(grpc::CallbackServerContext* ctx) const;

  Node* const node_;
  FeedHub* const hub_;
  Executor* const executor_;  // Unary calls.
  Executor* const feeds_;     // Rollup-feed reads.
  const Access access_;
  const tls::PeerTrust trust_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_QUERY_QUERY_SERVICE_H_
