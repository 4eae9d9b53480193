#include "daemon/metrics/node_metrics.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

storage::VersionVector Vv(std::initializer_list<std::pair<std::string, uint64_t>> entries) {
  storage::VersionVector vv;
  for (const auto& [origin, seq] : entries) vv.Set(origin, seq);
  return vv;
}

TEST(ChangesAheadTest, CountsOnlyWhereOursIsAhead) {
  const auto ours = Vv({{"3604.aa", 10}, {"36.bb", 4}, {"RI.cc", 1}});
  const auto theirs = Vv({{"3604.aa", 7}, {"36.bb", 9}});
  EXPECT_EQ(ChangesAhead(ours, theirs), 3u + 0u + 1u);
  EXPECT_EQ(ChangesAhead(theirs, ours), 5u);
  EXPECT_EQ(ChangesAhead(ours, ours), 0u);
}

class NodeMetricsTest : public ::testing::Test {
 protected:
  NodeMetrics metrics_{BuildInfo{"1.2.3", "province", "1"},
                       [](const std::string& peer) { return peer == "RI" || peer == "3604"; },
                       [this] { return gauges_; }};
  NodeGauges gauges_;
};

TEST_F(NodeMetricsTest, PeerLabelIsBoundedByTheRegistry) {
  metrics_.SessionEnded("an unidentified peer (ipv4:127.0.0.1:5555)",
                        absl::PermissionDeniedError("no satker"), SyncStats{}, true);
  metrics_.SessionEnded("3604", absl::InvalidArgumentError("bad value"), SyncStats{}, true);
  const std::string text = metrics_.Scrape();
  EXPECT_THAT(text, HasSubstr(
                        "kinerja_sync_refusals_total{peer=\"other\",reason=\"permission_denied\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("kinerja_sync_refusals_total{peer=\"3604\",reason=\"invalid_argument\"} 1"));
  EXPECT_THAT(text, Not(HasSubstr("unidentified")));
}

TEST_F(NodeMetricsTest, SessionsCountChangesAndBytesBothWays) {
  SyncStats stats;
  stats.received_changes = 5;
  stats.sent_changes = 2;
  stats.received_bytes = 500;
  stats.sent_bytes = 200;
  stats.received_batches = 1;
  metrics_.SessionEnded("3604", absl::OkStatus(), stats, false);
  const std::string text = metrics_.Scrape();
  EXPECT_THAT(text, HasSubstr("kinerja_sync_sessions_total{peer=\"3604\",result=\"ok\"} 1"));
  EXPECT_THAT(text, HasSubstr("kinerja_sync_changes_total{direction=\"down\",peer=\"3604\"} 5"));
  EXPECT_THAT(text, HasSubstr("kinerja_sync_changes_total{direction=\"up\",peer=\"3604\"} 2"));
  EXPECT_THAT(text, HasSubstr("kinerja_sync_bytes_total{direction=\"down\",peer=\"3604\"} 500"));
  EXPECT_THAT(text, HasSubstr("kinerja_peer_last_seen_timestamp_seconds{peer=\"3604\"}"));
  EXPECT_THAT(text, HasSubstr(
                        "kinerja_build_info{protocol=\"1\",role=\"province\",version=\"1.2.3\"} 1"));
}

TEST_F(NodeMetricsTest, GaugesAreReadAtScrapeTime) {
  gauges_.lag = {{"RI", 0, 7}};
  gauges_.clock_skew_events = 3;
  gauges_.feed_head = 42;
  std::string text = metrics_.Scrape();
  EXPECT_THAT(text, HasSubstr("kinerja_replication_lag_changes{direction=\"up\",peer=\"RI\"} 7"));
  EXPECT_THAT(text, HasSubstr("kinerja_clock_skew_events_total 3"));
  EXPECT_THAT(text, HasSubstr("kinerja_feed_head_cursor 42"));
  EXPECT_THAT(text, HasSubstr("kinerja_backup_last_success_timestamp_seconds 0"));
  gauges_.lag = {{"RI", 0, 0}};
  gauges_.clock_skew_events = 5;
  metrics_.SetBackupLastSuccess(absl::FromUnixSeconds(1700000000));
  text = metrics_.Scrape();
  EXPECT_THAT(text, HasSubstr("kinerja_replication_lag_changes{direction=\"up\",peer=\"RI\"} 0"));
  EXPECT_THAT(text, HasSubstr("kinerja_clock_skew_events_total 5"));
  EXPECT_THAT(text, HasSubstr("kinerja_backup_last_success_timestamp_seconds 1700000000"));
}

TEST_F(NodeMetricsTest, ChildVectorsOfDirectPeersOnly) {
  metrics_.ChildVector("3604", Vv({{"3604.aa", 3}}));
  metrics_.ChildVector("3673", Vv({{"3673.aa", 3}}));
  EXPECT_EQ(metrics_.KnownChildren(), std::vector<std::string>{"3604"});
  EXPECT_EQ(metrics_.ChildVectorOf("3604").Get("3604.aa"), 3u);
}

}  // namespace
}  // namespace kinerja::daemon
