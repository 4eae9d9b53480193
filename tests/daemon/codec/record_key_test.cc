#include "daemon/codec/record_key.h"

#include "gtest/gtest.h"

namespace kinerja::codec {
namespace {

TEST(RecordKeyTest, KeyForRecordUsesIdentifyingFields) {
  v1::Record r;
  auto* b = r.mutable_anggaran_realisasi();
  b->set_satker("3603");
  b->set_tahun(2024);
  b->set_kegiatan_kode("3355");
  b->set_periode(v1::PERIODE_B01);
  auto key = KeyForRecord(r);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "3603/2024/belanja/3355/-/B01");

  v1::Record s;
  s.mutable_satker()->set_kode("5104");
  EXPECT_EQ(*KeyForRecord(s), "RI/ref/satker/5104");

  v1::Record empty;
  EXPECT_FALSE(KeyForRecord(empty).ok());
  v1::Record no_year;
  no_year.mutable_indikator()->set_satker("3603");
  no_year.mutable_indikator()->set_indikator_kode("IKU1");
  EXPECT_FALSE(KeyForRecord(no_year).ok());
}

TEST(RecordKeyTest, EveryBuiltInRecordKindHasAKey) {
  v1::Record catatan;
  catatan.mutable_catatan()->set_satker("3604");
  catatan.mutable_catatan()->set_penulis("36");
  catatan.mutable_catatan()->set_topik("lkj-2024");
  EXPECT_EQ(*KeyForRecord(catatan), "3604/catatan/36/lkj-2024");
  catatan.mutable_catatan()->set_penulis("3604");  // A note is by another satker.
  EXPECT_FALSE(KeyForRecord(catatan).ok());

  v1::Record total;
  total.mutable_total_dokumen()->set_satker("3603");
  total.mutable_total_dokumen()->set_tahun(2024);
  total.mutable_total_dokumen()->set_dokumen("LKj");
  total.mutable_total_dokumen()->set_bagian("anggaran");
  EXPECT_EQ(*KeyForRecord(total), "3603/2024/total/LKj/anggaran/-");
}

TEST(RecordKeyTest, KeyKindsAreTheRecordKindsOfTheTable) {
  for (const absl::string_view kind :
       {"satker", "indikator", "realisasi", "pagu", "belanja", "aksi", "total", "catatan"}) {
    EXPECT_TRUE(CheckKeyKind(kind, CodecTable::BuiltIn()).ok()) << kind;
  }
  const absl::Status anggaran = CheckKeyKind("anggaran", CodecTable::BuiltIn());
  EXPECT_EQ(anggaran.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(anggaran.message(),
            "unknown record kind \"anggaran\"; the kinds are: satker, indikator, realisasi, pagu, "
            "belanja, aksi, total, catatan");
}

TEST(RecordKeyTest, AKindTheTableDoesNotKnowHasNoKey) {
  v1::Record satker;
  satker.mutable_satker()->set_kode("5104");
  const absl::StatusOr<std::string> key = KeyForRecord(satker, CodecTable());
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kinerja::codec
