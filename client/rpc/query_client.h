// QueryClient: kinerjactl's connection to the QueryService of its local kinerjad (served on
// the admin listener's address): consolidated figures, the LKj report, exports and the rollup
// feed. Reports failure as an absl::Status with the daemon's message.
#ifndef KINERJA_CLIENT_RPC_QUERY_CLIENT_H_
#define KINERJA_CLIENT_RPC_QUERY_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "kinerja/v1/query.grpc.pb.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::client {

struct QueryClientOptions {
  // Deadline of Rollup, ReportLkj and Export, and of a whole WatchRollups stream that does
  // not follow; positive and finite. Default: 30 s.
  absl::Duration deadline = absl::Seconds(30);
};

// Thread-safe: calls may be made concurrently from several threads.
//
// Errors are those of AdminClient: a status the daemon returns keeps its code and message;
// when the daemon cannot be reached (nothing listens, the connection is refused or drops, no
// answer before the deadline while connecting) the result is UNAVAILABLE "cannot reach
// kinerjad at ADDRESS: ...".
class QueryClient {
 public:
  // Receives each response of a WatchRollups stream, in order, on the calling thread. An
  // error ends the stream: the call is cancelled and WatchRollups returns that error.
  using FeedHandler = std::function<absl::Status(const v1::WatchRollupsResponse&)>;

  // Talks plaintext to `address` ("HOST:PORT") over NewDaemonChannel. Connects on the first
  // call, not here.
  explicit QueryClient(std::string address, QueryClientOptions options = {});
  // Talks over `channel`, e.g. one shared with an AdminClient; `address` names it in messages.
  QueryClient(std::string address, std::shared_ptr<grpc::Channel> channel,
              QueryClientOptions options = {});

  QueryClient(const QueryClient&) = delete;
  QueryClient& operator=(const QueryClient&) = delete;

  const std::string& address() const { return address_; }

  [[nodiscard]] absl::StatusOr<v1::RollupResponse> Rollup(const v1::RollupRequest& request);
  [[nodiscard]] absl::StatusOr<v1::LkjResponse> ReportLkj(const v1::LkjRequest& request);
  [[nodiscard]] absl::StatusOr<v1::ExportResponse> Export(const v1::ExportRequest& request);

  // Streams the rollup changes after request.cursor() to `handler`, one response at a time,
  // and blocks until the stream ends. OK when the daemon ends the stream normally.
  //
  // Without request.follow() the whole stream has the options' deadline. With it the call
  // has no deadline, the one exception to "every call has a deadline": it is meant to run
  // until the process is stopped, the daemon ends it or the connection fails (then
  // UNAVAILABLE "cannot reach kinerjad ...", as for any other call).
  [[nodiscard]] absl::Status WatchRollups(const v1::WatchRollupsRequest& request,
                                          const FeedHandler& handler);

 private:
  template <typename Request, typename Response>
  using Method = grpc::Status (v1::QueryService::Stub::*)(grpc::ClientContext*, const Request&,
                                                          Response*);

  // Calls `method` with the options' deadline and converts the outcome.
  template <typename Request, typename Response>
  [[nodiscard]] absl::StatusOr<Response> Call(Method<Request, Response> method,
                                              const Request& request);

  const std::string address_;
  const QueryClientOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::QueryService::Stub> stub_;
};

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_RPC_QUERY_CLIENT_H_
