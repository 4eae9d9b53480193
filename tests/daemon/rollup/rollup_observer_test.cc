// The rollup engine's own rules, on rows in memory: money is added with a check.
#include "daemon/rollup/rollup_observer.h"

#include <cstdint>
#include <string>

#include "daemon/rollup/rollup_keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/rollup.pb.h"
#include "storage/entity_key.h"
#include "tests/daemon/rollup/rollup_test_util.h"

namespace kinerja::rollup {
namespace {

std::string PaguValue(const std::string& kegiatan, int64_t pagu) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker("3604");
  p->set_tahun(2024);
  p->set_program_kode("CQ");
  p->set_kegiatan_kode(kegiatan);
  p->set_pagu_rupiah(pagu);
  return r.SerializeAsString();
}

std::string PaguKey(const std::string& kegiatan) {
  return storage::RecordKey("3604", 2024, storage::kKindPagu, {kegiatan, "-"});
}

// Issue "Close the holes" (11): INT64_MAX and 1,000,000 gave a negative total.
TEST(RollupObserverTest, ASumThatWouldPassInt64IsRefusedNamingTheRow) {
  RollupObserver observer;
  MemRows rows;
  const std::string max = PaguValue("RA01", INT64_MAX);
  ASSERT_TRUE(observer.OnVisibleChange(PaguKey("RA01"), nullptr, &max, &rows).ok());
  const auto before = rows.rows;
  const std::string more = PaguValue("RA02", 1'000'000);
  absl::Status st = observer.OnVisibleChange(PaguKey("RA02"), nullptr, &more, &rows);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), ::testing::HasSubstr(TotalKey(2024, "3604")));
  EXPECT_THAT(st.message(), ::testing::HasSubstr("pagu_rupiah"));
  v1::RollupRow total;
  ASSERT_TRUE(total.ParseFromString(rows.rows.at(TotalKey(2024, "3604"))));
  EXPECT_GE(total.total().pagu_rupiah(), 0);  // Never wrapped (the replica drops the batch).
}

}  // namespace
}  // namespace kinerja::rollup
