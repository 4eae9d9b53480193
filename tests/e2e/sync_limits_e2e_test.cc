// Issue 10 (8): the gRPC limits of the sync listener, on real kinerjad processes over mutual
// TLS: a cap on sessions at once (RESOURCE_EXHAUSTED, and the child retries), a progress
// timeout on a silent session, a revoked certificate losing its stream at the connection's
// maximum age and refused when it dials again, and certificates reloaded without a restart.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "daemon/sync/keepalive.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/e2e/forged_client.h"

namespace kinerja::e2e {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class SyncLimitsE2eTest : public ::testing::Test {
 protected:
  // The hub's upstream, never started: the hub works without it.
  SyncLimitsE2eTest() : cluster_(kBantenRegistry) { cluster_.Add("RI", "RI", "national", ""); }

  // Makes the certificates a node must refuse (tests/e2e/make_bad_certs.sh).
  void MakeBadCerts() {
    const std::string script = absl::StrCat(KINERJA_SOURCE_DIR, "/tests/e2e/make_bad_certs.sh '",
                                            cluster_.cert_dir(), "'");
    ASSERT_EQ(std::system(script.c_str()), 0) << script;
  }

  // A client presenting `cert` (a file stem in the cluster's certificate directory).
  std::unique_ptr<ForgedClient> Client(const std::string& hub, const std::string& cert,
                                       const std::string& ca = "ca",
                                       grpc::ChannelArguments args = grpc::ChannelArguments()) {
    grpc::SslCredentialsOptions o;
    o.pem_root_certs = ReadFile(absl::StrCat(cluster_.cert_dir(), "/", ca, ".pem"));
    o.pem_private_key = ReadFile(absl::StrCat(cluster_.cert_dir(), "/", cert, ".key"));
    o.pem_cert_chain = ReadFile(absl::StrCat(cluster_.cert_dir(), "/", cert, ".pem"));
    return std::make_unique<ForgedClient>(cluster_.SyncAddress(hub), grpc::SslCredentials(o),
                                          std::move(args));
  }

  Cluster cluster_;
};

TEST_F(SyncLimitsE2eTest, SessionBeyondTheCapIsResourceExhaustedAndTheChildRetries) {
  cluster_.Add("36", "36", "province", "RI", {"--sync-max-sessions", "1"});
  cluster_.Add("3604", "3604", "office", "36");
  cluster_.Add("3603", "3603", "office", "36");  // For its certificate.
  cluster_.Start("36");
  cluster_.Start("3604");
  const std::string file = cluster_.WriteFile("a.csv", AnggaranCsv("3604", 2));
  ASSERT_EQ(cluster_.Ctl("3604", {"import", "anggaran", file}).exit_code, 0);
  // The office's own loop syncs every second: wait until it has, so the cap is free.
  ASSERT_TRUE(WaitFor([&] { return Status(cluster_, "3604").waiting_up() == 0; },
                      absl::Seconds(30)));

  // 3603 holds the one session.
  std::unique_ptr<ForgedClient> holder = Client("36", "3603");
  std::unique_ptr<OpenSession> held;
  // (The office's loop may hold the one session for a moment.)
  ASSERT_TRUE(WaitFor(
      [&] {
        held = holder->Open("3603");
        return held->answered;
      },
      absl::Seconds(20)));
  const grpc::Status busy = Client("36", "3604")->SendAfterHello("3604", v1::SyncMessage());
  EXPECT_EQ(busy.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << busy.error_message();
  EXPECT_THAT(busy.error_message(), HasSubstr("serves at most 1 sessions at once"));
  const std::string more = cluster_.WriteFile("b.csv", AnggaranCsv("3604", 3));
  ASSERT_EQ(cluster_.Ctl("3604", {"import", "anggaran", more}).exit_code, 0);
  CtlResult refused = cluster_.Ctl("3604", {"sync", "--timeout", "3s"});
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_EQ(Status(cluster_, "3604").waiting_up(), 13u);  // The new budget line's rows.
  EXPECT_EQ(Status(cluster_, "36").refused_changes(), 0u);  // Busy is not a refusal.

  // The session ends; the office's loop, backing off, gets through on its own.
  held->context.TryCancel();
  held->Wait();
  EXPECT_TRUE(WaitFor([&] { return Status(cluster_, "3604").waiting_up() == 0; },
                      absl::Seconds(30)));
  for (const char* n : {"3604", "36"}) cluster_.Stop(n);
}

TEST_F(SyncLimitsE2eTest, SilentSessionEndsWithDeadlineExceeded) {
  cluster_.Add("36", "36", "province", "RI", {"--sync-progress-timeout-ms", "1500"});
  cluster_.Add("3604", "3604", "office", "36");  // For its certificate.
  cluster_.Start("36");
  std::unique_ptr<ForgedClient> client = Client("36", "3604");
  std::unique_ptr<OpenSession> session = client->Open("3604");
  ASSERT_TRUE(session->answered);
  const grpc::Status st = session->Wait();  // Says nothing after its hello.
  EXPECT_EQ(st.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("no message from 3604"));
  cluster_.Stop("36");
}

TEST_F(SyncLimitsE2eTest, RevokedCertificateLosesItsStreamAndCannotDialAgain) {
  cluster_.Add("3604", "3604", "office", "36");  // For its certificate.
  MakeBadCerts();
  const std::string crl_dir = absl::StrCat(cluster_.cert_dir(), "/crl");
  cluster_.Add("36", "36", "province", "RI",
               {"--tls-crl-dir", crl_dir, "--max-connection-age-ms", "2000",
                "--max-connection-age-grace-ms", "1000"});
  cluster_.Start("36");
  // revoked.pem (CN=3604) is not revoked yet: its session is on.
  std::unique_ptr<ForgedClient> client = Client("36", "revoked");
  std::unique_ptr<OpenSession> session = client->Open("3604");
  ASSERT_TRUE(session->answered);

  // The CA publishes a CRL revoking it, beside the old one.
  const std::string hash(
      absl::StripTrailingAsciiWhitespace(ReadFile(cluster_.cert_dir() + "/crl_hash.txt")));
  cluster_.WriteFile("certs/crl/" + hash + ".r1", ReadFile(cluster_.cert_dir() + "/revoked.crl.pem"));
  const grpc::Status ended = session->Wait();  // At the connection's maximum age.
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  const grpc::Status again = Client("36", "revoked")->SendAfterHello("3604", v1::SyncMessage());
  EXPECT_EQ(again.error_code(), grpc::StatusCode::UNAVAILABLE) << again.error_message();
  // 3604's valid certificate still gets a session.
  std::unique_ptr<ForgedClient> valid = Client("36", "3604");
  EXPECT_TRUE(valid->Open("3604")->answered);
  cluster_.Stop("36");
}

TEST_F(SyncLimitsE2eTest, CaBundleIsReloadedWithoutRestart) {
  cluster_.Add("3604", "3604", "office", "36");  // For its certificate.
  MakeBadCerts();
  cluster_.Add("36", "36", "province", "RI", {"--tls-reload-interval", "1"});
  cluster_.Start("36");
  const grpc::Status before =
      Client("36", "otherca/3604")->SendAfterHello("3604", v1::SyncMessage());
  EXPECT_EQ(before.error_code(), grpc::StatusCode::UNAVAILABLE) << before.error_message();

  // The hub's CA bundle now also trusts the other CA.
  cluster_.WriteFile("certs/ca.pem", ReadFile(cluster_.cert_dir() + "/ca.pem") +
                                         ReadFile(cluster_.cert_dir() + "/otherca/ca.pem"));
  EXPECT_TRUE(WaitFor(
      [&] { return Client("36", "otherca/3604")->Open("3604", std::chrono::seconds(5))->answered; },
      absl::Seconds(20)));
  cluster_.Stop("36");
}

// The hub accepts keepalive pings as often as daemon/sync/keepalive.h promises, however long
// a session is quiet: gRPC's default (a ping per 5 minutes without data) would answer the
// third ping with GOAWAY "too_many_pings" and cut the session. Takes about 45 s: four pings.
TEST_F(SyncLimitsE2eTest, KeepalivePingsOnAQuietSessionAreAccepted) {
  cluster_.Add("36", "36", "province", "RI", {"--sync-progress-timeout-ms", "120000"});
  cluster_.Add("3604", "3604", "office", "36");  // For its certificate.
  cluster_.Start("36");
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, daemon::kMinRecvPingIntervalMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, daemon::kKeepaliveTimeoutMs);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);  // Keep pinging while quiet.
  std::unique_ptr<ForgedClient> client = Client("36", "3604", "ca", args);
  std::unique_ptr<OpenSession> session = client->Open("3604", std::chrono::seconds(120));
  ASSERT_TRUE(session->answered);
  // Quiet for four ping periods and a half; the hub's session stays.
  absl::SleepFor(absl::Milliseconds(daemon::kMinRecvPingIntervalMs * 4.5));
  v1::SyncMessage done;
  done.mutable_done();
  ASSERT_TRUE(session->stream->Write(done)) << "the link was cut";
  session->stream->WritesDone();
  const grpc::Status st = session->Wait();
  EXPECT_TRUE(st.ok()) << st.error_code() << " " << st.error_message();
  cluster_.Stop("36");
}

}  // namespace
}  // namespace kinerja::e2e
