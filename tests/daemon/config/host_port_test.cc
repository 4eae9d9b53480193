#include "daemon/config/host_port.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace kinerja::config {
namespace {

TEST(SplitHostPortTest, SplitsNamesAndAddresses) {
  using Split = std::pair<std::string, int>;
  EXPECT_EQ(*SplitHostPort("127.0.0.1:7400"), Split("127.0.0.1", 7400));
  EXPECT_EQ(*SplitHostPort("hub.banten.example:443"), Split("hub.banten.example", 443));
  EXPECT_EQ(*SplitHostPort("0.0.0.0:0"), Split("0.0.0.0", 0));
  EXPECT_EQ(*SplitHostPort("[::1]:65535"), Split("::1", 65535));
}

TEST(SplitHostPortTest, RefusesWhatIsNotHostPort) {
  for (const char* bad : {"abc", "", ":7400", "host:", "host:port", "host:65536", "host:-1",
                          "::1:7400", "[::1]7400", "[::1", "a b:1", "a/b:1", "host:+80"}) {
    absl::StatusOr<std::pair<std::string, int>> split = SplitHostPort(bad);
    EXPECT_FALSE(split.ok()) << bad;
    EXPECT_EQ(split.status().message(), std::string("expected HOST:PORT, got \"") + bad + "\"");
  }
}

TEST(JoinHostPortTest, BracketsIpv6) {
  EXPECT_EQ(JoinHostPort("127.0.0.1", 7401), "127.0.0.1:7401");
  EXPECT_EQ(JoinHostPort("::1", 7401), "[::1]:7401");
}

TEST(IsLoopbackAddressTest, LoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:1"));
  EXPECT_TRUE(IsLoopbackAddress("127.8.9.10:7400"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:1"));
  EXPECT_TRUE(IsLoopbackAddress("LocalHost:1"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:1"));
}

TEST(IsLoopbackAddressTest, OtherAddressesAreNot) {
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.5:1"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:1"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:1"));
  EXPECT_FALSE(IsLoopbackAddress("128.0.0.1:1"));
  EXPECT_FALSE(IsLoopbackAddress("localhost.example:1"));
  EXPECT_FALSE(IsLoopbackAddress("127.0.0.1"));  // Not HOST:PORT.
  EXPECT_FALSE(IsLoopbackAddress("::1:1"));      // IPv6 without brackets.
  EXPECT_FALSE(IsLoopbackAddress(""));
}

}  // namespace
}  // namespace kinerja::config
