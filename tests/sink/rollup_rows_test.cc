// Which table a feed change lands in, and which changes the sink refuses.
#include "sink/rollup_rows.h"

#include "gtest/gtest.h"

namespace kinerja::sink {
namespace {

v1::RollupChange Change(const std::string& key) {
  v1::RollupChange c;
  c.set_cursor(7);
  c.set_row_key(key);
  return c;
}

TEST(RollupRowsTest, KeysNameTableYearSatkerAndProgram) {
  v1::RollupChange total = Change("2024/total/3603");
  total.mutable_row()->mutable_total();
  absl::StatusOr<SinkRowKey> key = ParseSinkRowKey(total);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->table, SinkTable::kSatker);
  EXPECT_EQ(key->tahun, 2024);
  EXPECT_EQ(key->satker, "3603");

  v1::RollupChange program = Change("2024/program/3603/CQ");
  program.mutable_row()->mutable_program();
  key = ParseSinkRowKey(program);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->table, SinkTable::kProgram);
  EXPECT_EQ(key->program_kode, "CQ");

  v1::RollupChange counts = Change("2023/counts/36");
  counts.mutable_row()->mutable_counts();
  key = ParseSinkRowKey(counts);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->table, SinkTable::kIndikator);
  EXPECT_EQ(key->tahun, 2023);
}

TEST(RollupRowsTest, OtherRowKindsAreIgnoredAndDeletionsNeedNoRow) {
  absl::StatusOr<SinkRowKey> key = ParseSinkRowKey(Change("2024/kegiatan/3603/CQ/6709"));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->table, SinkTable::kIgnored);
  v1::RollupChange deleted = Change("2024/program/3603/ZZ");
  deleted.set_deleted(true);
  key = ParseSinkRowKey(deleted);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->table, SinkTable::kProgram);
}

TEST(RollupRowsTest, MalformedKeysAndMismatchedRowsAreRefused) {
  for (const char* bad :
       {"", "2024", "x/total/3603", "2024/total/", "2024/total/3603/extra", "2024/program/3603"}) {
    v1::RollupChange c = Change(bad);
    c.mutable_row()->mutable_total();
    EXPECT_EQ(ParseSinkRowKey(c).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  v1::RollupChange wrong = Change("2024/total/3603");
  wrong.mutable_row()->mutable_counts();
  const absl::Status st = ParseSinkRowKey(wrong).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("cursor 7"), absl::string_view::npos) << st;
}

}  // namespace
}  // namespace kinerja::sink
