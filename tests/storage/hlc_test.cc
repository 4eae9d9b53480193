#include "storage/hlc.h"

#include "gtest/gtest.h"

namespace kinerja::storage {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;  // Some day in 2023, in ms.

TEST(HybridLogicalClockTest, FollowsPhysicalTime) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {});
  EXPECT_EQ(hlc.Now(), HlcPack(kT0, 0));
  clock.Advance(absl::Milliseconds(5));
  EXPECT_EQ(hlc.Now(), HlcPack(kT0 + 5, 0));
}

TEST(HybridLogicalClockTest, StrictlyIncreasesWhenClockStandsStillOrGoesBack) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {});
  uint64_t prev = hlc.Now();
  for (int i = 0; i < 1000; ++i) {
    if (i == 500) clock.Set(kT0 - 86'400'000);  // Clock jumps back a day.
    const uint64_t now = hlc.Now();
    EXPECT_GT(now, prev);
    prev = now;
  }
  EXPECT_EQ(HlcMillis(prev), kT0);
  EXPECT_EQ(HlcLogical(prev), 1000u);  // One tick per call after the first.
}

TEST(HybridLogicalClockTest, LogicalOverflowCarriesInsteadOfStalling) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {});
  uint64_t prev = 0;
  for (int i = 0; i < 70'000; ++i) {
    const uint64_t now = hlc.Now();
    ASSERT_GT(now, prev);
    prev = now;
  }
  EXPECT_EQ(HlcMillis(prev), kT0 + 1);  // 65,536 ticks carried one millisecond.
}

TEST(HybridLogicalClockTest, AdoptsReceivedTimestampWithinSkew) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {.max_clock_skew = absl::Hours(1)});
  const uint64_t ahead = HlcPack(kT0 + 10 * 60'000, 7);  // 10 minutes ahead.
  EXPECT_TRUE(hlc.Observe(ahead));
  EXPECT_GT(hlc.Now(), ahead);
  EXPECT_EQ(hlc.skew_events(), 0u);
}

TEST(HybridLogicalClockTest, ClampsTimestampFromClockDaysAheadAndCountsIt) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {.max_clock_skew = absl::Hours(1)});
  const uint64_t days_ahead = HlcPack(kT0 + 3 * 86'400'000LL, 0);
  EXPECT_FALSE(hlc.Observe(days_ahead));
  EXPECT_EQ(hlc.skew_events(), 1u);
  const uint64_t now = hlc.Now();
  EXPECT_LT(now, days_ahead);
  EXPECT_LE(HlcMillis(now), kT0 + 3'600'000 + 1);
  // Time moves on normally afterwards: no stall waiting for the far-ahead value.
  clock.Advance(absl::Hours(2));
  EXPECT_EQ(hlc.Now(), HlcPack(kT0 + 2 * 3'600'000, 0));
}

TEST(HybridLogicalClockTest, OfficeClockDaysBehindStillOrdersAfterWhatItSaw) {
  ManualClock office_clock(kT0 - 5 * 86'400'000LL);  // Five days slow.
  HybridLogicalClock office(&office_clock, {});
  const uint64_t from_hub = HlcPack(kT0, 3);
  office.Observe(from_hub);  // Beyond the skew bound: clamped, but still adopted as far as allowed.
  const uint64_t local = office.Now();
  EXPECT_GT(local, HlcPack(office_clock.NowMillis(), 0));
  EXPECT_EQ(office.skew_events(), 1u);
}

TEST(HybridLogicalClockTest, RestoreNeverIssuesAtOrBelowPersistedValue) {
  ManualClock clock(kT0);
  HybridLogicalClock hlc(&clock, {});
  const uint64_t persisted = HlcPack(kT0 + 1000, 42);
  hlc.Restore(persisted);
  EXPECT_GT(hlc.Now(), persisted);
}

}  // namespace
}  // namespace kinerja::storage
