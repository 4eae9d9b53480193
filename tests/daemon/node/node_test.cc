// Node over a fake UpstreamLink: what the node asks of its link and how it reports it,
// without any transport.
#include "daemon/node/node.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "daemon/node/record_queries.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

// What the node did with its link, and what the link answers.
struct FakeLinkLog {
  absl::Mutex mu;
  int starts ABSL_GUARDED_BY(mu) = 0;
  int stops ABSL_GUARDED_BY(mu) = 0;
  int pokes ABSL_GUARDED_BY(mu) = 0;
  absl::StatusOr<SyncStats> sync_result ABSL_GUARDED_BY(mu) = SyncStats{};
  UpstreamLink::LinkState state ABSL_GUARDED_BY(mu);
};

class FakeLink final : public UpstreamLink {
 public:
  explicit FakeLink(FakeLinkLog* log) : log_(log) {}
  void Start() override {
    absl::MutexLock l(&log_->mu);
    ++log_->starts;
  }
  void Stop() override {
    absl::MutexLock l(&log_->mu);
    ++log_->stops;
  }
  void Poke() override {
    absl::MutexLock l(&log_->mu);
    ++log_->pokes;
  }
  absl::StatusOr<SyncStats> SyncNow(absl::Duration) override {
    absl::MutexLock l(&log_->mu);
    return log_->sync_result;
  }
  LinkState link_state() const override {
    absl::MutexLock l(&log_->mu);
    return log_->state;
  }

 private:
  FakeLinkLog* const log_;
};

class NodeTest : public ::testing::Test {
 protected:
  NodeOptions Office() {
    NodeOptions o;
    o.node = "3604";
    o.role = v1::ROLE_OFFICE;
    o.data_dir = dir_.Sub("3604");
    o.registry = {Satker("RI", v1::TINGKAT_NASIONAL, ""), Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                  Satker("3604", v1::TINGKAT_KABKOTA, "36")};
    o.upstream_address = "127.0.0.1:1";
    o.upstream_link = [this](storage::Replica* replica, RegistryFn registry) {
      EXPECT_NE(replica, nullptr);
      EXPECT_TRUE(registry()->Contains("3604"));
      ++links_made_;
      return std::make_unique<FakeLink>(&log_);
    };
    o.replica.sync = false;
    return o;
  }

  testing::TempDir dir_;
  FakeLinkLog log_;
  int links_made_ = 0;
};

TEST_F(NodeTest, StartsPokesAndStopsItsLink) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(links_made_, 1);
  (*node)->Start();
  v1::ImportRequest import;
  import.set_file_kind(v1::FILE_KIND_ANGGARAN);
  import.set_file_name("anggaran.csv");
  import.set_content(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n");
  import.set_author("test");
  auto imported = (*node)->Import(import);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->created(), 1u);
  (*node)->Stop();
  absl::MutexLock l(&log_.mu);
  EXPECT_EQ(log_.starts, 1);
  EXPECT_EQ(log_.pokes, 1);
  EXPECT_GE(log_.stops, 1);
}

TEST_F(NodeTest, StatusShowsTheLinkState) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  {
    absl::MutexLock l(&log_.mu);
    log_.state.reachable = false;
    log_.state.last_error = "connection refused";
    log_.state.refused = 2;
  }
  const v1::StatusResponse status = (*node)->Status();
  EXPECT_EQ(status.upstream(), "127.0.0.1:1");
  EXPECT_FALSE(status.upstream_reachable());
  EXPECT_EQ(status.last_sync_error(), "connection refused");
  EXPECT_EQ(status.refused_changes(), 2u);
}

TEST_F(NodeTest, StatusSaysHowToRecoverOnceAPeerHeldMoreOfTheOwnOriginAcrossRestarts) {
  v1::ImportRequest import;
  import.set_file_kind(v1::FILE_KIND_ANGGARAN);
  import.set_file_name("anggaran.csv");
  import.set_content(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n");
  import.set_author("test");
  {
    auto node = Node::Open(Office());
    ASSERT_TRUE(node.ok()) << node.status();
    ASSERT_TRUE((*node)->Import(import).ok());
    EXPECT_EQ((*node)->Status().write_refused(), "");
    // What a sync session does when the hub's vector holds more of this office's origin.
    EXPECT_EQ((*node)->replica()->CheckOwnOrigin("36", 5).code(),
              absl::StatusCode::kFailedPrecondition);
  }
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  const v1::StatusResponse status = (*node)->Status();
  EXPECT_EQ(status.own_origin_peer_seq(), 5u);
  EXPECT_EQ(status.own_origin_local_seq(), 1u);
  EXPECT_NE(status.write_refused().find("up to seq 5, this replica only up to seq 1"),
            std::string::npos)
      << status.write_refused();
  EXPECT_NE(status.write_refused().find("empty data directory"), std::string::npos);
  EXPECT_NE(status.write_refused().find(dir_.Sub("3604")), std::string::npos);
  import.set_content(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,2.000.000,\n");
  EXPECT_EQ((*node)->Import(import).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(NodeTest, SyncNowThatTimesOutWhileUnreachableIsUnavailable) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  {
    absl::MutexLock l(&log_.mu);
    log_.sync_result = absl::DeadlineExceededError("sync did not finish within 1s");
  }
  const auto result = (*node)->SyncNow(absl::Seconds(1));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(result.status().message(),
            "sync did not finish within 1s; the upstream has not answered");
}

TEST_F(NodeTest, AnUpstreamAddressNeedsALink) {
  NodeOptions options = Office();
  options.upstream_link = nullptr;
  EXPECT_EQ(Node::Open(std::move(options)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(NodeTest, NationalMakesNoLink) {
  NodeOptions options = Office();
  options.node = "RI";
  options.role = v1::ROLE_NATIONAL;
  options.data_dir = dir_.Sub("RI");
  options.upstream_address.clear();
  auto node = Node::Open(std::move(options));
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(links_made_, 0);
  EXPECT_EQ((*node)->SyncNow(absl::Seconds(1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

v1::ImportRequest AnggaranImport(const std::string& rows) {
  v1::ImportRequest import;
  import.set_file_kind(v1::FILE_KIND_ANGGARAN);
  import.set_file_name("anggaran.csv");
  import.set_content(
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n" +
      rows);
  return import;
}

// Issue "Close the holes" (11): two pagu lines of 9,223,372,036,854,775,807 and 1,000,000
// gave a negative rollup. The file is refused, naming the line, and nothing is written.
TEST_F(NodeTest, ImportOfAPaguThatWouldWrapTheRollupIsRefusedNamingTheLine) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  auto imported = (*node)->Import(
      AnggaranImport("3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,9.223.372.036.854.775.807,\n"
                     "3604,2024,CQ,Program,RA02,,Kegiatan,TAHUNAN,1.000.000,\n"));
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument) << imported.status();
  EXPECT_THAT(std::string(imported.status().message()), ::testing::HasSubstr("anggaran.csv:2"));
  EXPECT_THAT(std::string(imported.status().message()), ::testing::HasSubstr("pagu_rupiah"));
  EXPECT_EQ((*node)->Status().changes_held(), 0u);
}

// Issue "Close the holes" (17): a key or author past its bound is refused when written.
TEST_F(NodeTest, ImportWithAnAuthorPastItsBoundIsRefused) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  v1::ImportRequest import =
      AnggaranImport("3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n");
  import.set_author(std::string(300, 'a'));
  auto imported = (*node)->Import(import);
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument) << imported.status();
  EXPECT_THAT(std::string(imported.status().message()), ::testing::HasSubstr("anggaran.csv:2"));
  EXPECT_THAT(std::string(imported.status().message()), ::testing::HasSubstr("author"));
  EXPECT_EQ((*node)->Status().changes_held(), 0u);

  const std::string long_kode(600, '1');
  auto long_key = (*node)->Import(AnggaranImport(
      absl::StrCat("3604,2024,CQ,Program,", long_kode, ",,Kegiatan,TAHUNAN,1.000.000,\n")));
  EXPECT_EQ(long_key.status().code(), absl::StatusCode::kInvalidArgument) << long_key.status();
  EXPECT_THAT(std::string(long_key.status().message()), ::testing::HasSubstr("anggaran.csv:2"));
  EXPECT_EQ((*node)->Status().changes_held(), 0u);
}

// Issue "Close the holes" (15): a resolve names the heads it resolves; other heads now, or
// none named, and nothing is written.
TEST_F(NodeTest, ResolveNamingHeadsThatAreNotTheCurrentOnesIsRefused) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  ASSERT_TRUE(
      (*node)
          ->Import(AnggaranImport("3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n"))
          .ok());
  storage::Replica* replica = (*node)->replica();
  std::string key;
  ASSERT_TRUE(replica->NewReadView()
                  ->Scan("3604/2024/pagu/",
                         [&](absl::string_view k, absl::string_view) {
                           key = std::string(k);
                           return absl::OkStatus();
                         })
                  .ok());
  ASSERT_FALSE(key.empty());
  const uint64_t held = (*node)->Status().changes_held();

  v1::ResolveRequest request;
  request.set_key(key);
  request.set_remove(true);
  auto none = (*node)->Resolve(request);  // Names no heads.
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument) << none.status();

  v1::ChangeId* seen = request.add_heads();
  seen->set_origin(replica->replica_id());
  seen->set_seq(7);  // Not a head of the key.
  auto stale = (*node)->Resolve(request);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition) << stale.status();
  EXPECT_THAT(std::string(stale.status().message()),
              ::testing::HasSubstr(absl::StrCat(replica->replica_id(), "#1")));
  EXPECT_EQ((*node)->Status().changes_held(), held);

  seen->set_seq(1);  // The head it holds.
  auto resolved = (*node)->Resolve(request);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->change().bases_size(), 1);
}

// kinerjactl digest: the digest of one satker's keys, which an import of that satker moves
// and an import of another leaves alone.
TEST_F(NodeTest, DigestOfSatkerCoversThatSatkersKeysOnly) {
  auto node = Node::Open(Office());
  ASSERT_TRUE(node.ok()) << node.status();
  const storage::Replica& replica = *(*node)->replica();
  v1::DigestRequest request;
  EXPECT_EQ(DigestOfSatker(replica, request).status().code(), absl::StatusCode::kInvalidArgument);

  request.set_satker("3604");
  auto empty = DigestOfSatker(replica, request);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->satker(), "3604");
  EXPECT_EQ(empty->digest().size(), 64u);  // Hex SHA-256.
  ASSERT_TRUE(
      (*node)
          ->Import(AnggaranImport("3604,2024,CQ,Program,RA01,,Kegiatan,TAHUNAN,1.000.000,\n"))
          .ok());
  auto imported = DigestOfSatker(replica, request);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_NE(imported->digest(), empty->digest());
  EXPECT_EQ(imported->digest(), *replica.DigestOfPrefix("3604/"));

  v1::DigestRequest province;
  province.set_satker("36");
  auto other = DigestOfSatker(replica, province);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->digest(), *replica.DigestOfPrefix("36/"));
  EXPECT_NE(other->digest(), imported->digest());
}

}  // namespace
}  // namespace kinerja::daemon
