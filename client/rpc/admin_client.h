// AdminClient: kinerjactl's connection to its local kinerjad, one method per
// kinerja.v1.AdminService call. Every call carries a deadline and reports failure as an
// absl::Status with the server's message.
#ifndef KINERJA_CLIENT_RPC_ADMIN_CLIENT_H_
#define KINERJA_CLIENT_RPC_ADMIN_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "kinerja/v1/admin.grpc.pb.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::client {

struct AdminClientOptions {
  // Deadline of every call but SyncNow; positive and finite. Default: 30 s.
  absl::Duration deadline = absl::Seconds(30);
  // SyncNow's deadline is its request's timeout (the daemon's default,
  // v1::SYNC_NOW_DEFAULT_TIMEOUT_MS, when the request leaves it 0) plus this, so that the
  // daemon reports its own timeout before the client gives up. Default: 5 s.
  absl::Duration sync_grace = absl::Seconds(5);
  // Deadline of a streamed Import (the whole file, sent and committed); a 1 GB file takes
  // minutes. Default: 2 h.
  absl::Duration import_deadline = absl::Hours(2);
  // Deadline of a Backup (the whole archive streamed); a hub's replica takes minutes.
  // Default: 2 h.
  absl::Duration backup_deadline = absl::Hours(2);
};

// Receives each piece of a Backup stream in order; an error cancels the call and is returned.
using BackupPieceHandler = std::function<absl::Status(const v1::BackupChunk& piece)>;

// The pieces of a file to import: each call replaces `*piece` with the next bytes and returns
// true, or returns false at the end of the file, or an error (which cancels the import).
using ImportPieces = std::function<absl::StatusOr<bool>(std::string* piece)>;

// Thread-safe: calls may be made concurrently from several threads.
//
// Errors: a status the daemon returns keeps its code and message. When the daemon cannot be
// reached at all (nothing listens, connection refused or dropped before an answer, no answer
// before the deadline while connecting), the result is UNAVAILABLE with a message such as
// "cannot reach kinerjad at 127.0.0.1:7401: failed to connect to all addresses; ...".
// An UNAVAILABLE the daemon itself returns (e.g. SyncNow when the upstream is down) keeps the
// daemon's message.
class AdminClient {
 public:
  // Talks plaintext to `address` ("HOST:PORT"; the admin listener is loopback only) over
  // NewDaemonChannel. Connects on the first call, not here.
  explicit AdminClient(std::string address, AdminClientOptions options = {});
  // Talks over `channel`, e.g. an in-process one in tests; `address` names it in messages.
  AdminClient(std::string address, std::shared_ptr<grpc::Channel> channel,
              AdminClientOptions options = {});

  AdminClient(const AdminClient&) = delete;
  AdminClient& operator=(const AdminClient&) = delete;

  const std::string& address() const { return address_; }

  [[nodiscard]] absl::StatusOr<v1::StatusResponse> GetStatus(const v1::StatusRequest& request = {});
  // Streams a file to the daemon: `first` names its kind, name and author, and its content
  // (if any) is the first piece; `pieces` yields the rest. No message carries more than one
  // piece, so a file of any size fits. Its deadline is import_deadline.
  [[nodiscard]] absl::StatusOr<v1::ImportResponse> Import(const v1::ImportRequest& first,
                                                          const ImportPieces& pieces);
  // A file held whole in `request.content`, sent as one piece.
  [[nodiscard]] absl::StatusOr<v1::ImportResponse> Import(const v1::ImportRequest& request);
  [[nodiscard]] absl::StatusOr<v1::SyncNowResponse> SyncNow(const v1::SyncNowRequest& request);
  [[nodiscard]] absl::StatusOr<v1::ListResponse> List(const v1::ListRequest& request);
  [[nodiscard]] absl::StatusOr<v1::GetResponse> Get(const v1::GetRequest& request);
  [[nodiscard]] absl::StatusOr<v1::ListConflictsResponse> ListConflicts(
      const v1::ListConflictsRequest& request);
  [[nodiscard]] absl::StatusOr<v1::ResolveResponse> Resolve(const v1::ResolveRequest& request);
  [[nodiscard]] absl::StatusOr<v1::DigestResponse> Digest(const v1::DigestRequest& request);
  [[nodiscard]] absl::StatusOr<v1::HistoryResponse> History(const v1::HistoryRequest& request);
  // Streams a backup archive of the daemon's replica to `handler`, piece by piece. Its
  // deadline is backup_deadline. OK only once the daemon ended the stream with OK.
  [[nodiscard]] absl::Status Backup(const v1::BackupRequest& request,
                                    const BackupPieceHandler& handler);

 private:
  template <typename Request, typename Response>
  using Method = grpc::Status (v1::AdminService::Stub::*)(grpc::ClientContext*, const Request&,
                                                          Response*);

  // Calls `method` with a deadline `timeout` from now and converts the outcome.
  template <typename Request, typename Response>
  [[nodiscard]] absl::StatusOr<Response> Call(Method<Request, Response> method,
                                              const Request& request, absl::Duration timeout);

  // The error of a failed call: the daemon's, or "cannot reach kinerjad at ..." when the
  // channel never got an answer from it.
  [[nodiscard]] absl::Status CallError(const grpc::Status& status);

  const std::string address_;
  const AdminClientOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::AdminService::Stub> stub_;
};

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_RPC_ADMIN_CLIENT_H_
