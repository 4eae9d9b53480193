// An in-process kinerja.v1.QueryService with canned answers, serving plaintext on a free
// loopback port, for tests of QueryClient and of kinerjactl's query commands. It remembers
// the last request of each call, and whether a WatchRollups call carried a deadline.
#ifndef KINERJA_TESTS_CLIENT_FAKE_QUERY_SERVER_H_
#define KINERJA_TESTS_CLIENT_FAKE_QUERY_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/server.h"
#include "kinerja/v1/query.grpc.pb.h"

namespace kinerja::testing {

// What the fake answers. Every call returns `error` instead of its response when it is not OK.
struct CannedQueryAnswers {
  v1::RollupResponse rollup;
  v1::LkjResponse lkj;
  v1::ExportResponse exported;
  // WatchRollups writes these in order, then ends the stream with `feed_end`, whether or not
  // the request follows.
  std::vector<v1::WatchRollupsResponse> feed;
  grpc::Status feed_end = grpc::Status::OK;
  grpc::Status error = grpc::Status::OK;
  // When set, every call waits for it before answering (to test deadlines). Not owned.
  absl::Notification* hold = nullptr;
};

// The last request of each kind the fake received, and how many calls it served.
struct ReceivedQueryRequests {
  int calls = 0;
  v1::RollupRequest rollup;
  v1::LkjRequest lkj;
  v1::ExportRequest exported;
  v1::WatchRollupsRequest watch;
  bool watch_had_deadline = false;  // Whether the last WatchRollups call had a deadline.
};

class FakeQueryService final : public v1::QueryService::Service {
 public:
  void set_answers(CannedQueryAnswers answers) ABSL_LOCKS_EXCLUDED(mu_);
  ReceivedQueryRequests received() const ABSL_LOCKS_EXCLUDED(mu_);

  grpc::Status Rollup(grpc::ServerContext* context, const v1::RollupRequest* request,
                      v1::RollupResponse* response) override;
  grpc::Status ReportLkj(grpc::ServerContext* context, const v1::LkjRequest* request,
                         v1::LkjResponse* response) override;
  grpc::Status Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                      v1::ExportResponse* response) override;
  grpc::Status WatchRollups(grpc::ServerContext* context, const v1::WatchRollupsRequest* request,
                            grpc::ServerWriter<v1::WatchRollupsResponse>* writer) override;

 private:
  // Counts the call, stores `request` in `slot`, waits for the canned hold if any, and returns
  // a copy of the canned answers.
  template <typename Request>
  CannedQueryAnswers Receive(const Request& request, Request ReceivedQueryRequests::*slot)
      ABSL_LOCKS_EXCLUDED(mu_);

  mutable absl::Mutex mu_;
  CannedQueryAnswers answers_ ABSL_GUARDED_BY(mu_);
  ReceivedQueryRequests received_ ABSL_GUARDED_BY(mu_);
};

// Serves a FakeQueryService on 127.0.0.1 at a port the system picks; stops when destroyed.
class FakeQueryServer {
 public:
  FakeQueryServer();
  ~FakeQueryServer();

  // "127.0.0.1:<port>"; empty if the server could not start.
  const std::string& address() const { return address_; }
  FakeQueryService& service() { return service_; }

 private:
  FakeQueryService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_CLIENT_FAKE_QUERY_SERVER_H_
