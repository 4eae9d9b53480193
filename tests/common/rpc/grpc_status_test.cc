#include "common/rpc/grpc_status.h"

#include "gtest/gtest.h"

namespace kinerja::rpc {
namespace {

TEST(ToGrpcStatusTest, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(ToGrpcStatusTest, KeepsCodeAndMessage) {
  const grpc::Status s = ToGrpcStatus(absl::PermissionDeniedError("change 3604-ab:7 refused"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s.error_message(), "change 3604-ab:7 refused");
}

TEST(FromGrpcStatusTest, OkStaysOkWhateverTheContext) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK, "sync with 127.0.0.1:1").ok());
}

TEST(FromGrpcStatusTest, KeepsCodeAndMessage) {
  const absl::Status s =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "gap in origin 36"));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "gap in origin 36");
}

TEST(FromGrpcStatusTest, ContextPrefixesTheMessage) {
  const absl::Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "refused"),
                                        "sync with 127.0.0.1:7400");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "sync with 127.0.0.1:7400: refused");
}

TEST(FromGrpcStatusTest, EmptyMessageBecomesTheCodeName) {
  const absl::Status s = FromGrpcStatus(grpc::Status(grpc::StatusCode::NOT_FOUND, ""));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), absl::StatusCodeToString(absl::StatusCode::kNotFound));
}

TEST(FromGrpcStatusTest, CodeOutsideTheCanonicalRangeBecomesUnknown) {
  const absl::Status s = FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(99), "odd"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(s.message(), "odd");
}

TEST(RoundTripTest, EveryCanonicalCodeSurvives) {
  for (int c = 1; c <= 16; ++c) {
    const absl::Status in(static_cast<absl::StatusCode>(c), "m");
    EXPECT_EQ(FromGrpcStatus(ToGrpcStatus(in)), in) << c;
  }
}

}  // namespace
}  // namespace kinerja::rpc
