#include "storage/entity_key.h"

#include "gtest/gtest.h"

namespace kinerja::storage {
namespace {

TEST(EntityKeyTest, RecordKeyRoundTrips) {
  const std::string key = RecordKey("3603", 2024, kKindBelanja, {"6709", "EBA.994", "B03"});
  EXPECT_EQ(key, "3603/2024/belanja/6709/EBA.994/B03");
  auto parsed = ParseKey(key);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->satker, "3603");
  EXPECT_EQ(parsed->section, KeySection::kRecord);
  EXPECT_EQ(parsed->tahun, 2024);
  EXPECT_EQ(parsed->kind, "belanja");
  EXPECT_EQ(parsed->writer, "3603");
  EXPECT_EQ(parsed->ids, (std::vector<std::string>{"6709", "EBA.994", "B03"}));
}

TEST(EntityKeyTest, SlashesInIdsAreEscaped) {
  const std::string key = RecordKey("3604", 2023, kKindIndikator, {"IKU 1/2%"});
  EXPECT_EQ(key, "3604/2023/indikator/IKU 1%2F2%25");
  auto parsed = ParseKey(key);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->ids[0], "IKU 1/2%");
}

TEST(EntityKeyTest, ReferenceAndCatatanWriters) {
  auto ref = ParseKey(ReferenceKey("RI", kRefSatker, {"3604"}));
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->section, KeySection::kReference);
  EXPECT_EQ(ref->writer, "RI");
  auto note = ParseKey(CatatanKey("3604", "36", "LKj 2024"));
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->section, KeySection::kCatatan);
  EXPECT_EQ(note->satker, "3604");
  EXPECT_EQ(note->writer, "36");
}

TEST(EntityKeyTest, SatkerPrefixDoesNotMatchLongerCode) {
  EXPECT_EQ(SatkerPrefix("36"), "36/");
  EXPECT_NE(RecordKey("3604", 2024, kKindPagu, {"1"}).rfind(SatkerPrefix("36"), 0), 0u);
}

TEST(EntityKeyTest, MalformedKeysAreRefused) {
  for (const char* bad : {"", "3604", "3604/2024", "3604/20x4/pagu/1", "3604/2024/pagu",
                          "3604/catatan/3604/x", "3604/2024/pagu/%zz", "3604/2024/pagu//x"}) {
    EXPECT_FALSE(ParseKey(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace kinerja::storage
