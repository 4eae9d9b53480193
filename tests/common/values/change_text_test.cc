#include "common/values/change_text.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace kinerja::values {
namespace {

TEST(FormatHlcTest, LocalTimeWithMillisecondsAndCounter) {
  const absl::TimeZone wib = absl::FixedTimeZone(7 * 3600);
  // 2024-05-01 03:00:00.123 UTC.
  const uint64_t physical_ms = 1714532400123;
  EXPECT_EQ(FormatHlc(physical_ms << 16, wib), "2024-05-01 10:00:00.123");
  EXPECT_EQ(FormatHlc(physical_ms << 16 | 2, wib), "2024-05-01 10:00:00.123/2");
}

TEST(FormatChangeIdTest, OriginHashSeq) {
  v1::ChangeId id;
  id.set_origin("3604.9f2c41d07ab3");
  id.set_seq(12);
  EXPECT_EQ(FormatChangeId(id), "3604.9f2c41d07ab3#12");
}

}  // namespace
}  // namespace kinerja::values
