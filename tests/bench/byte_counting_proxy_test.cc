#include "bench/byte_counting_proxy.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace kinerja::bench {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// A listening socket on a free loopback port; its port in `*port`.
int ListenOnFreePort(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  EXPECT_EQ(listen(fd, 8), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  *port = ntohs(addr.sin_port);
  return fd;
}

int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in addr = Loopback(port);
  EXPECT_EQ(connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

TEST(ByteCountingProxyTest, CountsBothDirections) {
  int target_port = 0;
  const int target = ListenOnFreePort(&target_port);
  const int proxy_port = testing::FreePort();
  auto counted = ByteCountingProxy::Listen(proxy_port, target_port);
  ASSERT_TRUE(counted.ok()) << counted.status();
  const int client = Connect(proxy_port);
  const int served = accept(target, nullptr, nullptr);
  ASSERT_GE(served, 0);
  ASSERT_EQ(write(client, "hello", 5), 5);
  char buf[16];
  ASSERT_EQ(read(served, buf, sizeof(buf)), 5);
  ASSERT_EQ(write(served, "ok", 2), 2);
  ASSERT_EQ(read(client, buf, sizeof(buf)), 2);
  EXPECT_EQ((*counted)->upstream_bytes(), 5u);
  EXPECT_EQ((*counted)->downstream_bytes(), 2u);
  EXPECT_EQ((*counted)->last_error(), "");
  close(client);
  close(served);
  close(target);
}

TEST(ByteCountingProxyTest, PortInUseIsReportedWithThePort) {
  int taken = 0;
  const int holder = ListenOnFreePort(&taken);
  auto proxy = ByteCountingProxy::Listen(taken, testing::FreePort());
  ASSERT_FALSE(proxy.ok());
  EXPECT_EQ(proxy.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(proxy.status().message(),
                                absl::StrCat("cannot listen on 127.0.0.1:", taken)))
      << proxy.status();
  close(holder);
}

TEST(ByteCountingProxyTest, UnreachableTargetIsExplained) {
  const int dead_port = testing::FreePort();  // Nothing listens there.
  const int proxy_port = testing::FreePort();
  auto proxy = ByteCountingProxy::Listen(proxy_port, dead_port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  const int client = Connect(proxy_port);
  char buf[1];
  EXPECT_EQ(read(client, buf, sizeof(buf)),
            0);  // The proxy closes the connection it cannot forward.
  close(client);
  EXPECT_EQ((*proxy)->last_error(),
            absl::StrCat("cannot connect to 127.0.0.1:", dead_port, ": Connection refused"));
}

}  // namespace
}  // namespace kinerja::bench
