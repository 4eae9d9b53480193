#include "common/values/enum_words.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace kinerja::values {
namespace {

TEST(FormatEnumTest, WordsAsUsersWriteThem) {
  EXPECT_EQ(EnumWord(v1::TINGKAT_KABKOTA), "kabkota");
  EXPECT_EQ(EnumWord(v1::TINGKAT_UNSPECIFIED), "");
  EXPECT_EQ(EnumWord(v1::DOKUMEN_PK), "PK");
  EXPECT_EQ(EnumWord(v1::POLARITAS_NEGATIF), "negatif");
  EXPECT_EQ(EnumWord(v1::ROLE_PROVINCE), "province");
}

TEST(EnumWordsTest, ParsesAnyCaseAndRefusesUnspecified) {
  EXPECT_EQ(EnumFromWord<v1::Tingkat>(" KabKota "), v1::TINGKAT_KABKOTA);
  EXPECT_EQ(EnumFromWord<v1::Dokumen>("rkt"), v1::DOKUMEN_RKT);
  EXPECT_EQ(EnumFromWord<v1::Polaritas>("NEGATIF"), v1::POLARITAS_NEGATIF);
  EXPECT_EQ(EnumFromWord<v1::Role>("national"), v1::ROLE_NATIONAL);
  EXPECT_EQ(EnumFromWord<v1::Tingkat>("unspecified"), std::nullopt);
  EXPECT_EQ(EnumFromWord<v1::Tingkat>(""), std::nullopt);
  EXPECT_EQ(EnumFromWord<v1::Tingkat>("kota"), std::nullopt);
}

TEST(EnumWordsTest, ListsWordsInDeclarationOrder) {
  EXPECT_EQ(EnumWordsList<v1::Tingkat>(), "nasional, provinsi, kabkota");
  EXPECT_EQ(EnumWordsList<v1::Dokumen>(), "RKT, PK, IKU");
  EXPECT_EQ(EnumWordsList<v1::Polaritas>(), "positif, negatif");
  EXPECT_EQ(EnumWords<v1::Role>(), (std::vector<std::string>{"office", "province", "national"}));
}

TEST(EnumWordsTest, FileKindsAreTheCommandLineWords) {
  EXPECT_EQ(EnumWordsList<v1::FileKind>(),
            "satker, indikator, realisasi_indikator, anggaran, rencana_aksi, total_dokumen");
  EXPECT_EQ(EnumFromWord<v1::FileKind>("anggaran"), v1::FILE_KIND_ANGGARAN);
  EXPECT_EQ(EnumWord(v1::FILE_KIND_UNSPECIFIED), "");
}

TEST(EnumWordsTest, EveryWordParsesBack) {
  for (const std::string& word : EnumWords<v1::Tingkat>()) {
    const std::optional<v1::Tingkat> value = EnumFromWord<v1::Tingkat>(word);
    ASSERT_TRUE(value.has_value()) << word;
    EXPECT_EQ(EnumWord(*value), word);
  }
}

}  // namespace
}  // namespace kinerja::values
