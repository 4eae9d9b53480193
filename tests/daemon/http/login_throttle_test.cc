#include "daemon/http/login_throttle.h"

#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(LoginThrottleTest, FifthFailureLocksOutAndEachFurtherDoubles) {
  LoginThrottle throttle;  // 5 failures, 30 s first, doubling, 15 min cap.
  absl::Time now = kStart;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(throttle.Wait("user:ani", now), absl::ZeroDuration()) << i;
    throttle.Failure("user:ani", now);
  }
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::ZeroDuration());
  throttle.Failure("user:ani", now);
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::Seconds(30));
  EXPECT_EQ(throttle.Wait("user:budi", now), absl::ZeroDuration()) << "keys are apart";
  now += absl::Seconds(30);
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::ZeroDuration());
  throttle.Failure("user:ani", now);
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::Seconds(60));
  now += absl::Seconds(60);
  throttle.Failure("user:ani", now);
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::Seconds(120));
  for (int i = 0; i < 10; ++i) {
    now += throttle.Wait("user:ani", now);
    throttle.Failure("user:ani", now);
  }
  EXPECT_EQ(throttle.Wait("user:ani", now), absl::Minutes(15)) << "capped";
}

TEST(LoginThrottleTest, TwentyWrongPasswordsInARowAreThrottled) {
  // What a login does: a locked-out key is refused before its password is checked, and only
  // a checked wrong password counts.
  LoginThrottle throttle;
  const absl::Time now = kStart;
  int refused = 0;
  int checked = 0;
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (throttle.Wait("addr:10.0.0.9", now) > absl::ZeroDuration()) {
      ++refused;
      continue;
    }
    ++checked;
    throttle.Failure("addr:10.0.0.9", now);
  }
  EXPECT_EQ(checked, 5);
  EXPECT_EQ(refused, 15);
}

TEST(LoginThrottleTest, AQuietWindowStartsTheCountAgain) {
  LoginThrottle throttle;
  absl::Time now = kStart;
  for (int i = 0; i < 4; ++i) throttle.Failure("k", now);
  now += absl::Minutes(15);
  throttle.Failure("k", now);
  EXPECT_EQ(throttle.Wait("k", now), absl::ZeroDuration()) << "one failure in this window";
  for (int i = 0; i < 3; ++i) throttle.Failure("k", now);
  EXPECT_EQ(throttle.Wait("k", now), absl::ZeroDuration());
  throttle.Failure("k", now);
  EXPECT_EQ(throttle.Wait("k", now), absl::Seconds(30));
}

TEST(LoginThrottleTest, SuccessForgetsTheKey) {
  LoginThrottle throttle;
  for (int i = 0; i < 4; ++i) throttle.Failure("user:ani", kStart);
  throttle.Success("user:ani");
  throttle.Failure("user:ani", kStart);
  EXPECT_EQ(throttle.Wait("user:ani", kStart), absl::ZeroDuration());
}

TEST(LoginThrottleTest, KeysAreBounded) {
  LoginThrottleOptions options;
  options.max_keys = 3;
  options.max_failures = 1;
  LoginThrottle throttle(options);
  throttle.Failure("a", kStart);
  throttle.Failure("b", kStart + absl::Seconds(1));
  throttle.Failure("c", kStart + absl::Seconds(2));
  throttle.Failure("d", kStart + absl::Seconds(3));  // Forgets a, the oldest.
  const absl::Time now = kStart + absl::Seconds(4);
  EXPECT_EQ(throttle.Wait("a", now), absl::ZeroDuration());
  EXPECT_GT(throttle.Wait("b", now), absl::ZeroDuration());
  EXPECT_GT(throttle.Wait("d", now), absl::ZeroDuration());
}

}  // namespace
}  // namespace kinerja::daemon
