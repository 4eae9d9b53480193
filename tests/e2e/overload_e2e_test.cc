// End-to-end: a node under load or abuse keeps serving its children, as issue "Close the
// holes" asks. Raw TCP connections past the open-file limit do not leave a hub deaf; admin
// calls blocked on a dead upstream do not starve children's sessions; an office whose
// upstream never answers stops at once when told to.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "daemon/tls/tls_credentials.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "tests/e2e/cluster.h"

namespace kinerja::e2e {
namespace {

constexpr char kRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n"
    "36,KPU Provinsi Banten,provinsi,RI\n"
    "3604,KPU Kabupaten Serang,kabkota,36\n";

constexpr char kAnggaran[] =
    "satker;tahun;program_kode;program;kegiatan_kode;rincian_kode;kegiatan;periode;pagu;"
    "realisasi\n"
    "3604;2024;WA;Dukungan Manajemen;3000;001;Layanan Perkantoran;B01;1000000;1000\n";

int PortOf(const std::string& address) { return std::stoi(address.substr(address.rfind(':') + 1)); }

// Sockets closed on destruction.
class Sockets {
 public:
  ~Sockets() { CloseAll(); }
  // Starts `n` non-blocking connections to 127.0.0.1:`port`; returns how many were started.
  int Open(int port, int n) {
    int started = 0;
    for (int i = 0; i < n; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) break;
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(port));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 &&
          errno != EINPROGRESS) {
        close(fd);
        continue;
      }
      fds_.push_back(fd);
      ++started;
    }
    return started;
  }
  void CloseAll() {
    for (int fd : fds_) close(fd);
    fds_.clear();
  }

 private:
  std::vector<int> fds_;
};

// A TCP listener that completes connections (the kernel does) but never reads or answers: an
// upstream that is up at the network level and dead above it.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    for (int attempt = 0; attempt < 20 && port_ == 0; ++attempt) {
      const int port = testing::FreePort();
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(port));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
          listen(fd_, 128) == 0) {
        port_ = port;
      }
    }
  }
  ~SilentListener() { close(fd_); }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// Open descriptors of process `pid` (0 if it cannot be read).
int OpenFds(pid_t pid) {
  std::error_code ec;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator(absl::StrCat("/proc/", pid, "/fd"), ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

// This harness opens hundreds of sockets: raise its own soft limit to the hard one.
void RaiseOwnFdLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Established TCP connections to 127.0.0.1:`port`, from /proc/net/tcp and tcp6 (gRPC
// dials IPv4 addresses from dual-stack sockets).
int EstablishedTo(int port) {
  int n = 0;
  const std::string remote = absl::StrCat(":", absl::Hex(port, absl::kZeroPad4));
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // Header.
    while (std::getline(in, line)) {
      // "sl local_address rem_address st ...": addresses are HEXIP:HEXPORT, state 01 is
      // ESTABLISHED.
      std::istringstream fields(line);
      std::string sl, local, rem, st;
      fields >> sl >> local >> rem >> st;
      if (st == "01" && absl::EndsWithIgnoreCase(rem, remote)) ++n;
    }
  }
  return n;
}

bool SyncSucceeds(const Cluster& c, const std::string& node, const char* timeout) {
  const CtlResult r = c.Ctl(node, {"sync", "--timeout", timeout});
  return r.exit_code == 0;
}

class OverloadE2eTest : public ::testing::Test {
 protected:
  OverloadE2eTest() : cluster_(kRegistry) { RaiseOwnFdLimit(); }

  // A hub whose upstream never answers (so the hub runs alone) and its office.
  void AddHubAndOffice(const std::string& hub_upstream) {
    cluster_.Add("36", "36", "province", "", {"--upstream", hub_upstream});
    cluster_.Add("3604", "3604", "office", "36");
  }

  Cluster cluster_;
};

constexpr int kHubFdSoft = 128;
constexpr int kHubFdHard = 256;

// Twice the hub's open-file limit in raw TCP connections, to its peer listener and then to
// its admin listener, all closed again: the hub still accepts, and an office syncs.
TEST_F(OverloadE2eTest, HubKeepsAcceptingAfterConnectionsPastItsFdLimit) {
  SilentListener national;
  AddHubAndOffice(national.address());
  cluster_.SetFdLimit("36", kHubFdSoft, kHubFdHard);
  cluster_.Start("36");
  cluster_.Start("3604");
  ASSERT_TRUE(cluster_.Ctl("3604", {"import", "anggaran", cluster_.WriteFile("a.csv", kAnggaran)})
                  .exit_code == 0);
  ASSERT_TRUE(SyncSucceeds(cluster_, "3604", "10s"));
  cluster_.Stop("3604");  // Restarted after the flood, it must dial a new connection.

  for (const std::string& address : {cluster_.SyncAddress("36"), cluster_.AdminAddress("36")}) {
    Sockets flood;
    EXPECT_EQ(flood.Open(PortOf(address), 2 * kHubFdHard), 2 * kHubFdHard) << address;
    // The hub has taken the flood in: most of its descriptors are in use.
    EXPECT_TRUE(
        WaitFor([&] { return OpenFds(cluster_.Pid("36")) >= kHubFdHard / 2; }, absl::Seconds(10)))
        << address << ": the hub holds " << OpenFds(cluster_.Pid("36")) << " descriptors";
    flood.CloseAll();
  }
  const absl::Time start = absl::Now();
  cluster_.Start("3604");
  EXPECT_TRUE(WaitFor([&] { return SyncSucceeds(cluster_, "3604", "5s"); }, absl::Seconds(10)))
      << "the office cannot sync with its hub after the flood";
  EXPECT_TRUE(
      WaitFor([&] { return cluster_.Ctl("36", {"status"}).exit_code == 0; }, absl::Seconds(10)))
      << "the hub's admin listener no longer answers after the flood";
  std::cout << "after the flood closed, office sync and hub status succeeded within "
            << absl::FormatDuration(absl::Now() - start) << "\n";
  cluster_.Stop("3604");
  cluster_.Stop("36");
}

// While raw connections hold every slot the hub gives them, an office still gets through:
// idle connections that never finish a handshake are dropped, and the hub keeps accepting.
TEST_F(OverloadE2eTest, OfficeSyncsWhileRawConnectionsAreHeldOpen) {
  SilentListener national;
  AddHubAndOffice(national.address());
  cluster_.SetFdLimit("36", kHubFdSoft, kHubFdHard);
  cluster_.Start("36");
  cluster_.Start("3604");
  Sockets flood;
  EXPECT_EQ(flood.Open(PortOf(cluster_.SyncAddress("36")), 2 * kHubFdHard), 2 * kHubFdHard);
  EXPECT_TRUE(
      WaitFor([&] { return OpenFds(cluster_.Pid("36")) >= kHubFdHard / 2; }, absl::Seconds(10)));
  const absl::Time start = absl::Now();
  EXPECT_TRUE(WaitFor([&] { return SyncSucceeds(cluster_, "3604", "5s"); }, absl::Seconds(60)))
      << "the office cannot sync while raw connections are held open";
  std::cout << "with the flood held open, office sync succeeded within "
            << absl::FormatDuration(absl::Now() - start) << "\n";
  flood.CloseAll();
  cluster_.Stop("3604");
  cluster_.Stop("36");
}

// Sixteen `kinerjactl sync` calls on a hub whose upstream never answers each hold an admin
// worker for as long as the hub waits on that upstream; the office's session with the hub
// still completes.
TEST_F(OverloadE2eTest, ChildSessionCompletesWhileAdminCallsWaitOnADeadUpstream) {
  SilentListener national;
  AddHubAndOffice(national.address());
  cluster_.Start("36");
  cluster_.Start("3604");
  ASSERT_TRUE(cluster_.Ctl("3604", {"import", "anggaran", cluster_.WriteFile("a.csv", kAnggaran)})
                  .exit_code == 0);
  constexpr int kBlocked = 16;
  std::vector<pid_t> blocked;
  for (int i = 0; i < kBlocked; ++i) {
    blocked.push_back(cluster_.CtlAsync("36", {"sync", "--timeout", "60s"}));
  }
  // They have reached the hub: each holds a connection to its admin listener.
  EXPECT_TRUE(
      WaitFor([&] { return EstablishedTo(PortOf(cluster_.AdminAddress("36"))) >= kBlocked; },
              absl::Seconds(10)));
  const CtlResult sync = cluster_.Ctl("3604", {"sync", "--timeout", "10s"});
  EXPECT_EQ(sync.exit_code, 0) << sync.out << sync.err;
  for (pid_t pid : blocked) kill(pid, SIGKILL);
  for (pid_t pid : blocked) testing::WaitExit(pid);
  cluster_.Stop("3604");
  cluster_.Stop("36");
}

// A child that gets through mutual TLS, opens a sync session and never says hello holds it
// (and its connection) no longer than the hub's hello timeout (10 s).
TEST_F(OverloadE2eTest, SessionWithoutHelloIsEndedByTheHub) {
  SilentListener national;
  AddHubAndOffice(national.address());  // The office for its certificate.
  cluster_.Start("36");
  const std::string certs = cluster_.cert_dir();
  auto creds =
      tls::MakeChannelCredentials({certs + "/3604.pem", certs + "/3604.key", certs + "/ca.pem"});
  ASSERT_TRUE(creds.ok()) << creds.status();
  auto stub = v1::SyncService::NewStub(grpc::CreateChannel(cluster_.SyncAddress("36"), *creds));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = stub->Sync(&ctx);
  v1::SyncMessage in;
  while (stream->Read(&in)) {
  }
  const grpc::Status st = stream->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << st.error_message();
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("no hello from 3604"));
  cluster_.Stop("36");
}

// An office whose upstream accepts TCP but never speaks (its session waits for the TLS
// handshake): SIGTERM ends it promptly.
TEST_F(OverloadE2eTest, OfficeStopsPromptlyWhenItsUpstreamNeverAnswers) {
  SilentListener hub;
  cluster_.Add("3604", "3604", "office", "", {"--upstream", hub.address()});
  cluster_.Start("3604");  // Its first session starts at once and waits on the upstream.
  const absl::Time start = absl::Now();
  const std::optional<int> code = cluster_.StopWithin("3604", absl::Seconds(5));
  EXPECT_EQ(code, std::optional<int>(0)) << "the office did not exit cleanly within 5 s";
  std::cout << "office exited " << absl::FormatDuration(absl::Now() - start) << " after SIGTERM\n";
}

// An office in the middle of a session with a hub that froze (the connection stays up, nothing
// answers): SIGTERM ends it promptly, without waiting for keepalive to notice.
TEST_F(OverloadE2eTest, OfficeStopsPromptlyMidSessionWithAFrozenHub) {
  SilentListener national;
  AddHubAndOffice(national.address());
  cluster_.Start("36");
  cluster_.Start("3604");
  ASSERT_TRUE(SyncSucceeds(cluster_, "3604", "10s"));
  ASSERT_EQ(kill(cluster_.Pid("36"), SIGSTOP), 0);
  // This session's connection is up, so it waits for the frozen hub's answer.
  const CtlResult stuck = cluster_.Ctl("3604", {"sync", "--timeout", "2s"});
  EXPECT_NE(stuck.exit_code, 0);
  const absl::Time start = absl::Now();
  const std::optional<int> code = cluster_.StopWithin("3604", absl::Seconds(10));
  EXPECT_EQ(code, std::optional<int>(0)) << "the office did not exit cleanly within 10 s";
  std::cout << "office exited " << absl::FormatDuration(absl::Now() - start) << " after SIGTERM\n";
  kill(cluster_.Pid("36"), SIGCONT);
  cluster_.Stop("36");
}

}  // namespace
}  // namespace kinerja::e2e
