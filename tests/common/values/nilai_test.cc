#include "common/values/nilai.h"

#include <string>

#include "gtest/gtest.h"

namespace kinerja::values {
namespace {

v1::Nilai ParseOk(absl::string_view text, bool column_has_unit = true) {
  absl::StatusOr<v1::Nilai> nilai = ParseNilai(text, column_has_unit);
  EXPECT_TRUE(nilai.ok()) << "\"" << text << "\": " << nilai.status();
  return nilai.ok() ? *nilai : v1::Nilai{};
}

TEST(NilaiTest, PercentWithOrWithoutBlank) {
  const v1::Nilai a = ParseOk("95%");
  EXPECT_EQ(a.angka_e4(), 950'000);
  EXPECT_EQ(a.satuan(), "%");
  EXPECT_EQ(a.teks(), "95%");

  const v1::Nilai b = ParseOk(" 100 % ");
  EXPECT_EQ(b.angka_e4(), 1'000'000);
  EXPECT_EQ(b.satuan(), "%");
  EXPECT_EQ(b.teks(), "100 %");  // Trimmed, otherwise as written.

  EXPECT_EQ(ParseOk("97.20%").angka_e4(), 972'000);
  EXPECT_EQ(ParseOk("97,5%").angka_e4(), 975'000);
}

TEST(NilaiTest, NumberWithUnitWords) {
  const v1::Nilai kali = ParseOk("12 Kali");
  EXPECT_EQ(kali.angka_e4(), 120'000);
  EXPECT_EQ(kali.satuan(), "Kali");

  const v1::Nilai dokumen = ParseOk("1 Dokumen");
  EXPECT_EQ(dokumen.angka_e4(), 10'000);
  EXPECT_EQ(dokumen.satuan(), "Dokumen");

  const v1::Nilai laporan = ParseOk("12 Laporan");
  EXPECT_EQ(laporan.angka_e4(), 120'000);
  EXPECT_EQ(laporan.satuan(), "Laporan");

  const v1::Nilai hari = ParseOk("1 Hari Kerja");
  EXPECT_EQ(hari.satuan(), "Hari Kerja");

  EXPECT_EQ(ParseOk("1.000 Orang").angka_e4(), 10'000'000);
}

TEST(NilaiTest, BareNumberHasNoUnit) {
  const v1::Nilai n = ParseOk("97,5", /*column_has_unit=*/false);
  EXPECT_TRUE(n.has_angka_e4());
  EXPECT_EQ(n.angka_e4(), 975'000);
  EXPECT_EQ(n.satuan(), "");
}

TEST(NilaiTest, UnitRefusedWhereTheColumnHasNone) {
  EXPECT_FALSE(ParseNilai("95%", /*column_has_unit=*/false).ok());
  EXPECT_FALSE(ParseNilai("12 Kali", /*column_has_unit=*/false).ok());
}

TEST(NilaiTest, GradesAnyCaseBecomeKategori) {
  for (const absl::string_view grade :
       {"WTP", "WDP", "TW", "TMP", "AA", "A", "BB", "B", "CC", "C", "D"}) {
    const v1::Nilai n = ParseOk(grade);
    EXPECT_TRUE(n.has_kategori()) << grade;
    EXPECT_EQ(n.kategori(), grade);
    EXPECT_EQ(n.satuan(), "");
  }
  const v1::Nilai lower = ParseOk(" wtp ");
  EXPECT_EQ(lower.kategori(), "WTP");
  EXPECT_EQ(lower.teks(), "wtp");
  EXPECT_EQ(ParseOk("bb").kategori(), "BB");
}

TEST(NilaiTest, RefusesWhatIsNeitherNumberNorGrade) {
  for (const absl::string_view bad : {
           "",                   // Empty: a caller for which it is optional checks first.
           "   ",                // Blank.
           "-",                  // OCR's "nothing".
           "Baik",               // Not a grade.
           "WTPX",               // Not a grade.
           "Laporan 12",         // Unit before the number.
           "95%x",               // Text after %.
           "12 13",              // A second number.
           "12 #",               // Not a unit word.
           "97,12345%",          // Too many decimals.
           "1.000,000.5 Orang",  // Mixed grouping.
       }) {
    EXPECT_FALSE(ParseNilai(bad, /*column_has_unit=*/true).ok()) << "\"" << bad << "\"";
  }
}

TEST(NilaiTest, NegativeNumbers) { EXPECT_EQ(ParseOk("-2,5%").angka_e4(), -25'000); }

TEST(NilaiTest, KategoriRankOrdersEachScale) {
  EXPECT_EQ(KategoriRank("WTP"), 4);
  EXPECT_EQ(KategoriRank("WDP"), 3);
  EXPECT_EQ(KategoriRank("TW"), 2);
  EXPECT_EQ(KategoriRank("TMP"), 1);
  EXPECT_EQ(KategoriRank("AA"), 7);
  EXPECT_EQ(KategoriRank("A"), 6);
  EXPECT_EQ(KategoriRank("BB"), 5);
  EXPECT_EQ(KategoriRank("B"), 4);
  EXPECT_EQ(KategoriRank("CC"), 3);
  EXPECT_EQ(KategoriRank("C"), 2);
  EXPECT_EQ(KategoriRank("D"), 1);
  EXPECT_EQ(KategoriRank(" wdp "), 3);
  EXPECT_EQ(KategoriRank("E"), std::nullopt);
  EXPECT_EQ(KategoriRank("95%"), std::nullopt);
}

TEST(NilaiTest, KategoriSkalaTellsTheScalesApart) {
  EXPECT_EQ(KategoriSkala("WTP"), SkalaKategori::kOpiniBpk);
  EXPECT_EQ(KategoriSkala("tmp"), SkalaKategori::kOpiniBpk);
  EXPECT_EQ(KategoriSkala("TW"), SkalaKategori::kOpiniBpk);
  EXPECT_EQ(KategoriSkala("AA"), SkalaKategori::kNilaiSakip);
  EXPECT_EQ(KategoriSkala("d"), SkalaKategori::kNilaiSakip);
  EXPECT_EQ(KategoriSkala("WTPX"), std::nullopt);
}

TEST(NilaiTest, FormatWritesWhatParseReads) {
  for (const absl::string_view text : {"95%", "97,5%", "12 Laporan", "1 Dokumen", "1.234,5 Orang",
                                       "WTP", "BB", "0,125", "-2,5", "1.000"}) {
    const v1::Nilai original = ParseOk(text);
    const std::string formatted = FormatNilai(original, Style::kDocument);
    const v1::Nilai again = ParseOk(formatted);
    EXPECT_EQ(again.kind_case(), original.kind_case()) << text << " -> " << formatted;
    EXPECT_EQ(again.angka_e4(), original.angka_e4()) << text << " -> " << formatted;
    EXPECT_EQ(again.kategori(), original.kategori()) << text << " -> " << formatted;
    EXPECT_EQ(again.satuan(), original.satuan()) << text << " -> " << formatted;
  }
  v1::Nilai n;
  n.set_angka_e4(975'000);
  n.set_satuan("%");
  EXPECT_EQ(FormatNilai(n, Style::kDocument), "97,5%");
  n.set_satuan("Kali");
  EXPECT_EQ(FormatNilai(n, Style::kDocument), "97,5 Kali");
  EXPECT_EQ(FormatNilai(v1::Nilai{}, Style::kDocument), "");
}

// Style::kDisplay, as kinerjactl shows values.

TEST(FormatNilaiTest, ShowsTeksAsWritten) {
  v1::Nilai nilai;
  nilai.set_teks("97,5 %");
  nilai.set_angka_e4(975000);
  nilai.set_satuan("%");
  EXPECT_EQ(FormatNilai(nilai, Style::kDisplay), "97,5 %");
}

TEST(FormatNilaiTest, WithoutTeksShowsNumberAndUnit) {
  v1::Nilai percent;
  percent.set_angka_e4(975000);
  percent.set_satuan("%");
  EXPECT_EQ(FormatNilai(percent, Style::kDisplay), "97.50%");
  v1::Nilai count;
  count.set_angka_e4(120000);
  count.set_satuan("Kali");
  EXPECT_EQ(FormatNilai(count, Style::kDisplay), "12 Kali");
  v1::Nilai grade;
  grade.set_kategori("WTP");
  EXPECT_EQ(FormatNilai(grade, Style::kDisplay), "WTP");
  EXPECT_EQ(FormatNilai(v1::Nilai(), Style::kDisplay), "");
}

}  // namespace
}  // namespace kinerja::values
