// Rollup queries over rows a replica keeps: sums over a subtree never wrap.
#include "daemon/rollup/rollup_query.h"

#include <cstdint>
#include <string>

#include "daemon/rollup/rollup_observer.h"
#include "gtest/gtest.h"
#include "kinerja/v1/domain.pb.h"
#include "storage/entity_key.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::rollup {
namespace {

v1::Satker S(const std::string& kode, v1::Tingkat t, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_tingkat(t);
  s.set_induk(induk);
  return s;
}

// Issue "Close the holes" (11): two offices each within int64 whose sum is not: the province
// rollup is refused (OUT_OF_RANGE), never shown negative.
TEST(RollupQueryTest, ASubtreeSumThatWouldPassInt64IsRefused) {
  testing::TempDir dir;
  RollupObserver observer;
  auto replica = storage::Replica::Open(
      dir.Sub("hub"),
      storage::ReplicaOptions{.satker = "36", .sync = false, .observer = &observer});
  ASSERT_TRUE(replica.ok()) << replica.status();
  for (const char* satker : {"3604", "3603"}) {
    v1::Record r;
    v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
    p->set_satker(satker);
    p->set_tahun(2024);
    p->set_program_kode("CQ");
    p->set_kegiatan_kode("RA01");
    p->set_pagu_rupiah(INT64_MAX - 1);  // Storage knows no record bounds; the rows hold it.
    ASSERT_TRUE((*replica)
                    ->Write({storage::Mutation{
                                storage::RecordKey(satker, 2024, storage::kKindPagu, {"RA01", "-"}),
                                r.SerializeAsString()}},
                            "test")
                    .ok());
  }
  auto registry = daemon::Registry::Build(
      {S("RI", v1::TINGKAT_NASIONAL, ""), S("36", v1::TINGKAT_PROVINSI, "RI"),
       S("3604", v1::TINGKAT_KABKOTA, "36"), S("3603", v1::TINGKAT_KABKOTA, "36")});
  ASSERT_TRUE(registry.ok());
  v1::RollupRequest request;
  request.set_satker("36");
  request.set_tahun(2024);
  auto rollup = QueryRollup(*(*replica)->NewReadView(), *registry, "36", request);
  EXPECT_EQ(rollup.status().code(), absl::StatusCode::kOutOfRange)
      << (rollup.ok() ? rollup->ShortDebugString() : rollup.status().ToString());
}

}  // namespace
}  // namespace kinerja::rollup
