#include "common/values/percent.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace kinerja::values {
namespace {

TEST(FormatPercentTest, PenyerapanOfTheTangerangLkj) {
  EXPECT_EQ(FormatPercent(231658704797, 238339761000, Style::kDisplay), "97.20%");
}

TEST(FormatPercentTest, RoundsHalfUpToTwoDecimals) {
  EXPECT_EQ(FormatPercent(1, 3, Style::kDisplay), "33.33%");
  EXPECT_EQ(FormatPercent(2, 3, Style::kDisplay), "66.67%");
  EXPECT_EQ(FormatPercent(1, 8, Style::kDisplay), "12.50%");
  EXPECT_EQ(FormatPercent(1, 80000, Style::kDisplay), "0.00%");    // 0.00125% rounds down.
  EXPECT_EQ(FormatPercent(1, 40000, Style::kDisplay), "0.00%");    // 0.0025%.
  EXPECT_EQ(FormatPercent(1, 20000, Style::kDisplay), "0.01%");    // 0.005% is a half: up.
  EXPECT_EQ(FormatPercent(3, 2, Style::kDisplay), "150.00%");      // Not capped at 100.
  EXPECT_EQ(FormatPercent(-1, 20000, Style::kDisplay), "-0.01%");  // Half away from zero.
  EXPECT_EQ(FormatPercent(-1, 80000, Style::kDisplay), "0.00%");   // No "-0.00%".
}

TEST(FormatPercentTest, ZeroDenominatorIsADash) {
  EXPECT_EQ(FormatPercent(5, 0, Style::kDisplay), "-");
}

TEST(FormatPercentTest, ExtremesDoNotOverflow) {
  EXPECT_EQ(FormatPercent(std::numeric_limits<int64_t>::max(), 1, Style::kDisplay),
            "922337203685477580700.00%");
  EXPECT_EQ(FormatPercent(std::numeric_limits<int64_t>::min(), -1, Style::kDisplay),
            "922337203685477580800.00%");
}

TEST(FormatPercentTest, DocumentStyleUsesADecimalComma) {
  EXPECT_EQ(FormatPercent(231658704797, 238339761000, Style::kDocument), "97,20%");
  EXPECT_EQ(FormatPercent(5, 0, Style::kDocument), "-");
}

TEST(RoundPercentTest, AFractionOfOneAndAValueInPercentRoundAlike) {
  // 97.195% either as 0.97195 of one or as 97195/1000 percent: one half-up rounding.
  const RoundedPercent of_one = RoundPercent(97195, 100000, 100);
  const RoundedPercent in_percent = RoundPercent(97195, 1000, 1);
  EXPECT_EQ(of_one.hundredths, 9720);
  EXPECT_EQ(in_percent.hundredths, 9720);
  EXPECT_FALSE(in_percent.negative);
  EXPECT_EQ(FormatRoundedPercent(in_percent, Style::kDisplay), "97.20");
  EXPECT_EQ(FormatRoundedPercent(RoundPercent(-1, 200, 1), Style::kDisplay), "-0.01");
  EXPECT_EQ(FormatRoundedPercent(RoundPercent(-1, 300, 1), Style::kDocument), "0,00");
}

}  // namespace
}  // namespace kinerja::values
