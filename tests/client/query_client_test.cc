#include "client/rpc/query_client.h"

#include <vector>

#include "absl/synchronization/notification.h"
#include "common/values/enum_words.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/fake_admin_server.h"
#include "tests/client/fake_query_server.h"
#include "tests/client/query_samples.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::kinerja::testing::CannedQueryAnswers;
using ::kinerja::testing::FakeQueryServer;
using ::kinerja::testing::RefusingPort;
using ::kinerja::testing::TangerangLkj;
using ::kinerja::testing::TangerangRollup;
using ::kinerja::testing::TotalChange;
using ::testing::StartsWith;

// Three changes in two responses.
std::vector<v1::WatchRollupsResponse> Feed() {
  std::vector<v1::WatchRollupsResponse> feed(2);
  *feed[0].add_changes() = TotalChange(1, 100);
  *feed[0].add_changes() = TotalChange(2, 200);
  *feed[1].add_changes() = TotalChange(3, 0, /*deleted=*/true);
  return feed;
}

TEST(QueryClientTest, ReturnsTheResponsesAndSendsTheRequests) {
  FakeQueryServer server;
  ASSERT_FALSE(server.address().empty());
  CannedQueryAnswers answers;
  answers.rollup = TangerangRollup();
  answers.lkj = TangerangLkj();
  answers.exported.set_csv("kode,nama,tingkat,induk\n3603,KPU Kabupaten Tangerang,kabkota,36\n");
  answers.exported.set_rows(1);
  server.service().set_answers(answers);
  QueryClient client(server.address());

  v1::RollupRequest rollup;
  rollup.set_satker("3603");
  rollup.set_tahun(2024);
  const absl::StatusOr<v1::RollupResponse> rolled = client.Rollup(rollup);
  ASSERT_TRUE(rolled.ok()) << rolled.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*rolled, answers.rollup));
  EXPECT_TRUE(MessageDifferencer::Equals(server.service().received().rollup, rollup));

  v1::LkjRequest lkj;
  lkj.set_satker("3603");
  lkj.set_tahun(2024);
  const absl::StatusOr<v1::LkjResponse> report = client.ReportLkj(lkj);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*report, answers.lkj));
  EXPECT_TRUE(MessageDifferencer::Equals(server.service().received().lkj, lkj));

  v1::ExportRequest exported;
  exported.set_file_kind(v1::FILE_KIND_SATKER);
  const absl::StatusOr<v1::ExportResponse> csv = client.Export(exported);
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(csv->csv(), answers.exported.csv());
  EXPECT_EQ(values::EnumWord(server.service().received().exported.file_kind()), "satker");
}

TEST(QueryClientTest, KeepsTheServersCodeAndMessage) {
  FakeQueryServer server;
  CannedQueryAnswers answers;
  answers.error = grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                               "satker 3604 is not below this node's 3603");
  server.service().set_answers(answers);
  QueryClient client(server.address());
  const absl::StatusOr<v1::RollupResponse> response = client.Rollup(v1::RollupRequest());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(response.status().message(), "satker 3604 is not below this node's 3603");
}

TEST(QueryClientTest, UnreachableDaemonIsUnavailableNamingTheAddress) {
  RefusingPort port;
  ASSERT_FALSE(port.address().empty());
  QueryClient client(port.address());
  const absl::StatusOr<v1::LkjResponse> response = client.ReportLkj(v1::LkjRequest());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(response.status().message()),
              StartsWith("cannot reach kinerjad at " + port.address() + ": "));

  const absl::Status watched = client.WatchRollups(
      v1::WatchRollupsRequest(), [](const v1::WatchRollupsResponse&) { return absl::OkStatus(); });
  EXPECT_EQ(watched.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(watched.message()), StartsWith("cannot reach kinerjad at "));
}

TEST(QueryClientTest, CallsCarryTheDeadline) {
  FakeQueryServer server;
  absl::Notification release;
  CannedQueryAnswers answers;
  answers.hold = &release;
  server.service().set_answers(answers);
  QueryClientOptions options;
  options.deadline = absl::Milliseconds(200);
  QueryClient client(server.address(), options);
  const absl::StatusOr<v1::ExportResponse> response = client.Export(v1::ExportRequest());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
  const absl::Status watched = client.WatchRollups(
      v1::WatchRollupsRequest(), [](const v1::WatchRollupsResponse&) { return absl::OkStatus(); });
  release.Notify();
  EXPECT_EQ(watched.code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(QueryClientTest, WatchRollupsHandsOverEveryResponseInOrder) {
  FakeQueryServer server;
  CannedQueryAnswers answers;
  answers.feed = Feed();
  server.service().set_answers(answers);
  QueryClient client(server.address());
  v1::WatchRollupsRequest request;
  request.set_cursor(7);
  std::vector<uint64_t> cursors;
  const absl::Status status =
      client.WatchRollups(request, [&cursors](const v1::WatchRollupsResponse& response) {
        for (const v1::RollupChange& c : response.changes()) cursors.push_back(c.cursor());
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_THAT(cursors, ::testing::ElementsAre(1, 2, 3));
  EXPECT_EQ(server.service().received().watch.cursor(), 7u);
  EXPECT_FALSE(server.service().received().watch.follow());
  EXPECT_TRUE(server.service().received().watch_had_deadline);
}

TEST(QueryClientTest, FollowingHasNoDeadline) {
  FakeQueryServer server;
  CannedQueryAnswers answers;
  answers.feed = Feed();
  server.service().set_answers(answers);
  QueryClient client(server.address());
  v1::WatchRollupsRequest request;
  request.set_follow(true);
  const absl::Status status = client.WatchRollups(
      request, [](const v1::WatchRollupsResponse&) { return absl::OkStatus(); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_TRUE(server.service().received().watch.follow());
  EXPECT_FALSE(server.service().received().watch_had_deadline);
}

TEST(QueryClientTest, HandlerErrorEndsTheStreamWithThatError) {
  FakeQueryServer server;
  CannedQueryAnswers answers;
  answers.feed = Feed();
  server.service().set_answers(answers);
  QueryClient client(server.address());
  int calls = 0;
  const absl::Status status =
      client.WatchRollups(v1::WatchRollupsRequest(), [&calls](const v1::WatchRollupsResponse&) {
        ++calls;
        return absl::DataLossError("stdout closed");
      });
  EXPECT_EQ(status, absl::DataLossError("stdout closed"));
  EXPECT_EQ(calls, 1);
}

TEST(QueryClientTest, StreamEndingInErrorKeepsTheServersStatus) {
  FakeQueryServer server;
  CannedQueryAnswers answers;
  answers.feed = Feed();
  answers.feed_end = grpc::Status(grpc::StatusCode::ABORTED, "feed compacted; resync from 0");
  server.service().set_answers(answers);
  QueryClient client(server.address());
  int calls = 0;
  const absl::Status status =
      client.WatchRollups(v1::WatchRollupsRequest(), [&calls](const v1::WatchRollupsResponse&) {
        ++calls;
        return absl::OkStatus();
      });
  EXPECT_EQ(status, absl::AbortedError("feed compacted; resync from 0"));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace kinerja::client
