// End-to-end: one kinerjad per address and per data directory (DESIGN.md, "Own origin never
// regresses"). A second daemon on a taken sync or admin address, or on a data directory
// another daemon holds, exits 1 saying which, and the first one keeps serving alone.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/cluster.h"

namespace kinerja::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n";

class ExclusiveE2eTest : public ::testing::Test {
 protected:
  ExclusiveE2eTest() : cluster_(kRegistry) {
    cluster_.Add("first", "RI", "national", "");
    cluster_.Add("second", "RI", "national", "");
  }

  // Starts the first daemon, then the second sharing `what` with it; returns how the second
  // ended, after checking that the first still answers.
  ExitResult SecondSharing(Shared what) {
    cluster_.Start("first");
    const std::string first_id = ReplicaId("first");
    cluster_.Share("second", "first", what);
    ExitResult second = cluster_.StartExpectingExit("second");
    for (int i = 0; i < 4; ++i) EXPECT_EQ(ReplicaId("first"), first_id);
    cluster_.Stop("first");
    return second;
  }

  std::string ReplicaId(const std::string& name) {
    CtlResult status = cluster_.Ctl(name, {"status"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    const size_t at = status.out.find("RI.");
    return at == std::string::npos ? status.out : status.out.substr(at, 15);
  }

  Cluster cluster_;
};

TEST_F(ExclusiveE2eTest, SecondDaemonOnTheSyncAddressExitsSayingAddressInUse) {
  const ExitResult second = SecondSharing(Shared::kSyncPort);
  EXPECT_EQ(second.exit_code, 1) << second.log;
  EXPECT_THAT(second.log, HasSubstr("address in use"));
  EXPECT_THAT(second.log, HasSubstr(cluster_.SyncAddress("first")));
}

TEST_F(ExclusiveE2eTest, SecondDaemonOnTheAdminAddressExitsSayingAddressInUse) {
  const ExitResult second = SecondSharing(Shared::kAdminPort);
  EXPECT_EQ(second.exit_code, 1) << second.log;
  EXPECT_THAT(second.log, HasSubstr("address in use"));
  EXPECT_THAT(second.log, HasSubstr(cluster_.AdminAddress("first")));
}

TEST_F(ExclusiveE2eTest, SecondDaemonOnTheDataDirectoryExitsNamingItsLock) {
  const ExitResult second = SecondSharing(Shared::kDataDir);
  EXPECT_EQ(second.exit_code, 1) << second.log;
  const std::string dir = cluster_.DataDir("first");
  EXPECT_THAT(second.log, HasSubstr("data directory " + dir + " is in use"));
  EXPECT_THAT(second.log, HasSubstr("another kinerjad"));
  EXPECT_THAT(second.log, HasSubstr(dir + "/LOCK"));
}

}  // namespace
}  // namespace kinerja::e2e
