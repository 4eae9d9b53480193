#include "daemon/rollup/capaian.h"

#include "gtest/gtest.h"

namespace kinerja::rollup {
namespace {

v1::Nilai Angka(int64_t e4) {
  v1::Nilai n;
  n.set_angka_e4(e4);
  return n;
}
v1::Nilai Grade(const std::string& g) {
  v1::Nilai n;
  n.set_kategori(g);
  return n;
}

std::string Cap(const v1::Nilai& t, const v1::Nilai& r, v1::Polaritas p = v1::POLARITAS_POSITIF) {
  auto c = Capaian(t, r, p);
  return c ? FormatPercent(*c) : "none";
}

TEST(CapaianTest, TangerangPenyerapanIs97_20) {
  EXPECT_EQ(PenyerapanText(231'658'704'797, 238'339'761'000), "97.20");
  EXPECT_EQ(PenyerapanText(1, 0), "");
}

TEST(CapaianTest, RoundsHalfUpOnlyWhenShown) {
  EXPECT_EQ(FormatPercent({97195, 1000}), "97.20");  // 97.195 -> 97.20
  EXPECT_EQ(FormatPercent({97194, 1000}), "97.19");
  EXPECT_EQ(FormatPercent({1, 3}), "0.33");
  EXPECT_EQ(FormatPercent({-1, 200}), "-0.01");  // -0.005 rounds away from zero.
  EXPECT_EQ(FormatPercent({100, 1}), "100.00");
}

TEST(CapaianTest, PositivePolarity) {
  EXPECT_EQ(Cap(Angka(120000), Angka(120000)), "100.00");  // 12 Kali of 12.
  EXPECT_EQ(Cap(Angka(950000), Angka(900000)), "94.74");   // 90% of 95%.
  EXPECT_EQ(Cap(Angka(0), Angka(5)), "none");              // No target to measure against.
}

TEST(CapaianTest, NegativePolarity) {
  // Share of violations, lower is better: target 10, realisasi 5 -> (2 - 0.5) x 100.
  EXPECT_EQ(Cap(Angka(100000), Angka(50000), v1::POLARITAS_NEGATIF), "150.00");
  EXPECT_EQ(Cap(Angka(100000), Angka(300000), v1::POLARITAS_NEGATIF), "0.00");  // Floored.
  EXPECT_EQ(Cap(Angka(0), Angka(0), v1::POLARITAS_NEGATIF), "100.00");
  EXPECT_EQ(Cap(Angka(0), Angka(10000), v1::POLARITAS_NEGATIF), "0.00");
}

TEST(CapaianTest, CategoricalGrades) {
  EXPECT_EQ(Cap(Grade("WTP"), Grade("WTP")), "100.00");
  EXPECT_EQ(Cap(Grade("WDP"), Grade("WTP")), "100.00");  // Better than the target.
  EXPECT_EQ(Cap(Grade("WTP"), Grade("WDP")), "75.00");   // Rank 3 of 4.
  EXPECT_EQ(Cap(Grade("BB"), Grade("B")), "80.00");      // Rank 4 of 5.
  EXPECT_EQ(Cap(Grade("WTP"), Grade("BB")), "none");     // Different scales.
  EXPECT_EQ(Cap(Grade("WTP"), Angka(10000)), "none");
}

TEST(CapaianTest, AboveAndAtLeast) {
  EXPECT_TRUE(AtLeast({100, 1}, 100));
  EXPECT_FALSE(Above({120, 1}, 120));
  EXPECT_TRUE(Above({1201, 10}, 120));
}

TEST(CapaianTest, FinalRealisasiPrefersYearThenLatestQuarterThenMonth) {
  v1::IndikatorRollup row;
  auto add = [&](v1::Periode p) {
    auto* r = row.add_realisasi();
    r->set_periode(p);
  };
  EXPECT_EQ(FinalRealisasi(row), nullptr);
  add(v1::PERIODE_B11);
  add(v1::PERIODE_TW2);
  EXPECT_EQ(FinalRealisasi(row)->periode(), v1::PERIODE_TW2);
  add(v1::PERIODE_TW3);
  EXPECT_EQ(FinalRealisasi(row)->periode(), v1::PERIODE_TW3);
  add(v1::PERIODE_TAHUNAN);
  EXPECT_EQ(FinalRealisasi(row)->periode(), v1::PERIODE_TAHUNAN);
}

}  // namespace
}  // namespace kinerja::rollup
