// AddChildRows (StatusResponse.children): one row per direct child the registry names, seen or
// not, with the figures the metrics keep of its sessions and its lag.
#include <memory>
#include <string>

#include "daemon/metrics/node_gauges.h"
#include "daemon/metrics/node_metrics.h"
#include "daemon/node/node.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

v1::Satker Satker(const std::string& kode, v1::Tingkat tingkat, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_nama(absl::StrCat("KPU ", kode));
  s.set_tingkat(tingkat);
  s.set_induk(induk);
  return s;
}

class ChildRowsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Node> Open(const std::string& code, v1::Role role) {
    NodeOptions o;
    o.node = code;
    o.role = role;
    o.data_dir = dir_.Sub(code);
    o.registry = {Satker("RI", v1::TINGKAT_NASIONAL, ""), Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                  Satker("3604", v1::TINGKAT_KABKOTA, "36"),
                  Satker("3603", v1::TINGKAT_KABKOTA, "36")};
    o.replica.sync = false;
    auto node = Node::Open(std::move(o));
    EXPECT_TRUE(node.ok()) << node.status();
    return node.ok() ? *std::move(node) : nullptr;
  }

  testing::TempDir dir_;
};

// 3604 synced (protocol 1, and then a session that failed), 3603 never did: both rows, in code
// order, with names; the province's own change is lag up for both until 3604 acknowledges it.
TEST_F(ChildRowsTest, AHubListsEveryChildSeenOrNotWithItsProtocolVersion) {
  std::unique_ptr<Node> hub = Open("36", v1::ROLE_PROVINCE);
  ASSERT_NE(hub, nullptr);
  const Node* node = hub.get();
  NodeMetrics metrics(BuildInfo{"t", "province", "1"},
                      [node](const std::string& peer) { return IsDirectPeer(*node, peer); },
                      [] { return NodeGauges{}; });
  v1::ImportRequest import;
  import.set_file_kind(v1::FILE_KIND_ANGGARAN);
  import.set_file_name("anggaran.csv");
  import.set_content(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n36,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n");
  ASSERT_TRUE(hub->Import(import).ok());

  SyncStats stats;
  stats.peer_protocol_version = 1;
  stats.peer_software_version = "0.1.0-test";
  stats.received_batches = 1;
  metrics.SessionEnded("3604", absl::OkStatus(), stats, false);
  storage::VersionVector child_vv;
  child_vv.Set("3604.0123456789ab", 4);  // It advertised 4 changes the hub lacks.
  metrics.ChildVector("3604", child_vv);

  v1::StatusResponse status = hub->Status();
  AddChildRows(*hub, metrics, &status);
  ASSERT_EQ(status.children_size(), 2);
  const v1::ChildStatus& never = status.children(0);
  EXPECT_EQ(never.satker(), "3603");
  EXPECT_EQ(never.name(), "KPU 3603");
  EXPECT_EQ(never.last_seen_unix_ms(), 0);
  EXPECT_EQ(never.last_session_unix_ms(), 0);
  EXPECT_FALSE(never.last_session_ok());
  EXPECT_EQ(never.protocol_version(), 0u);
  EXPECT_EQ(never.lag_down(), 0u);
  EXPECT_EQ(never.lag_up(), 1u);  // The province's pagu, in every child's scope.
  const v1::ChildStatus& seen = status.children(1);
  EXPECT_EQ(seen.satker(), "3604");
  EXPECT_GT(seen.last_seen_unix_ms(), 0);
  EXPECT_TRUE(seen.last_session_ok());
  EXPECT_EQ(seen.protocol_version(), 1u);
  EXPECT_EQ(seen.software_version(), "0.1.0-test");
  EXPECT_EQ(seen.lag_down(), 4u);
  EXPECT_EQ(seen.lag_up(), 1u);
  EXPECT_EQ(seen.refusals(), 0u);

  // A refused session: counted, its error shown, last seen kept.
  metrics.SessionEnded("3604", absl::PermissionDeniedError("not yours"), SyncStats{}, true);
  status = hub->Status();
  AddChildRows(*hub, metrics, &status);
  EXPECT_FALSE(status.children(1).last_session_ok());
  EXPECT_NE(status.children(1).last_session_error().find("not yours"), std::string::npos);
  EXPECT_EQ(status.children(1).refusals(), 1u);
  EXPECT_EQ(status.children(1).protocol_version(), 1u);

  // The same lag as the Prometheus series reads.
  const NodeGauges gauges = ReadNodeGauges(*hub, metrics, 0);
  ASSERT_EQ(gauges.lag.size(), 1u);
  EXPECT_EQ(gauges.lag[0].peer, "3604");
  EXPECT_EQ(gauges.lag[0].down, status.children(1).lag_down());
  EXPECT_EQ(gauges.lag[0].up, status.children(1).lag_up());
}

// An office has no children rows.
TEST_F(ChildRowsTest, AnOfficeHasNone) {
  std::unique_ptr<Node> office = Open("3604", v1::ROLE_OFFICE);
  ASSERT_NE(office, nullptr);
  const Node* node = office.get();
  NodeMetrics metrics(BuildInfo{"t", "office", "1"},
                      [node](const std::string& peer) { return IsDirectPeer(*node, peer); },
                      [] { return NodeGauges{}; });
  v1::StatusResponse status = office->Status();
  AddChildRows(*office, metrics, &status);
  EXPECT_EQ(status.children_size(), 0);
}

}  // namespace
}  // namespace kinerja::daemon
