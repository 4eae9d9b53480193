// An in-process kinerja.v1.AdminService with canned answers, serving plaintext on a free
// loopback port, for tests of AdminClient and kinerjactl. It remembers the last request of
// each call so tests can check what the client sent.
#ifndef KINERJA_TESTS_CLIENT_FAKE_ADMIN_SERVER_H_
#define KINERJA_TESTS_CLIENT_FAKE_ADMIN_SERVER_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/server.h"
#include "kinerja/v1/admin.grpc.pb.h"

namespace kinerja::testing {

// What the fake answers. Every call returns `error` instead of its response when it is not OK.
struct CannedAnswers {
  v1::StatusResponse status;
  v1::ImportResponse import;
  v1::SyncNowResponse sync;
  v1::ListResponse list;
  v1::GetResponse get;
  v1::ListConflictsResponse conflicts;
  v1::ResolveResponse resolve;
  v1::DigestResponse digest;
  grpc::Status error = grpc::Status::OK;
  // When set, every call waits for it before answering (to test deadlines). Not owned.
  absl::Notification* hold = nullptr;
};

// The last request of each kind the fake received, and how many calls it served.
struct ReceivedRequests {
  int calls = 0;
  v1::StatusRequest status;
  v1::ImportRequest import;
  v1::SyncNowRequest sync;
  v1::ListRequest list;
  v1::GetRequest get;
  v1::ListConflictsRequest conflicts;
  v1::ResolveRequest resolve;
  v1::DigestRequest digest;
};

class FakeAdminService final : public v1::AdminService::Service {
 public:
  void set_answers(CannedAnswers answers) ABSL_LOCKS_EXCLUDED(mu_);
  ReceivedRequests received() const ABSL_LOCKS_EXCLUDED(mu_);

  grpc::Status Status(grpc::ServerContext* context, const v1::StatusRequest* request,
                      v1::StatusResponse* response) override;
  // Receives the stream as one request: the first message with every message's content.
  grpc::Status Import(grpc::ServerContext* context, grpc::ServerReader<v1::ImportRequest>* reader,
                      v1::ImportResponse* response) override;
  grpc::Status SyncNow(grpc::ServerContext* context, const v1::SyncNowRequest* request,
                       v1::SyncNowResponse* response) override;
  grpc::Status List(grpc::ServerContext* context, const v1::ListRequest* request,
                    v1::ListResponse* response) override;
  grpc::Status Get(grpc::ServerContext* context, const v1::GetRequest* request,
                   v1::GetResponse* response) override;
  grpc::Status ListConflicts(grpc::ServerContext* context, const v1::ListConflictsRequest* request,
                             v1::ListConflictsResponse* response) override;
  grpc::Status Resolve(grpc::ServerContext* context, const v1::ResolveRequest* request,
                       v1::ResolveResponse* response) override;
  grpc::Status Digest(grpc::ServerContext* context, const v1::DigestRequest* request,
                      v1::DigestResponse* response) override;

 private:
  // Counts the call, stores `request` in `slot`, copies the canned `answer` into `response`
  // unless the canned error is set, which it returns.
  template <typename Request, typename Response>
  grpc::Status Answer(const Request& request, Request ReceivedRequests::*slot,
                      Response CannedAnswers::*answer, Response* response);

  mutable absl::Mutex mu_;
  CannedAnswers answers_ ABSL_GUARDED_BY(mu_);
  ReceivedRequests received_ ABSL_GUARDED_BY(mu_);
};

// Serves a FakeAdminService on 127.0.0.1 at a port the system picks; stops when destroyed.
class FakeAdminServer {
 public:
  FakeAdminServer();
  ~FakeAdminServer();

  // "127.0.0.1:<port>"; empty if the server could not start.
  const std::string& address() const { return address_; }
  FakeAdminService& service() { return service_; }

 private:
  FakeAdminService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

// A loopback port bound but never listened on, so connecting to it is refused; held until
// destroyed so that no one else takes it meanwhile.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  // "127.0.0.1:<port>"; empty if no socket could be bound.
  const std::string& address() const { return address_; }

 private:
  int fd_ = -1;
  std::string address_;
};

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_CLIENT_FAKE_ADMIN_SERVER_H_
