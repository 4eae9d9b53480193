#include "client/display_values.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

TEST(FormatRupiahTest, GroupsThousandsWithDots) {
  EXPECT_EQ(FormatRupiah(238339761000), "238.339.761.000");
  EXPECT_EQ(FormatRupiah(231658704797), "231.658.704.797");
  EXPECT_EQ(FormatRupiah(10000), "10.000");
  EXPECT_EQ(FormatRupiah(999), "999");
  EXPECT_EQ(FormatRupiah(1000), "1.000");
  EXPECT_EQ(FormatRupiah(0), "0");
}

TEST(FormatRupiahTest, NegativeAndExtremes) {
  EXPECT_EQ(FormatRupiah(-1500), "-1.500");
  EXPECT_EQ(FormatRupiah(std::numeric_limits<int64_t>::max()), "9.223.372.036.854.775.807");
  EXPECT_EQ(FormatRupiah(std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
}

TEST(FormatPercentTest, PenyerapanOfTheTangerangLkj) {
  EXPECT_EQ(FormatPercent(231658704797, 238339761000), "97.20%");
}

TEST(FormatPercentTest, RoundsHalfUpToTwoDecimals) {
  EXPECT_EQ(FormatPercent(1, 3), "33.33%");
  EXPECT_EQ(FormatPercent(2, 3), "66.67%");
  EXPECT_EQ(FormatPercent(1, 8), "12.50%");
  EXPECT_EQ(FormatPercent(1, 80000), "0.00%");    // 0.00125% rounds down.
  EXPECT_EQ(FormatPercent(1, 40000), "0.00%");    // 0.0025%.
  EXPECT_EQ(FormatPercent(1, 20000), "0.01%");    // 0.005% is a half: up.
  EXPECT_EQ(FormatPercent(3, 2), "150.00%");      // Not capped at 100.
  EXPECT_EQ(FormatPercent(-1, 20000), "-0.01%");  // Half away from zero.
  EXPECT_EQ(FormatPercent(-1, 80000), "0.00%");   // No "-0.00%".
}

TEST(FormatPercentTest, ZeroDenominatorIsADash) { EXPECT_EQ(FormatPercent(5, 0), "-"); }

TEST(FormatPercentTest, ExtremesDoNotOverflow) {
  EXPECT_EQ(FormatPercent(std::numeric_limits<int64_t>::max(), 1), "922337203685477580700.00%");
  EXPECT_EQ(FormatPercent(std::numeric_limits<int64_t>::min(), -1), "922337203685477580800.00%");
}

TEST(FormatAngkaE4Test, DropsTrailingZerosOfTheFraction) {
  EXPECT_EQ(FormatAngkaE4(975000), "97.5");
  EXPECT_EQ(FormatAngkaE4(120000), "12");
  EXPECT_EQ(FormatAngkaE4(12345), "1.2345");
  EXPECT_EQ(FormatAngkaE4(-5), "-0.0005");
  EXPECT_EQ(FormatAngkaE4(0), "0");
}

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
  const std::vector<int> months = {v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B03,
                                   v1::PERIODE_B06, v1::PERIODE_B10, v1::PERIODE_B11,
                                   v1::PERIODE_B12};
  EXPECT_EQ(FormatJadwal(months), "B01-B03,B06,B10-B12");
  const std::vector<int> quarters = {v1::PERIODE_TW1, v1::PERIODE_TW3};
  EXPECT_EQ(FormatJadwal(quarters), "TW1,TW3");
  // TW4 (14) and B01 (101) are not neighbours, nor are B12 and anything after it.
  const std::vector<int> mixed = {v1::PERIODE_TW3, v1::PERIODE_TW4, v1::PERIODE_B01};
  EXPECT_EQ(FormatJadwal(mixed), "TW3-TW4,B01");
  EXPECT_EQ(FormatJadwal({}), "");
}

TEST(FormatNilaiTest, ShowsTeksAsWritten) {
  v1::Nilai nilai;
  nilai.set_teks("97,5 %");
  nilai.set_angka_e4(975000);
  nilai.set_satuan("%");
  EXPECT_EQ(FormatNilai(nilai), "97,5 %");
}

TEST(FormatNilaiTest, WithoutTeksShowsNumberAndUnit) {
  v1::Nilai percent;
  percent.set_angka_e4(975000);
  percent.set_satuan("%");
  EXPECT_EQ(FormatNilai(percent), "97.50%");
  v1::Nilai count;
  count.set_angka_e4(120000);
  count.set_satuan("Kali");
  EXPECT_EQ(FormatNilai(count), "12 Kali");
  v1::Nilai grade;
  grade.set_kategori("WTP");
  EXPECT_EQ(FormatNilai(grade), "WTP");
  EXPECT_EQ(FormatNilai(v1::Nilai()), "");
}

TEST(FormatEnumTest, WordsAsUsersWriteThem) {
  EXPECT_EQ(FormatTingkat(v1::TINGKAT_KABKOTA), "kabkota");
  EXPECT_EQ(FormatTingkat(v1::TINGKAT_UNSPECIFIED), "");
  EXPECT_EQ(FormatDokumen(v1::DOKUMEN_PK), "PK");
  EXPECT_EQ(FormatPolaritas(v1::POLARITAS_NEGATIF), "negatif");
  EXPECT_EQ(FormatRole(v1::ROLE_PROVINCE), "province");
}

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
}  // namespace kinerja::client
