// End-to-end: the operations surface of kinerjad (issue 11, part A) on real processes: gRPC
// health and reflection on both listeners, `kinerjactl health`, READY=1 and STOPPING=1 on a
// NOTIFY_SOCKET, the HTTP listener's /metrics (parsed by prometheus_client's text parser),
// replication lag and refusals in the metrics, and a SIGTERM in the middle of a sync.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "daemon/tls/tls_credentials.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.grpc.pb.h"
#include "kinerja/v1/query.grpc.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/e2e/forged_client.h"

namespace kinerja::e2e {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::testing::Contains;
using ::testing::HasSubstr;

constexpr const char* kServices[] = {"kinerja.v1.SyncService", "kinerja.v1.QueryService",
                                     "kinerja.v1.AdminService"};

std::shared_ptr<grpc::Channel> AdminChannel(const Cluster& c, const std::string& node) {
  return grpc::CreateChannel(c.AdminAddress(node), grpc::InsecureChannelCredentials());
}

// The peer listener, with the demo certificate of `as` (any certificate of the CA passes TLS).
std::shared_ptr<grpc::Channel> PeerChannel(const Cluster& c, const std::string& node,
                                           const std::string& as) {
  auto creds = tls::MakeChannelCredentials({absl::StrCat(c.cert_dir(), "/", as, ".pem"),
                                            absl::StrCat(c.cert_dir(), "/", as, ".key"),
                                            absl::StrCat(c.cert_dir(), "/ca.pem")});
  EXPECT_TRUE(creds.ok()) << creds.status();
  return grpc::CreateChannel(c.SyncAddress(node), *creds);
}

// Check's answer for `service`, or the call's error code as a negative number.
int Check(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status st = Health::NewStub(channel)->Check(&ctx, request, &response);
  return st.ok() ? response.status() : -static_cast<int>(st.error_code());
}

// The services server reflection lists.
std::vector<std::string> ReflectedServices(const std::shared_ptr<grpc::Channel>& channel) {
  using grpc::reflection::v1alpha::ServerReflection;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = ServerReflection::NewStub(channel)->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  EXPECT_TRUE(stream->Write(request));
  stream->WritesDone();
  std::vector<std::string> names;
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  while (stream->Read(&response)) {
    for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
  }
  EXPECT_TRUE(stream->Finish().ok());
  return names;
}

// A unix datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0) << path;
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  // Everything received so far, appended to what earlier calls returned.
  const std::string& Received() {
    char buf[4096];
    for (;;) {
      const ssize_t n = recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
      if (n <= 0) break;
      received_.append(buf, static_cast<size_t>(n)).append("\n");
    }
    return received_;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::string received_;
};

// The samples of a /metrics page as parsed by prometheus_client (tests/e2e/scrape_metrics.py):
// `name{label="value",...}` (labels sorted) to value. A page the parser refuses fails the
// test.
std::map<std::string, double> Scrape(const Cluster& c, const std::string& node) {
  const std::string cmd = absl::StrCat("/usr/bin/python3 ", KINERJA_SOURCE_DIR,
                                       "/tests/e2e/scrape_metrics.py http://",
                                       c.HttpAddress(node), "/metrics");
  std::map<std::string, double> samples;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << cmd;
    return samples;
  }
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), pipe)) out.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0) << cmd << "\n" << out;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    const size_t space = line.rfind(' ');
    double value = 0;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

// The sum of the samples of `name` whose labels include `label` (e.g. peer="36").
double Sum(const std::map<std::string, double>& samples, const std::string& name,
           const std::string& label = "") {
  double sum = 0;
  for (const auto& [key, value] : samples) {
    if (key.rfind(absl::StrCat(name, "{"), 0) == 0 && key.find(label) != std::string::npos) {
      sum += value;
    }
  }
  return sum;
}

uint64_t RssBytes(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    uint64_t kb = 0;
    if (line.rfind("VmRSS:", 0) == 0 &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(
                             absl::StripSuffix(absl::string_view(line).substr(6), "kB")),
                         &kb)) {
      return kb * 1024;
    }
  }
  return 0;
}

class HealthE2eTest : public ::testing::Test {
 protected:
  HealthE2eTest() : cluster_(kBantenRegistry) {
    cluster_.Add("RI", "RI", "national", "");
    cluster_.Add("36", "36", "province", "RI");
  }
  Cluster cluster_;
};

// An office whose hub is down serves (offline is normal); health on both listeners, for ""
// and each service; reflection on both; `kinerjactl health` 0; then SIGTERM: a Watch sees
// NOT_SERVING, systemd hears READY=1 then STOPPING=1, the daemon exits 0, and `kinerjactl
// health` exits 1.
TEST_F(HealthE2eTest, ServingWithUpstreamDownThenNotServingOnDrain) {
  cluster_.Add("3604", "3604", "office", "36");
  NotifySocket notify(absl::StrCat(cluster_.dir(), "/notify.sock"));
  setenv("NOTIFY_SOCKET", absl::StrCat(cluster_.dir(), "/notify.sock").c_str(), 1);
  cluster_.Start("3604");  // Its hub, 36, is never started.
  unsetenv("NOTIFY_SOCKET");
  EXPECT_TRUE(WaitFor([&] { return notify.Received().find("READY=1") != std::string::npos; },
                      absl::Seconds(10)))
      << notify.Received();
  EXPECT_THAT(notify.Received(), ::testing::Not(HasSubstr("STOPPING=1")));

  const auto admin = AdminChannel(cluster_, "3604");
  const auto peer = PeerChannel(cluster_, "3604", "36");
  for (const auto& channel : {admin, peer}) {
    EXPECT_EQ(Check(channel, ""), HealthCheckResponse::SERVING);
    for (const char* service : kServices) {
      const bool here = channel == peer ? std::string(service) != "kinerja.v1.AdminService"
                                        : std::string(service) != "kinerja.v1.SyncService";
      EXPECT_EQ(Check(channel, service),
                here ? HealthCheckResponse::SERVING : -grpc::StatusCode::NOT_FOUND)
          << service;
    }
    const std::vector<std::string> reflected = ReflectedServices(channel);
    EXPECT_THAT(reflected, Contains("grpc.health.v1.Health"));
    EXPECT_THAT(reflected, Contains("kinerja.v1.QueryService"));
    EXPECT_THAT(reflected, Contains(channel == peer ? "kinerja.v1.SyncService"
                                                    : "kinerja.v1.AdminService"));
  }
  CtlResult health = cluster_.Ctl("3604", {"health"});
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_EQ(health.out, "SERVING\n");
  const uint64_t rss = RssBytes(cluster_.Pid("3604"));
  std::cout << "idle office RSS: " << rss / 1024 << " KiB (VmRSS)\n";
  RecordProperty("idle_office_rss_kib", static_cast<int>(rss / 1024));

  // A Watch on the admin listener: SERVING now, NOT_SERVING once draining.
  absl::Mutex mu;
  std::vector<int> seen;
  grpc::ClientContext watch_ctx;
  watch_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  std::thread watcher([&] {
    HealthCheckRequest request;
    auto stream = Health::NewStub(admin)->Watch(&watch_ctx, request);
    HealthCheckResponse response;
    while (stream->Read(&response)) {
      absl::MutexLock l(&mu);
      seen.push_back(response.status());
    }
    stream->Finish();
  });
  auto saw = [&](int status) {
    absl::MutexLock l(&mu);
    return std::find(seen.begin(), seen.end(), status) != seen.end();
  };
  ASSERT_TRUE(WaitFor([&] { return saw(HealthCheckResponse::SERVING); }, absl::Seconds(10)));
  const absl::Time stop_start = absl::Now();
  EXPECT_EQ(cluster_.StopWithin("3604", absl::Seconds(10)), 0);
  std::cout << "drain with a Watch open took " << absl::FormatDuration(absl::Now() - stop_start)
            << "\n";
  watch_ctx.TryCancel();
  watcher.join();
  EXPECT_TRUE(saw(HealthCheckResponse::NOT_SERVING));
  EXPECT_THAT(notify.Received(), HasSubstr("STOPPING=1"));
  health = cluster_.Ctl("3604", {"health", "--timeout", "2s"});
  EXPECT_EQ(health.exit_code, 1) << health.out << health.err;
  EXPECT_EQ(health.out, "UNREACHABLE\n");
}

// --health-listen: a plaintext listener the kubelet's native gRPC probe can reach. It says
// SERVING for "" and nothing else: no Kinerja service answers there, none is listed.
TEST_F(HealthE2eTest, HealthListenerServesOnlyHealthInPlaintext) {
  const std::string address = absl::StrCat("127.0.0.1:", testing::FreePort());
  cluster_.Add("3604", "3604", "office", "36", {"--health-listen", address});
  cluster_.Start("3604");
  const auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  EXPECT_EQ(Check(channel, ""), HealthCheckResponse::SERVING);
  for (const char* service : kServices) {
    EXPECT_EQ(Check(channel, service), -grpc::StatusCode::NOT_FOUND) << service;
  }
  for (const std::string& name : ReflectedServices(channel)) {
    EXPECT_EQ(name.rfind("kinerja.", 0), std::string::npos) << name;
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::StatusResponse status;
  const grpc::Status st =
      v1::AdminService::NewStub(channel)->Status(&ctx, v1::StatusRequest(), &status);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNIMPLEMENTED) << st.error_message();
  EXPECT_EQ(cluster_.StopWithin("3604", absl::Seconds(10)), 0);
  EXPECT_LT(Check(channel, ""), 0);  // Gone with the process.
}

// After a 3-tier run the office's /metrics parses; its lag up to the hub rises while it
// imports with the hub down and returns to 0 after a sync; a forged write to the hub adds
// exactly one refusal there.
TEST_F(HealthE2eTest, MetricsShowLagAndRefusals) {
  cluster_.Add("3604", "3604", "office", "36");
  cluster_.Start("RI");
  cluster_.Start("36");
  cluster_.Start("3604");
  const std::string first = cluster_.WriteFile("a1.csv", AnggaranCsv("3604", 2));
  ASSERT_EQ(cluster_.Ctl("3604", {"import", "anggaran", first}).exit_code, 0);
  ASSERT_EQ(cluster_.Ctl("3604", {"sync"}).exit_code, 0);
  std::map<std::string, double> m = Scrape(cluster_, "3604");
  EXPECT_EQ(m["kinerja_replication_lag_changes{direction=\"up\",peer=\"36\"}"], 0);
  EXPECT_EQ(m["kinerja_build_info{protocol=\"1\",role=\"office\",version=\"" KINERJA_VERSION "\"}"], 1);
  EXPECT_GT(Sum(m, "kinerja_sync_changes_total", "direction=\"up\",peer=\"36\""), 0);
  EXPECT_GT(m["process_resident_memory_bytes{}"], 0);
  EXPECT_GT(m["process_open_fds{}"], 0);
  EXPECT_GT(m["kinerja_fsync_duration_seconds_count{}"], 0);
  const std::map<std::string, double> hub = Scrape(cluster_, "36");
  EXPECT_GT(hub.at("kinerja_apply_batch_duration_seconds_count{}"), 0);
  EXPECT_GT(Sum(hub, "kinerja_sync_sessions_total", "peer=\"3604\",result=\"ok\""), 0);
  EXPECT_EQ(hub.at("kinerja_replication_lag_changes{direction=\"down\",peer=\"3604\"}"), 0);

  cluster_.Stop("36");
  const std::string second = cluster_.WriteFile("a2.csv", AnggaranCsv("3604", 3, 7'000'000));
  ASSERT_EQ(cluster_.Ctl("3604", {"import", "anggaran", second}).exit_code, 0);
  m = Scrape(cluster_, "3604");
  const double lag = m["kinerja_replication_lag_changes{direction=\"up\",peer=\"36\"}"];
  EXPECT_GT(lag, 0);
  EXPECT_EQ(m["kinerja_sync_pending_up_changes{}"], lag);

  cluster_.Start("36");
  ASSERT_EQ(cluster_.Ctl("3604", {"sync"}).exit_code, 0);
  m = Scrape(cluster_, "3604");
  EXPECT_EQ(m["kinerja_replication_lag_changes{direction=\"up\",peer=\"36\"}"], 0);
  EXPECT_EQ(m["kinerja_sync_pending_up_changes{}"], 0);

  const double refusals_before = Sum(Scrape(cluster_, "36"), "kinerja_sync_refusals_total");
  ForgedClient client(cluster_, "36", "3604");
  const grpc::Status forged = client.Send("3604", Forged("3603.00000000abcd", "3603"));
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::PERMISSION_DENIED) << forged.error_message();
  const std::map<std::string, double> after = Scrape(cluster_, "36");
  EXPECT_EQ(Sum(after, "kinerja_sync_refusals_total") - refusals_before, 1);
  EXPECT_EQ(after.at("kinerja_sync_refusals_total{peer=\"3604\",reason=\"permission_denied\"}"),
            1);
}

// Two offices sending many small batches at once to a hub whose read-ahead budget is one
// byte: the hub never holds more than one received batch per session (its peak of received,
// not yet applied bytes stays within two messages), everything arrives, and nothing is held
// once the sessions end. With the default budget the same run holds several batches per
// session.
TEST_F(HealthE2eTest, BeyondTheReadAheadBudgetEachSessionHoldsOneBatch) {
  constexpr int kBatchBytes = 16 * 1024;
  cluster_.Add("36", "36", "province", "RI", {"--sync-read-ahead-bytes", "1"});
  cluster_.Start("36");
  const std::vector<std::string> offices = {"3604", "3603"};
  for (const std::string& office : offices) {
    cluster_.Add(office, office, "office", "36",
                 {"--sync-max-batch-bytes", absl::StrCat(kBatchBytes), "--sync-window", "16"});
    cluster_.Start(office);
    const std::string csv = cluster_.WriteFile(absl::StrCat(office, ".csv"),
                                               AnggaranCsv(office, 400));  // 5,200 rows.
    ASSERT_EQ(cluster_.Ctl(office, {"import", "anggaran", csv}).exit_code, 0);
  }
  std::vector<pid_t> syncs;
  for (const std::string& office : offices) {
    syncs.push_back(cluster_.CtlAsync(office, {"sync", "--timeout", "120s"}));
  }
  for (pid_t pid : syncs) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  for (const std::string& office : offices) {
    EXPECT_EQ(Status(cluster_, office).waiting_up(), 0u) << office;
  }
  const std::map<std::string, double> hub = Scrape(cluster_, "36");
  const double peak = hub.at("kinerja_sync_received_held_bytes_peak{}");
  EXPECT_GT(peak, 0);
  // A message is its batch (at most kBatchBytes of changes) and a little framing.
  EXPECT_LE(peak, 1 + offices.size() * (kBatchBytes + 4096.0));
  EXPECT_EQ(hub.at("kinerja_sync_received_held_bytes{}"), 0);
  for (const char* n : {"3604", "3603", "36"}) cluster_.Stop(n);
}

// The rollup feed of `node` after `cursor` (without following): cursor and row of each change.
std::vector<std::pair<uint64_t, std::string>> ReadFeed(const Cluster& c, const std::string& node,
                                                       uint64_t cursor) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchRollupsRequest request;
  request.set_cursor(cursor);
  auto stream = v1::QueryService::NewStub(AdminChannel(c, node))->WatchRollups(&ctx, request);
  std::vector<std::pair<uint64_t, std::string>> out;
  v1::WatchRollupsResponse response;
  while (stream->Read(&response)) {
    for (const auto& ch : response.changes()) out.emplace_back(ch.cursor(), ch.row_key());
  }
  EXPECT_TRUE(stream->Finish().ok());
  return out;
}

// SIGTERM to a hub while an office's changes stream in: it exits 0 within 10 s; a feed
// follower's stream ends with UNAVAILABLE and resumes from its cursor without a gap; the next
// sync completes with nothing lost or doubled (the digests match).
TEST_F(HealthE2eTest, SigtermMidSyncDrainsCleanly) {
  // Small batches, each applied with sync at the hub: the session lasts a while.
  cluster_.Add("3604", "3604", "office", "36", {"--sync-max-batch-changes", "4"});
  cluster_.Start("3604");  // Hub down: the import waits.
  const std::string file = cluster_.WriteFile("big.csv", AnggaranCsv("3604", 300));
  ASSERT_EQ(cluster_.Ctl("3604", {"import", "anggaran", file}).exit_code, 0);  // 3900 changes.
  const std::string office = Status(cluster_, "3604").replica_id();
  cluster_.Start("36");

  // Follow the hub's rollup feed from the start.
  absl::Mutex mu;
  std::vector<std::pair<uint64_t, std::string>> followed;
  grpc::Status follow_status;
  grpc::ClientContext follow_ctx;
  std::thread follower([&] {
    v1::WatchRollupsRequest request;
    request.set_follow(true);
    auto stream =
        v1::QueryService::NewStub(AdminChannel(cluster_, "36"))->WatchRollups(&follow_ctx, request);
    v1::WatchRollupsResponse response;
    while (stream->Read(&response)) {
      absl::MutexLock l(&mu);
      for (const auto& ch : response.changes()) followed.emplace_back(ch.cursor(), ch.row_key());
    }
    follow_status = stream->Finish();
  });
  // The office's loop dials the hub on its own (backoff at most 1 s); stop the hub once part
  // of the import has arrived.
  ASSERT_TRUE(
      WaitFor([&] { return Held(Status(cluster_, "36"), office) > 0; }, absl::Seconds(30)));
  const uint64_t held_at_stop = Held(Status(cluster_, "36"), office);
  const absl::Time stop_start = absl::Now();
  EXPECT_EQ(cluster_.StopWithin("36", absl::Seconds(10)), 0);
  std::cout << "hub held " << held_at_stop << " of 3900 changes when SIGTERM came; it exited "
            << absl::FormatDuration(absl::Now() - stop_start) << " later\n";
  follower.join();
  // Ended by the node's drain, not cut by the server's shutdown deadline.
  EXPECT_EQ(follow_status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << follow_status.error_message();
  EXPECT_THAT(follow_status.error_message(), HasSubstr("resume from the last cursor"));

  cluster_.Start("36");
  CtlResult sync = cluster_.Ctl("3604", {"sync"});
  ASSERT_EQ(sync.exit_code, 0) << sync.err;
  const auto digest = [&](const std::string& node) {
    return cluster_.Ctl(node, {"digest", "--satker", "3604", "-o", "json"}).out;
  };
  EXPECT_EQ(digest("36"), digest("3604"));
  EXPECT_EQ(Status(cluster_, "3604").waiting_up(), 0u);

  // Resume from the last cursor seen: together with what was followed, exactly the feed.
  const uint64_t last = followed.empty() ? 0 : followed.back().first;
  std::vector<std::pair<uint64_t, std::string>> resumed = followed;
  for (auto& e : ReadFeed(cluster_, "36", last)) resumed.push_back(e);
  EXPECT_EQ(resumed, ReadFeed(cluster_, "36", 0));
  EXPECT_FALSE(resumed.empty());
}

}  // namespace
}  // namespace kinerja::e2e
