#include "client/rpc/admin_client.h"

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/fake_admin_server.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::kinerja::testing::CannedAnswers;
using ::kinerja::testing::FakeAdminServer;
using ::kinerja::testing::RefusingPort;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(AdminClientTest, ReturnsTheResponseAndSendsTheRequest) {
  FakeAdminServer server;
  ASSERT_FALSE(server.address().empty());
  CannedAnswers answers;
  answers.import.set_created(3);
  answers.import.set_rows(3);
  server.service().set_answers(answers);

  AdminClient client(server.address());
  v1::ImportRequest request;
  request.set_file_kind(v1::FILE_KIND_ANGGARAN);
  request.set_file_name("anggaran.csv");
  request.set_content("satker,tahun\n");
  request.set_author("siti");
  const absl::StatusOr<v1::ImportResponse> response = client.Import(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*response, answers.import));
  EXPECT_TRUE(MessageDifferencer::Equals(server.service().received().import, request));
}

TEST(AdminClientTest, KeepsTheServersCodeAndMessage) {
  FakeAdminServer server;
  CannedAnswers answers;
  answers.error = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                               "anggaran.csv:4: column pagu: expected an amount like "
                               "1.000.000, got \"dua juta\"");
  server.service().set_answers(answers);
  AdminClient client(server.address());
  const absl::StatusOr<v1::ImportResponse> response = client.Import(v1::ImportRequest());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(response.status().message(),
            "anggaran.csv:4: column pagu: expected an amount like 1.000.000, got \"dua juta\"");
}

TEST(AdminClientTest, UnavailableFromTheDaemonKeepsItsMessage) {
  FakeAdminServer server;
  CannedAnswers answers;
  answers.error =
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "upstream 127.0.0.1:7400 unreachable");
  server.service().set_answers(answers);
  AdminClient client(server.address());
  const absl::StatusOr<v1::SyncNowResponse> response = client.SyncNow(v1::SyncNowRequest());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(response.status().message(), "upstream 127.0.0.1:7400 unreachable");
}

TEST(AdminClientTest, UnreachableDaemonIsUnavailableNamingTheAddress) {
  RefusingPort port;
  ASSERT_FALSE(port.address().empty());
  AdminClient client(port.address());
  const absl::StatusOr<v1::StatusResponse> response = client.GetStatus();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(response.status().message()),
              StartsWith("cannot reach kinerjad at " + port.address() + ": "));
}

TEST(AdminClientTest, CallsCarryTheDeadline) {
  FakeAdminServer server;
  absl::Notification release;
  CannedAnswers answers;
  answers.hold = &release;
  server.service().set_answers(answers);
  AdminClientOptions options;
  options.deadline = absl::Milliseconds(200);
  AdminClient client(server.address(), options);
  const absl::StatusOr<v1::ListResponse> response = client.List(v1::ListRequest());
  release.Notify();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(AdminClientTest, SyncNowDeadlineIsTheRequestTimeoutPlusGrace) {
  FakeAdminServer server;
  absl::Notification release;
  CannedAnswers answers;
  answers.hold = &release;
  server.service().set_answers(answers);
  AdminClientOptions options;
  options.deadline = absl::Hours(1);  // Not the one SyncNow uses.
  options.sync_grace = absl::Milliseconds(100);
  AdminClient client(server.address(), options);
  v1::SyncNowRequest request;
  request.set_timeout_ms(100);
  const absl::StatusOr<v1::SyncNowResponse> response = client.SyncNow(request);
  release.Notify();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(server.service().received().sync.timeout_ms(), 100u);
}

}  // namespace
}  // namespace kinerja::client
