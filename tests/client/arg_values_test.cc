#include "client/cli/arg_values.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

using ::testing::HasSubstr;

TEST(ParseTimeoutTest, AcceptsGoStyleDurations) {
  EXPECT_EQ(*ParseTimeout("30s"), absl::Seconds(30));
  EXPECT_EQ(*ParseTimeout("2m"), absl::Minutes(2));
  EXPECT_EQ(*ParseTimeout("500ms"), absl::Milliseconds(500));
  EXPECT_EQ(*ParseTimeout("1m30s"), absl::Seconds(90));
  EXPECT_EQ(*ParseTimeout("1.5s"), absl::Milliseconds(1500));
  EXPECT_EQ(*ParseTimeout("24h"), absl::Hours(24));
}

TEST(ParseTimeoutTest, RefusesBareNumbersAndNonsenseWithAnExample) {
  for (const char* text : {"60", "", "abc", "30 s", "s", "inf"}) {
    const auto parsed = ParseTimeout(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr("like 30s, 2m or 500ms")) << text;
  }
}

TEST(ParseTimeoutTest, RefusesZeroNegativeAndHuge) {
  for (const char* text : {"0", "0s", "-1s", "999us", "25h"}) {
    const auto parsed = ParseTimeout(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(ParseChangeIdTest, SplitsAtTheLastHash) {
  const auto id = ParseChangeId("3604.9f2c41d07ab3#12");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->origin(), "3604.9f2c41d07ab3");
  EXPECT_EQ(id->seq(), 12u);
  const auto odd = ParseChangeId("a#b#7");
  ASSERT_TRUE(odd.ok()) << odd.status();
  EXPECT_EQ(odd->origin(), "a#b");
  EXPECT_EQ(odd->seq(), 7u);
}

TEST(ParseChangeIdTest, RefusesMalformedIds) {
  for (const char* text : {"", "3604", "#12", "3604#", "3604#0", "3604#-1", "3604#+1", "3604# 1",
                           "3604#1x", "3604#99999999999999999999999"}) {
    const auto id = ParseChangeId(text);
    ASSERT_FALSE(id.ok()) << text;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(id.status().message(), HasSubstr("ORIGIN#SEQ")) << text;
  }
}

}  // namespace
}  // namespace kinerja::client
