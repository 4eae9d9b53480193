#include "common/values/periode.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kinerja::values {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::Periode ParseOk(absl::string_view text) {
  absl::StatusOr<v1::Periode> periode = ParsePeriode(text);
  EXPECT_TRUE(periode.ok()) << "\"" << text << "\": " << periode.status();
  return periode.ok() ? *periode : v1::PERIODE_UNSPECIFIED;
}

std::vector<v1::Periode> JadwalOk(absl::string_view text) {
  absl::StatusOr<std::vector<v1::Periode>> jadwal = ParseJadwal(text);
  EXPECT_TRUE(jadwal.ok()) << "\"" << text << "\": " << jadwal.status();
  return jadwal.ok() ? *jadwal : std::vector<v1::Periode>{};
}

std::string JadwalError(absl::string_view text) {
  absl::StatusOr<std::vector<v1::Periode>> jadwal = ParseJadwal(text);
  EXPECT_FALSE(jadwal.ok()) << "\"" << text << "\"";
  return jadwal.ok() ? "" : std::string(jadwal.status().message());
}

TEST(PeriodeTest, ParsesEveryCanonicalForm) {
  EXPECT_EQ(ParseOk("TAHUNAN"), v1::PERIODE_TAHUNAN);
  EXPECT_EQ(ParseOk("TW1"), v1::PERIODE_TW1);
  EXPECT_EQ(ParseOk("TW4"), v1::PERIODE_TW4);
  EXPECT_EQ(ParseOk("B01"), v1::PERIODE_B01);
  EXPECT_EQ(ParseOk("B09"), v1::PERIODE_B09);
  EXPECT_EQ(ParseOk("B10"), v1::PERIODE_B10);
  EXPECT_EQ(ParseOk("B12"), v1::PERIODE_B12);
}

TEST(PeriodeTest, AcceptsShortMonthsRomanQuartersAnyCase) {
  EXPECT_EQ(ParseOk("B1"), v1::PERIODE_B01);
  EXPECT_EQ(ParseOk("b9"), v1::PERIODE_B09);
  EXPECT_EQ(ParseOk("tahunan"), v1::PERIODE_TAHUNAN);
  EXPECT_EQ(ParseOk("tw2"), v1::PERIODE_TW2);
  EXPECT_EQ(ParseOk("TW I"), v1::PERIODE_TW1);
  EXPECT_EQ(ParseOk("TW II"), v1::PERIODE_TW2);
  EXPECT_EQ(ParseOk("tw iii"), v1::PERIODE_TW3);
  EXPECT_EQ(ParseOk("TWIV"), v1::PERIODE_TW4);
  EXPECT_EQ(ParseOk(" B 3 "), v1::PERIODE_B03);
}

TEST(PeriodeTest, RefusesBadPeriods) {
  for (const absl::string_view bad : {"", "B0", "B00", "B13", "B001", "B+1", "TW0", "TW5", "TW V",
                                      "TW IIII", "Januari", "TAHUN", "12", "Q1"}) {
    EXPECT_FALSE(ParsePeriode(bad).ok()) << "\"" << bad << "\"";
  }
  absl::StatusOr<v1::Periode> bad = ParsePeriode("B13");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("\"B13\""));
}

TEST(PeriodeTest, FormatIsCanonicalAndParsesBack) {
  EXPECT_EQ(FormatPeriode(v1::PERIODE_TAHUNAN), "TAHUNAN");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_TW3), "TW3");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_B01), "B01");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_B12), "B12");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_UNSPECIFIED), "");
  for (int p = v1::Periode_MIN; p <= v1::Periode_MAX; ++p) {
    if (!v1::Periode_IsValid(p) || p == v1::PERIODE_UNSPECIFIED) continue;
    const auto periode = static_cast<v1::Periode>(p);
    EXPECT_EQ(ParseOk(FormatPeriode(periode)), periode) << p;
  }
}

TEST(PeriodeTest, MonthAndQuarterPredicates) {
  EXPECT_TRUE(IsMonth(v1::PERIODE_B01));
  EXPECT_TRUE(IsMonth(v1::PERIODE_B12));
  EXPECT_FALSE(IsMonth(v1::PERIODE_TAHUNAN));
  EXPECT_FALSE(IsMonth(v1::PERIODE_TW1));
  EXPECT_TRUE(IsQuarter(v1::PERIODE_TW4));
  EXPECT_FALSE(IsQuarter(v1::PERIODE_B01));
  EXPECT_FALSE(IsQuarter(v1::PERIODE_UNSPECIFIED));
}

TEST(PeriodeTest, JadwalWithMonthRanges) {
  EXPECT_THAT(JadwalOk("B1-B3,B6,B10-B12"),
              ElementsAre(v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B03, v1::PERIODE_B06,
                          v1::PERIODE_B10, v1::PERIODE_B11, v1::PERIODE_B12));
}

TEST(PeriodeTest, JadwalWithQuarters) {
  EXPECT_THAT(JadwalOk("TW1,TW3"), ElementsAre(v1::PERIODE_TW1, v1::PERIODE_TW3));
  EXPECT_THAT(JadwalOk("TW I - TW III"),
              ElementsAre(v1::PERIODE_TW1, v1::PERIODE_TW2, v1::PERIODE_TW3));
  EXPECT_THAT(JadwalOk("TW IV, TW II"), ElementsAre(v1::PERIODE_TW2, v1::PERIODE_TW4));
}

TEST(PeriodeTest, JadwalIsSortedWithoutDuplicates) {
  EXPECT_THAT(JadwalOk(" B6 , B1 - B2 ,B2, b01 "),
              ElementsAre(v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B06));
  EXPECT_THAT(JadwalOk("B3-B3"), ElementsAre(v1::PERIODE_B03));
}

TEST(PeriodeTest, JadwalMayListMonthsAndQuartersButNotRangeAcrossThem) {
  EXPECT_THAT(JadwalOk("B12,TW1"), ElementsAre(v1::PERIODE_TW1, v1::PERIODE_B12));
  EXPECT_EQ(JadwalError("B1-TW2"), "range mixes months and quarters \"B1-TW2\"");
}

TEST(PeriodeTest, JadwalErrorsNameTheBadItem) {
  EXPECT_EQ(JadwalError("B1-B13"), "bad month or quarter \"B13\"");
  EXPECT_EQ(JadwalError("B1,Maret,B3"), "bad month or quarter \"Maret\"");
  EXPECT_EQ(JadwalError("B3-B1"), "range runs backwards \"B3-B1\"");
  EXPECT_EQ(JadwalError("B1-B2-B3"), "bad range \"B1-B2-B3\"");
  EXPECT_EQ(JadwalError("TAHUNAN"), "bad month or quarter \"TAHUNAN\"");
  EXPECT_EQ(JadwalError("B1,,B3"), "empty item in schedule");
  EXPECT_EQ(JadwalError("B1-"), "bad month or quarter \"\"");
  EXPECT_EQ(JadwalError("  "), "empty schedule");
}

TEST(PeriodeTest, FormatJadwalJoinsRunsAndParsesBack) {
  const std::vector<v1::Periode> jadwal = JadwalOk("B1-B3,B6,B10-B12,TW1,TW3-TW4");
  const std::string text = FormatJadwal(jadwal);
  EXPECT_EQ(text, "TW1,TW3-TW4,B01-B03,B06,B10-B12");
  EXPECT_EQ(JadwalOk(text), jadwal);
  EXPECT_EQ(FormatJadwal({v1::PERIODE_B02, v1::PERIODE_B01, v1::PERIODE_B02}), "B01-B02");
  // A quarter and a month never join into one range.
  EXPECT_EQ(FormatJadwal({v1::PERIODE_TW4, v1::PERIODE_B01}), "TW4,B01");
  EXPECT_EQ(FormatJadwal({}), "");
}

// Style::kDisplay, as kinerjactl shows values.

TEST(FormatPeriodeTest, ShortNames) {
  EXPECT_EQ(FormatPeriode(v1::PERIODE_TAHUNAN), "TAHUNAN");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_TW1), "TW1");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_B01), "B01");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_B12), "B12");
  EXPECT_EQ(FormatPeriode(v1::PERIODE_UNSPECIFIED), "");
  EXPECT_EQ(FormatPeriode(static_cast<v1::Periode>(57)), "");
}

TEST(FormatBulanTest, MonthsAsPeriodsOtherNumbersAsThemselves) {
  EXPECT_EQ(FormatBulan(1), "B01");
  EXPECT_EQ(FormatBulan(12), "B12");
  EXPECT_EQ(FormatBulan(0), "0");
  EXPECT_EQ(FormatBulan(13), "13");
}

TEST(FormatJadwalTest, JoinsConsecutivePeriodsIntoRanges) {
  const std::vector<v1::Periode> months = {v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B03,
                                           v1::PERIODE_B06, v1::PERIODE_B10, v1::PERIODE_B11,
                                           v1::PERIODE_B12};
  EXPECT_EQ(FormatJadwal(months), "B01-B03,B06,B10-B12");
  const std::vector<v1::Periode> quarters = {v1::PERIODE_TW1, v1::PERIODE_TW3};
  EXPECT_EQ(FormatJadwal(quarters), "TW1,TW3");
  // TW4 (14) and B01 (101) are not neighbours, nor are B12 and anything after it.
  const std::vector<v1::Periode> mixed = {v1::PERIODE_TW3, v1::PERIODE_TW4, v1::PERIODE_B01};
  EXPECT_EQ(FormatJadwal(mixed), "TW3-TW4,B01");
  EXPECT_EQ(FormatJadwal({}), "");
}

}  // namespace
}  // namespace kinerja::values
