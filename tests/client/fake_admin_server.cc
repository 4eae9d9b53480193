#include "tests/client/fake_admin_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace kinerja::testing {

void FakeAdminService::set_answers(CannedAnswers answers) {
  absl::MutexLock lock(&mu_);
  answers_ = std::move(answers);
}

ReceivedRequests FakeAdminService::received() const {
  absl::MutexLock lock(&mu_);
  return received_;
}

template <typename Request, typename Response>
grpc::Status FakeAdminService::Answer(const Request& request, Request ReceivedRequests::*slot,
                                      Response CannedAnswers::*answer, Response* response) {
  absl::Notification* hold;
  {
    absl::MutexLock lock(&mu_);
    ++received_.calls;
    received_.*slot = request;
    hold = answers_.hold;
  }
  if (hold != nullptr) hold->WaitForNotification();
  absl::MutexLock lock(&mu_);
  if (!answers_.error.ok()) return answers_.error;
  *response = answers_.*answer;
  return grpc::Status::OK;
}

grpc::Status FakeAdminService::Status(grpc::ServerContext*, const v1::StatusRequest* request,
                                      v1::StatusResponse* response) {
  return Answer(*request, &ReceivedRequests::status, &CannedAnswers::status, response);
}

grpc::Status FakeAdminService::Import(grpc::ServerContext*,
                                      grpc::ServerReader<v1::ImportRequest>* reader,
                                      v1::ImportResponse* response) {
  v1::ImportRequest whole, piece;
  bool first = true;
  while (reader->Read(&piece)) {
    if (first) {
      whole = piece;
      first = false;
    } else {
      whole.mutable_content()->append(piece.content());
    }
  }
  return Answer(whole, &ReceivedRequests::import, &CannedAnswers::import, response);
}

grpc::Status FakeAdminService::SyncNow(grpc::ServerContext*, const v1::SyncNowRequest* request,
                                       v1::SyncNowResponse* response) {
  return Answer(*request, &ReceivedRequests::sync, &CannedAnswers::sync, response);
}

grpc::Status FakeAdminService::List(grpc::ServerContext*, const v1::ListRequest* request,
                                    v1::ListResponse* response) {
  return Answer(*request, &ReceivedRequests::list, &CannedAnswers::list, response);
}

grpc::Status FakeAdminService::Get(grpc::ServerContext*, const v1::GetRequest* request,
                                   v1::GetResponse* response) {
  return Answer(*request, &ReceivedRequests::get, &CannedAnswers::get, response);
}

grpc::Status FakeAdminService::ListConflicts(grpc::ServerContext*,
                                             const v1::ListConflictsRequest* request,
                                             v1::ListConflictsResponse* response) {
  return Answer(*request, &ReceivedRequests::conflicts, &CannedAnswers::conflicts, response);
}

grpc::Status FakeAdminService::Resolve(grpc::ServerContext*, const v1::ResolveRequest* request,
                                       v1::ResolveResponse* response) {
  return Answer(*request, &ReceivedRequests::resolve, &CannedAnswers::resolve, response);
}

grpc::Status FakeAdminService::Digest(grpc::ServerContext*, const v1::DigestRequest* request,
                                      v1::DigestResponse* response) {
  return Answer(*request, &ReceivedRequests::digest, &CannedAnswers::digest, response);
}

FakeAdminServer::FakeAdminServer() {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
  if (server_ != nullptr && port > 0) address_ = absl::StrCat("127.0.0.1:", port);
}

FakeAdminServer::~FakeAdminServer() {
  if (server_ != nullptr) server_->Shutdown();
}

RefusingPort::RefusingPort() {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return;
  }
  address_ = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
}

RefusingPort::~RefusingPort() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace kinerja::testing
