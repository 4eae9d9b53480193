#include "tests/client/fake_query_server.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace kinerja::testing {

void FakeQueryService::set_answers(CannedQueryAnswers answers) {
  absl::MutexLock lock(&mu_);
  answers_ = std::move(answers);
}

ReceivedQueryRequests FakeQueryService::received() const {
  absl::MutexLock lock(&mu_);
  return received_;
}

template <typename Request>
CannedQueryAnswers FakeQueryService::Receive(const Request& request,
                                             Request ReceivedQueryRequests::*slot) {
  absl::Notification* hold;
  {
    absl::MutexLock lock(&mu_);
    ++received_.calls;
    received_.*slot = request;
    hold = answers_.hold;
  }
  if (hold != nullptr) hold->WaitForNotification();
  absl::MutexLock lock(&mu_);
  return answers_;
}

grpc::Status FakeQueryService::Rollup(grpc::ServerContext*, const v1::RollupRequest* request,
                                      v1::RollupResponse* response) {
  const CannedQueryAnswers answers = Receive(*request, &ReceivedQueryRequests::rollup);
  if (!answers.error.ok()) return answers.error;
  *response = answers.rollup;
  return grpc::Status::OK;
}

grpc::Status FakeQueryService::ReportLkj(grpc::ServerContext*, const v1::LkjRequest* request,
                                         v1::LkjResponse* response) {
  const CannedQueryAnswers answers = Receive(*request, &ReceivedQueryRequests::lkj);
  if (!answers.error.ok()) return answers.error;
  *response = answers.lkj;
  return grpc::Status::OK;
}

grpc::Status FakeQueryService::Export(grpc::ServerContext*, const v1::ExportRequest* request,
                                      v1::ExportResponse* response) {
  const CannedQueryAnswers answers = Receive(*request, &ReceivedQueryRequests::exported);
  if (!answers.error.ok()) return answers.error;
  *response = answers.exported;
  return grpc::Status::OK;
}

grpc::Status FakeQueryService::WatchRollups(grpc::ServerContext* context,
                                            const v1::WatchRollupsRequest* request,
                                            grpc::ServerWriter<v1::WatchRollupsResponse>* writer) {
  {
    absl::MutexLock lock(&mu_);
    // A call without a deadline has the infinite one, which gRPC shows as the largest time.
    received_.watch_had_deadline =
        context->deadline() != std::chrono::system_clock::time_point::max();
  }
  const CannedQueryAnswers answers = Receive(*request, &ReceivedQueryRequests::watch);
  if (!answers.error.ok()) return answers.error;
  for (const v1::WatchRollupsResponse& response : answers.feed) {
    if (!writer->Write(response)) return grpc::Status(grpc::StatusCode::CANCELLED, "gone");
  }
  return answers.feed_end;
}

FakeQueryServer::FakeQueryServer() {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
  if (server_ != nullptr && port > 0) address_ = absl::StrCat("127.0.0.1:", port);
}

FakeQueryServer::~FakeQueryServer() {
  if (server_ != nullptr) server_->Shutdown();
}

}  // namespace kinerja::testing
