// The anggaran rules of ParseImport (daemon/codec/anggaran_codec.cc): budget lines gathered
// over rows, pagu per line, realisasi per row, no duplicates, no monthly/yearly mix.
#include "absl/strings/str_cat.h"
#include "daemon/codec/parse_import.h"
#include "gtest/gtest.h"
#include "tests/daemon/codec/import_test_util.h"

namespace kinerja::codec {
namespace {

constexpr absl::string_view kAnggaranHeader =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

TEST(AnggaranRowsTest, OnlyRincianKodeIsAnOptionalColumn) {
  int optional = 0;
  for (const ColumnSpec& column : CodecTable::BuiltIn().Find(v1::FILE_KIND_ANGGARAN)->columns) {
    EXPECT_EQ(column.optional, column.name == "rincian_kode") << column.name;
    optional += column.optional ? 1 : 0;
  }
  EXPECT_EQ(optional, 1);
  EXPECT_EQ(CodecTable::BuiltIn().Find(v1::FILE_KIND_ANGGARAN)->columns.size(), 10u);
}

TEST(AnggaranRowsTest, ErrorNamesFileLineColumnExpectedAndFound) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B01,1.000.000,\n"
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B02,1.000.000,\n"
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B03,dua juta,\n")),
            "anggaran.csv:4: column pagu: expected an amount like 1.000.000, got \"dua juta\"");
}

// An Excel export in Indonesian locale: BOM, semicolons, quoted cells holding ';' and line
// breaks, amounts in every format DOMAIN.md lists.
TEST(AnggaranRowsTest, ExcelExport) {
  const ImportFile file =
      ParseOk(v1::FILE_KIND_ANGGARAN,
              "\xEF\xBB\xBF"
              "satker;tahun;program_kode;program;kegiatan_kode;rincian_kode;kegiatan;periode;pagu;"
              "realisasi\r\n"
              "3603;2024;CQ;\"Penyelenggaraan Pemilu; Konsolidasi\";6709;QDB.001;\"Fasilitasi\r\n"
              "Pemilu\";B01;Rp. 238,339,761,000,-;2.357.012.000\r\n"
              "3603;2024;CQ;;6709;QDB.001;;B02;;\"23,368,000\"\r\n"
              "3603;2024;CQ;;6709;QDB.001;;B03;238.339.761.000;-\r\n"
              "3603;2024;CQ;;6709;QDB.001;;B04;;\r\n"
              "3603;2024;WA;Dukungan Manajemen;3355;;Layanan Perkantoran;TAHUNAN;Rp 1.000.000,00;"
              "1500000\r\n"
              "\r\n");
  ASSERT_EQ(file.anggaran_pagu.size(), 2u);
  const v1::AnggaranPagu& cq = file.anggaran_pagu[0].value;
  EXPECT_EQ(file.anggaran_pagu[0].line, 2);
  EXPECT_EQ(cq.satker(), "3603");
  EXPECT_EQ(cq.tahun(), 2024);
  EXPECT_EQ(cq.program_kode(), "CQ");
  EXPECT_EQ(cq.program(), "Penyelenggaraan Pemilu; Konsolidasi");
  EXPECT_EQ(cq.kegiatan_kode(), "6709");
  EXPECT_EQ(cq.rincian_kode(), "QDB.001");
  EXPECT_EQ(cq.kegiatan(), "Fasilitasi\nPemilu");
  EXPECT_EQ(cq.pagu_rupiah(), 238'339'761'000);

  const v1::AnggaranPagu& wa = file.anggaran_pagu[1].value;
  EXPECT_EQ(file.anggaran_pagu[1].line, 7);  // The quoted line break shifted it.
  EXPECT_EQ(wa.kegiatan_kode(), "3355");
  EXPECT_EQ(wa.rincian_kode(), "");
  EXPECT_EQ(wa.pagu_rupiah(), 1'000'000);

  // B04 carries no realisasi, so it yields none; "-" is zero.
  ASSERT_EQ(file.anggaran_realisasi.size(), 4u);
  const auto& r = file.anggaran_realisasi;
  EXPECT_EQ(r[0].value.periode(), v1::PERIODE_B01);
  EXPECT_EQ(r[0].value.realisasi_rupiah(), 2'357'012'000);
  EXPECT_EQ(r[0].value.program_kode(), "CQ");
  EXPECT_EQ(r[0].value.kegiatan_kode(), "6709");
  EXPECT_EQ(r[0].value.rincian_kode(), "QDB.001");
  EXPECT_EQ(r[0].line, 2);
  EXPECT_EQ(r[1].value.periode(), v1::PERIODE_B02);
  EXPECT_EQ(r[1].value.realisasi_rupiah(), 23'368'000);
  EXPECT_EQ(r[1].line, 4);
  EXPECT_EQ(r[2].value.periode(), v1::PERIODE_B03);
  EXPECT_EQ(r[2].value.realisasi_rupiah(), 0);
  EXPECT_EQ(r[3].value.periode(), v1::PERIODE_TAHUNAN);
  EXPECT_EQ(r[3].value.realisasi_rupiah(), 1'500'000);
  EXPECT_EQ(r[3].value.satker(), "3603");
  EXPECT_EQ(r[3].value.tahun(), 2024);
}

TEST(AnggaranRowsTest, RincianKodeColumnIsOptional) {
  const ImportFile file =
      ParseOk(v1::FILE_KIND_ANGGARAN,
              "satker,tahun,program_kode,program,kegiatan_kode,kegiatan,periode,pagu,realisasi\n"
              "3603,2024,WA,Dukungan,3355,Layanan,TAHUNAN,2.000,1.000\n");
  ASSERT_EQ(file.anggaran_pagu.size(), 1u);
  EXPECT_EQ(file.anggaran_pagu[0].value.rincian_kode(), "");
  EXPECT_EQ(file.anggaran_realisasi.size(), 1u);
}

// As in the Tangerang LKj, where kegiatan 6709 has several lines told apart by rincian_kode.
TEST(AnggaranRowsTest, LinesOfOneKegiatanDifferByRincian) {
  const ImportFile file =
      ParseOk(v1::FILE_KIND_ANGGARAN,
              absl::StrCat(kAnggaranHeader,
                           "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,TAHUNAN,1.000,900\n"
                           "3603,2024,CQ,Pemilu,6709,QMA,Fasilitasi,TAHUNAN,2.000,1.900\n"
                           "3603,2024,CQ,Pemilu,6709,,Fasilitasi,TAHUNAN,3.000,2.900\n"));
  ASSERT_EQ(file.anggaran_pagu.size(), 3u);
  EXPECT_EQ(file.anggaran_pagu[1].value.rincian_kode(), "QMA");
  EXPECT_EQ(file.anggaran_pagu[1].value.pagu_rupiah(), 2000);
  EXPECT_EQ(file.anggaran_realisasi.size(), 3u);
}

TEST(AnggaranRowsTest, FileMayHoldSeveralSatkerAndYears) {
  const ImportFile file = ParseOk(
      v1::FILE_KIND_ANGGARAN, absl::StrCat(kAnggaranHeader,
                                           "3603,2024,WA,Dukungan,3355,,Layanan,B01,5.000,100\n"
                                           "3604,2024,WA,Dukungan,3355,,Layanan,B01,7.000,200\n"
                                           "3603,2023,WA,Dukungan,3355,,Layanan,B01,9.000,300\n"));
  ASSERT_EQ(file.anggaran_pagu.size(), 3u);
  EXPECT_EQ(file.anggaran_pagu[1].value.satker(), "3604");
  EXPECT_EQ(file.anggaran_pagu[1].value.pagu_rupiah(), 7000);
  EXPECT_EQ(file.anggaran_pagu[2].value.tahun(), 2023);
  EXPECT_EQ(file.anggaran_pagu[2].value.pagu_rupiah(), 9000);
}

TEST(AnggaranRowsTest, PaguRepeatedWithAnotherSpellingIsTheSameValue) {
  const ImportFile file =
      ParseOk(v1::FILE_KIND_ANGGARAN,
              absl::StrCat(kAnggaranHeader,
                           "3603,2024,WA,Dukungan,3355,,Layanan,B01,\"1,000,000\",10\n"
                           "3603,2024,WA,Dukungan,3355,,Layanan,B02,1.000.000,20\n"
                           "3603,2024,WA,Dukungan,3355,,Layanan,B03,Rp 1000000,30\n"));
  ASSERT_EQ(file.anggaran_pagu.size(), 1u);
  EXPECT_EQ(file.anggaran_pagu[0].value.pagu_rupiah(), 1'000'000);
}

TEST(AnggaranRowsTest, PaguMayComeFromALaterRow) {
  const ImportFile file = ParseOk(v1::FILE_KIND_ANGGARAN,
                                  absl::StrCat(kAnggaranHeader,
                                               "3603,2024,WA,,3355,,,B01,,10\n"
                                               "3603,2024,WA,Dukungan,3355,,Layanan,B02,5.000,\n"));
  ASSERT_EQ(file.anggaran_pagu.size(), 1u);
  EXPECT_EQ(file.anggaran_pagu[0].line, 2);
  EXPECT_EQ(file.anggaran_pagu[0].value.pagu_rupiah(), 5000);
  EXPECT_EQ(file.anggaran_pagu[0].value.program(), "Dukungan");
  EXPECT_EQ(file.anggaran_pagu[0].value.kegiatan(), "Layanan");
  EXPECT_EQ(file.anggaran_realisasi.size(), 1u);
}

TEST(AnggaranRowsTest, ConflictingPaguIsRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,B01,1.000.000,\n"
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,B02,,\n"
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,B03,2.000.000,\n")),
            "anggaran.csv:4: column pagu: 2.000.000 differs from 1.000.000 on line 2 for "
            "kegiatan 6709 rincian QDB (satker 3603, 2024)");
}

TEST(AnggaranRowsTest, LineWithoutPaguIsRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,WA,Dukungan,3355,,Layanan,TAHUNAN,5.000,100\n"
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B01,,100\n"
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B02,,100\n")),
            "anggaran.csv:3: column pagu: no row of kegiatan 6709 (satker 3603, 2024) gives "
            "the line's pagu");
}

TEST(AnggaranRowsTest, LineNamesFollowThePaguRule) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B01,1.000,\n"
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi Pemilu,B02,,\n")),
            "anggaran.csv:3: column kegiatan: \"Fasilitasi Pemilu\" differs from "
            "\"Fasilitasi\" on line 2 for kegiatan 6709 (satker 3603, 2024)");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader, "3603,2024,CQ,,6709,,Fasilitasi,B01,1.000,\n")),
            "anggaran.csv:2: column program: no row of kegiatan 6709 (satker 3603, 2024) gives "
            "the line's program");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,CQ,Pemilu,6709,,Fasilitasi,B01,1.000,\n"
                                 "3603,2024,WA,Pemilu,6709,,Fasilitasi,B02,,\n")),
            "anggaran.csv:3: column program_kode: \"WA\" differs from \"CQ\" on line 2 for "
            "kegiatan 6709 (satker 3603, 2024)");
}

TEST(AnggaranRowsTest, DuplicateRowsAreRefusedNeverSummed) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,B01,1.000,100\n"
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,B02,1.000,100\n"
                                 "3603,2024,CQ,Pemilu,6709,QDB,Fasilitasi,b1,1.000,50\n")),
            "anggaran.csv:4: column periode: duplicate: B01 of kegiatan 6709 rincian QDB "
            "(satker 3603, 2024) is already on line 2");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,WA,Dukungan,3355,,Layanan,TAHUNAN,5.000,100\n"
                                 "3603,2024,WA,Dukungan,3355,,Layanan,TAHUNAN,5.000,\n")),
            "anggaran.csv:3: column periode: duplicate: TAHUNAN of kegiatan 3355 (satker 3603, "
            "2024) is already on line 2");
}

TEST(AnggaranRowsTest, MonthlyAndYearlyRowsOfOneLineAreRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,WA,Dukungan,3355,,Layanan,B01,5.000,100\n"
                                 "3603,2024,WA,Dukungan,3355,,Layanan,TAHUNAN,5.000,900\n")),
            "anggaran.csv:3: column periode: kegiatan 3355 (satker 3603, 2024) has a monthly "
            "row on line 2; a line has either monthly rows or one TAHUNAN row");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,WA,Dukungan,3355,,Layanan,TAHUNAN,5.000,900\n"
                                 "3603,2024,WA,Dukungan,3355,,Layanan,B12,5.000,100\n")),
            "anggaran.csv:3: column periode: kegiatan 3355 (satker 3603, 2024) has a TAHUNAN "
            "row on line 2; a line has either monthly rows or one TAHUNAN row");
  // Another line of the same kegiatan may be yearly while this one is monthly.
  EXPECT_EQ(ParseOk(v1::FILE_KIND_ANGGARAN,
                    absl::StrCat(kAnggaranHeader,
                                 "3603,2024,WA,Dukungan,3355,A,Layanan,B01,5.000,100\n"
                                 "3603,2024,WA,Dukungan,3355,B,Layanan,TAHUNAN,5.000,900\n"))
                .anggaran_pagu.size(),
            2u);
}

TEST(AnggaranRowsTest, AmountRules) {
  const auto error = [](absl::string_view row) {
    return ErrorOf(v1::FILE_KIND_ANGGARAN, absl::StrCat(kAnggaranHeader, row));
  };
  EXPECT_EQ(error("3603,2024,WA,D,3355,,L,TW1,5.000,100\n"),
            "anggaran.csv:2: column periode: expected a month B01-B12 or TAHUNAN, got \"TW1\"");
  EXPECT_EQ(error("3603,2024,WA,D,3355,,L,B01,-5.000,100\n"),
            "anggaran.csv:2: column pagu: expected an amount of zero or more like 1.000.000, "
            "got \"-5.000\"");
  EXPECT_EQ(error("3603,2024,WA,D,3355,,L,B01,5.000,\"1.000,50\"\n"),
            "anggaran.csv:2: column realisasi: expected an amount like 1.000.000, got "
            "\"1.000,50\"");
  EXPECT_EQ(error("3603,2024,WA,D,3355,,L,B01,5.000,\"1.000,000\"\n"),
            "anggaran.csv:2: column realisasi: expected an amount like 1.000.000, got "
            "\"1.000,000\"");
  EXPECT_EQ(error("3603,2024,WA,D,33/55,,L,B01,5.000,\n"),
            "anggaran.csv:2: column kegiatan_kode: expected a code without '/', got \"33/55\"");
  // A refund booked in a month makes its realisasi negative.
  const ImportFile refund =
      ParseOk(v1::FILE_KIND_ANGGARAN,
              absl::StrCat(kAnggaranHeader, "3603,2024,WA,D,3355,,L,B05,5.000,-250.000\n"));
  ASSERT_EQ(refund.anggaran_realisasi.size(), 1u);
  EXPECT_EQ(refund.anggaran_realisasi[0].value.realisasi_rupiah(), -250'000);
}

}  // namespace
}  // namespace kinerja::codec
