// FlakyProxy: it forwards and counts; a cut closes both ends; a stall holds the bytes until
// it ends or the link heals; a bandwidth cap slows a transfer down. No assert on time but
// lower bounds that only a broken cap can miss.
#include "tests/testing/flaky_proxy.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace kinerja::testing {
namespace {

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

TEST(FlakyProxyTest, CountsBothDirections) {
  int target_port = 0;
  const int target = ListenOnFreePort(&target_port);
  const int proxy_port = FreePort();
  auto counted = FlakyProxy::Listen(proxy_port, target_port);
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

TEST(FlakyProxyTest, PortInUseIsReportedWithThePort) {
  int taken = 0;
  const int holder = ListenOnFreePort(&taken);
  auto proxy = FlakyProxy::Listen(taken, FreePort());
  ASSERT_FALSE(proxy.ok());
  EXPECT_EQ(proxy.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(proxy.status().message(),
                                absl::StrCat("cannot listen on 127.0.0.1:", taken)))
      << proxy.status();
  close(holder);
}

TEST(FlakyProxyTest, UnreachableTargetIsExplained) {
  const int dead_port = FreePort();  // Nothing listens there.
  const int proxy_port = FreePort();
  auto proxy = FlakyProxy::Listen(proxy_port, dead_port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  const int client = Connect(proxy_port);
  char buf[1];
  EXPECT_EQ(read(client, buf, sizeof(buf)),
            0);  // The proxy closes the connection it cannot forward.
  close(client);
  EXPECT_EQ((*proxy)->last_error(),
            absl::StrCat("cannot connect to 127.0.0.1:", dead_port, ": Connection refused"));
}

// Whether `fd` reaches its end (EOF or a reset) within `timeout`: a test fails after it
// rather than hang; it is not a timing assert.
bool Ends(int fd, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  char buf[4096];
  while (absl::Now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    if (read(fd, buf, sizeof(buf)) <= 0) return true;
  }
  return false;
}

// Reads exactly `n` bytes from `fd` (or fails the test after `timeout`).
std::string ReadN(int fd, size_t n, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string got;
  char buf[4096];
  while (got.size() < n && absl::Now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const ssize_t r = read(fd, buf, std::min(sizeof(buf), n - got.size()));
    if (r <= 0) break;
    got.append(buf, static_cast<size_t>(r));
  }
  return got;
}

// A client connected through the proxy and the target's end of that connection.
struct Link {
  int target_listener = -1, client = -1, served = -1, proxy_port = 0;
  std::unique_ptr<FlakyProxy> proxy;
  ~Link() {
    proxy.reset();
    for (int fd : {client, served, target_listener}) {
      if (fd >= 0) close(fd);
    }
  }
};

void Open(Link* link) {
  int target_port = 0;
  link->target_listener = ListenOnFreePort(&target_port);
  link->proxy_port = FreePort();
  auto proxy = FlakyProxy::Listen(link->proxy_port, target_port, /*seed=*/7);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  link->proxy = *std::move(proxy);
  link->client = Connect(link->proxy_port);
  link->served = accept(link->target_listener, nullptr, nullptr);
  ASSERT_GE(link->served, 0);
}

TEST(FlakyProxyTest, ACutClosesBothEnds) {
  Link link;
  ASSERT_NO_FATAL_FAILURE(Open(&link));
  ASSERT_EQ(write(link.client, "before", 6), 6);
  EXPECT_EQ(ReadN(link.served, 6, absl::Seconds(30)), "before");
  LinkFaults faults;
  faults.cut_after_min = absl::Milliseconds(1);
  faults.cut_after_max = absl::Milliseconds(50);
  link.proxy->SetFaults(faults);
  EXPECT_TRUE(Ends(link.client, absl::Seconds(30)));
  EXPECT_TRUE(Ends(link.served, absl::Seconds(30)));
  EXPECT_EQ(link.proxy->cuts(), 1u);
}

TEST(FlakyProxyTest, AStallHoldsTheBytesUntilTheLinkHeals) {
  Link link;
  ASSERT_NO_FATAL_FAILURE(Open(&link));
  LinkFaults faults;
  faults.stall_every = absl::Milliseconds(1);
  faults.stall_for = absl::Hours(1);
  link.proxy->SetFaults(faults);
  // The first stall is due within 1 ms of SetFaults; this sleeps at least that long.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(write(link.client, "held", 4), 4);
  // Stalled for an hour: nothing may arrive (this cannot pass early by luck; a proxy that
  // does not stall fails it).
  pollfd p{link.served, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 300), 0) << "bytes went through a stalled link";
  EXPECT_EQ(link.proxy->stalls(), 1u);
  EXPECT_EQ(link.proxy->upstream_bytes(), 0u);
  link.proxy->Heal();
  EXPECT_EQ(ReadN(link.served, 4, absl::Seconds(30)), "held");
  EXPECT_EQ(link.proxy->upstream_bytes(), 4u);
}

TEST(FlakyProxyTest, ABandwidthCapSlowsATransferDownAndHealLiftsIt) {
  Link link;
  ASSERT_NO_FATAL_FAILURE(Open(&link));
  LinkFaults faults;
  faults.bytes_per_second = 8000;  // 64 kbit/s.
  link.proxy->SetFaults(faults);
  const std::string payload(8000, 'x');
  const auto start = std::chrono::steady_clock::now();
  std::thread writer([&] { ASSERT_EQ(write(link.client, payload.data(), payload.size()), 8000); });
  EXPECT_EQ(ReadN(link.served, payload.size(), absl::Seconds(60)), payload);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.join();
  // 8000 bytes at 8000 bytes/s cannot take less than ~1 s; a load can only make it slower.
  EXPECT_GE(seconds, 0.8) << "the cap let 8000 bytes through in " << seconds << " s";
  EXPECT_EQ(link.proxy->upstream_bytes(), 8000u);

  link.proxy->Heal();
  const std::string big(4 << 20, 'y');  // 4 MiB: over 8 minutes at the cap.
  std::thread fast([&] {
    size_t off = 0;
    while (off < big.size()) {
      const ssize_t w = write(link.client, big.data() + off, big.size() - off);
      ASSERT_GT(w, 0);
      off += static_cast<size_t>(w);
    }
  });
  EXPECT_EQ(ReadN(link.served, big.size(), absl::Seconds(60)).size(), big.size());
  fast.join();
}

TEST(FlakyProxyTest, AfterCutsAndAHealNewConnectionsAreForwarded) {
  Link link;
  ASSERT_NO_FATAL_FAILURE(Open(&link));
  LinkFaults faults;
  faults.cut_after_min = absl::Milliseconds(1);
  faults.cut_after_max = absl::Milliseconds(5);
  link.proxy->SetFaults(faults);
  EXPECT_TRUE(Ends(link.client, absl::Seconds(30)));
  link.proxy->Heal();
  close(link.client);
  close(link.served);
  link.client = Connect(link.proxy_port);
  link.served = accept(link.target_listener, nullptr, nullptr);
  ASSERT_GE(link.served, 0);
  ASSERT_EQ(write(link.client, "again", 5), 5);
  EXPECT_EQ(ReadN(link.served, 5, absl::Seconds(30)), "again");
  EXPECT_EQ(link.proxy->connections(), 2u);
  EXPECT_EQ(link.proxy->cuts(), 1u);
}

// The target goes away abruptly, as a SIGKILLed node does, while the client still sends: the
// proxy's writes to it fail. They used to raise SIGPIPE, which ended the whole process the
// proxy ran in (the kill-loop test, sync_bench) at the first kill.
TEST(FlakyProxyTest, APeerThatIsGoneEndsTheConnectionNotTheProcess) {
  Link link;
  ASSERT_NO_FATAL_FAILURE(Open(&link));
  // Its kernel closes its sockets; what the proxy writes after that is answered with a reset,
  // and the write after the reset fails with EPIPE.
  close(link.served);
  link.served = -1;
  // The client sends until the proxy, its write to the target failed, ends the client's side
  // too (or the test process dies of SIGPIPE before).
  const std::string data(4 << 10, 'z');
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  bool refused = false;
  while (!refused && absl::Now() < deadline) {
    refused = send(link.client, data.data(), data.size(), MSG_NOSIGNAL) < 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // Paces the sender.
  }
  EXPECT_TRUE(refused) << "the proxy never ended the client's side";
}

}  // namespace
}  // namespace kinerja::testing
