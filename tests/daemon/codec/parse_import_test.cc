#include "daemon/codec/parse_import.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/codec/import_test_util.h"

namespace kinerja::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr absl::string_view kSatkerHeader = "kode,nama,tingkat,induk\n";
constexpr absl::string_view kIndikatorHeader =
    "satker,tahun,dokumen,sasaran_kode,sasaran,indikator_kode,indikator,target,satuan,"
    "polaritas,cara_penghitungan,sumber_data\n";
constexpr absl::string_view kRealisasiHeader =
    "satker,tahun,indikator_kode,periode,realisasi,keterangan\n";
constexpr absl::string_view kRencanaAksiHeader =
    "satker,tahun,indikator_kode,aksi_kode,aksi,target,jadwal,biaya,pelaksana\n";

// ---- Kinds -------------------------------------------------------------------------------

TEST(ImportRowsTest, KindNamesRoundTrip) {
  for (const v1::FileKind kind :
       {v1::FILE_KIND_SATKER, v1::FILE_KIND_INDIKATOR, v1::FILE_KIND_REALISASI_INDIKATOR,
        v1::FILE_KIND_ANGGARAN, v1::FILE_KIND_RENCANA_AKSI}) {
    std::optional<v1::FileKind> back = values::EnumFromWord<v1::FileKind>(values::EnumWord(kind));
    ASSERT_TRUE(back.has_value()) << kind;
    EXPECT_EQ(*back, kind);
  }
  EXPECT_EQ(values::EnumWord(v1::FILE_KIND_REALISASI_INDIKATOR), "realisasi_indikator");
  EXPECT_EQ(*values::EnumFromWord<v1::FileKind>(" Rencana_Aksi "), v1::FILE_KIND_RENCANA_AKSI);
  EXPECT_FALSE(values::EnumFromWord<v1::FileKind>("lkj").has_value());
}

// ---- Header ------------------------------------------------------------------------------

TEST(ImportRowsTest, HeaderNamesAnyCaseAnyOrderTrimmed) {
  const ImportFile file = ParseOk(v1::FILE_KIND_SATKER,
                                  " Induk ;NAMA; tingkat ;Kode\n"
                                  ";KPU RI;nasional;RI\n");
  ASSERT_EQ(file.satker.size(), 1u);
  EXPECT_EQ(file.satker[0].value.kode(), "RI");
  EXPECT_EQ(file.satker[0].value.nama(), "KPU RI");
}

TEST(ImportRowsTest, UnknownColumnIsRefused) {
  EXPECT_THAT(ErrorOf(v1::FILE_KIND_SATKER, "kode,nama,tingkat,induk,alamat\n"),
              StartsWith("satker.csv:1: unknown column \"alamat\"; the columns are: kode, "
                         "nama, tingkat, induk"));
}

TEST(ImportRowsTest, MissingColumnIsRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER, "kode,nama,induk\nRI,KPU RI,\n"),
            "satker.csv:1: missing column tingkat");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_RENCANA_AKSI,
                    "satker,tahun,indikator_kode,aksi_kode,aksi,target,jadwal,pelaksana\n"),
            "rencana_aksi.csv:1: missing column biaya");
}

TEST(ImportRowsTest, RepeatedColumnIsRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER, "kode,nama,tingkat,induk,KODE\n"),
            "satker.csv:1: column kode appears twice in the header");
}

TEST(ImportRowsTest, UnnamedColumnsMustStayEmpty) {
  // Excel leaves empty columns behind: fine while they are empty.
  const ImportFile file = ParseOk(v1::FILE_KIND_SATKER,
                                  "kode;nama;tingkat;induk;;\n"
                                  "RI;KPU RI;nasional;;;\n"
                                  "36;KPU Provinsi Banten;provinsi;RI\n");
  EXPECT_EQ(file.satker.size(), 2u);
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER,
                    "kode;nama;tingkat;induk;\n"
                    "RI;KPU RI;nasional;;catatan\n"),
            "satker.csv:2: field 5 holds \"catatan\" but has no column name in the header");
}

TEST(ImportRowsTest, RowWithTooFewFieldsIsRefused) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER,
                    "kode;nama;tingkat;induk\n"
                    "RI;KPU RI;nasional\n"),
            "satker.csv:2: has 3 fields, but the header has 4 (a line break inside an "
            "unquoted cell?)");
}

TEST(ImportRowsTest, RowsOfOnlyEmptyCellsAreSkipped) {
  const ImportFile file = ParseOk(v1::FILE_KIND_SATKER,
                                  "kode;nama;tingkat;induk\n"
                                  ";;;\n"
                                  "RI;KPU RI;nasional;\n"
                                  " ; ; ; \n");
  ASSERT_EQ(file.satker.size(), 1u);
  EXPECT_EQ(file.satker[0].line, 3);
}

TEST(ImportRowsTest, CsvErrorsNameTheFile) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER, "kode;nama;tingkat;induk\nRI;\"KPU RI;nasional;\n"),
            "satker.csv:2: quoted field opened on this line is never closed");
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_SATKER, ""),
            "satker.csv:1: the file is empty; expected a header row");
}

TEST(ImportRowsTest, HeaderOnlyFileHoldsNothing) {
  const ImportFile file = ParseOk(v1::FILE_KIND_ANGGARAN,
                                  "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,"
                                  "kegiatan,periode,pagu,realisasi\n");
  EXPECT_EQ(file.kind, v1::FILE_KIND_ANGGARAN);
  EXPECT_THAT(file.anggaran_pagu, IsEmpty());
  EXPECT_THAT(file.anggaran_realisasi, IsEmpty());
}

TEST(ImportRowsTest, UnspecifiedOrUnknownFileKindIsRefused) {
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(v1::FILE_KIND_UNSPECIFIED, "x.csv", "kode,nama,tingkat,induk\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(records.status().message(),
            "unknown file kind 0 (unspecified); the kinds are: satker, indikator, "
            "realisasi_indikator, anggaran, rencana_aksi, total_dokumen");
  records = ParseImport(static_cast<v1::FileKind>(42), "x.csv", "kode,nama,tingkat,induk\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), absl::StatusCode::kInvalidArgument);
}

// ---- satker ------------------------------------------------------------------------------

TEST(ImportRowsTest, SatkerHierarchy) {
  const ImportFile file =
      ParseOk(v1::FILE_KIND_SATKER, absl::StrCat(kSatkerHeader,
                                                 "RI,KPU RI,nasional,\n"
                                                 "36,KPU Provinsi Banten,Provinsi,RI\n"
                                                 "3604,KPU Kabupaten Serang,KABKOTA,36\n"));
  EXPECT_EQ(file.kind, v1::FILE_KIND_SATKER);
  ASSERT_EQ(file.satker.size(), 3u);
  EXPECT_EQ(file.satker[0].value.tingkat(), v1::TINGKAT_NASIONAL);
  EXPECT_EQ(file.satker[0].value.induk(), "");
  EXPECT_EQ(file.satker[1].value.tingkat(), v1::TINGKAT_PROVINSI);
  EXPECT_EQ(file.satker[1].value.induk(), "RI");
  EXPECT_EQ(file.satker[2].value.kode(), "3604");
  EXPECT_EQ(file.satker[2].value.nama(), "KPU Kabupaten Serang");
  EXPECT_EQ(file.satker[2].value.tingkat(), v1::TINGKAT_KABKOTA);
  EXPECT_EQ(file.satker[2].value.induk(), "36");
  EXPECT_EQ(file.satker[2].line, 4);
}

TEST(ImportRowsTest, SatkerRules) {
  const auto error = [](absl::string_view row) {
    return ErrorOf(v1::FILE_KIND_SATKER, absl::StrCat(kSatkerHeader, row));
  };
  EXPECT_EQ(error("RI,KPU RI,pusat,\n"),
            "satker.csv:2: column tingkat: expected one of nasional, provinsi, kabkota, got "
            "\"pusat\"");
  EXPECT_EQ(error("RI,KPU RI,nasional,36\n"),
            "satker.csv:2: column induk: expected no induk for a nasional satker, got \"36\"");
  EXPECT_EQ(error("3604,KPU Kabupaten Serang,kabkota,\n"),
            "satker.csv:2: column induk: expected the parent satker's code (empty only for "
            "nasional), got \"\"");
  EXPECT_EQ(error("36,KPU Provinsi Banten,provinsi,36\n"),
            "satker.csv:2: column induk: expected the parent satker's code, not the satker's "
            "own, got \"36\"");
  EXPECT_EQ(error("36/1,KPU Provinsi Banten,provinsi,RI\n"),
            "satker.csv:2: column kode: expected a satker code like 3604 or RI, without '/', "
            "got \"36/1\"");
  EXPECT_EQ(error(",KPU,provinsi,RI\n"),
            "satker.csv:2: column kode: expected a satker code like 3604 or RI, without '/', "
            "got \"\"");
  EXPECT_EQ(error("36,,provinsi,RI\n"), "satker.csv:2: column nama: expected a value, got \"\"");
  EXPECT_EQ(error("RI,KPU RI,nasional,\n36,A,provinsi,RI\n36,B,provinsi,RI\n"),
            "satker.csv:4: column kode: duplicate: satker 36 is already on line 3");
}

// ---- indikator ---------------------------------------------------------------------------

TEST(ImportRowsTest, IndikatorRows) {
  const ImportFile file = ParseOk(
      v1::FILE_KIND_INDIKATOR,
      absl::StrCat(kIndikatorHeader,
                   "3673,2024,PK,SS1,Terwujudnya Pemilu,IK1,Persentase ketepatan,95%,,positif,"
                   "realisasi / target x 100,Laporan\n"
                   "3673,2024,RKT,SS1,Terwujudnya Pemilu,IK2,Jumlah laporan,12,Laporan,,,\n"
                   "3673,2024,PK,SS2,Tata kelola,IK3,Opini BPK,wtp,Opini,Positif,,\n"
                   "3673,2024,IKU,SS2,Tata kelola,IK4,Pelanggaran kode etik,\"2,5\",%,NEGATIF,,\n"
                   "3673,2024,iku,SS2,Tata kelola,IK5,Definisi saja,,Dokumen,,cara,sumber\n"
                   "3673,2024,PK,SS2,Tata kelola,IK6,Dokumen,1 Dokumen,Laporan,,,\n"));
  ASSERT_EQ(file.indikator.size(), 6u);

  const v1::Indikator& ik1 = file.indikator[0].value;
  EXPECT_EQ(ik1.satker(), "3673");
  EXPECT_EQ(ik1.tahun(), 2024);
  EXPECT_EQ(ik1.dokumen(), v1::DOKUMEN_PK);
  EXPECT_EQ(ik1.sasaran_kode(), "SS1");
  EXPECT_EQ(ik1.sasaran(), "Terwujudnya Pemilu");
  EXPECT_EQ(ik1.indikator_kode(), "IK1");
  EXPECT_EQ(ik1.indikator(), "Persentase ketepatan");
  EXPECT_EQ(ik1.target().angka_e4(), 950'000);
  EXPECT_EQ(ik1.target().satuan(), "%");
  EXPECT_EQ(ik1.target().teks(), "95%");
  EXPECT_EQ(ik1.polaritas(), v1::POLARITAS_POSITIF);
  EXPECT_EQ(ik1.cara_penghitungan(), "realisasi / target x 100");
  EXPECT_EQ(ik1.sumber_data(), "Laporan");

  // A target without a unit takes the satuan column's; empty polaritas means positif.
  const v1::Indikator& ik2 = file.indikator[1].value;
  EXPECT_EQ(ik2.dokumen(), v1::DOKUMEN_RKT);
  EXPECT_EQ(ik2.target().angka_e4(), 120'000);
  EXPECT_EQ(ik2.target().satuan(), "Laporan");
  EXPECT_EQ(ik2.polaritas(), v1::POLARITAS_POSITIF);

  // A grade has no unit.
  const v1::Indikator& ik3 = file.indikator[2].value;
  EXPECT_EQ(ik3.target().kategori(), "WTP");
  EXPECT_EQ(ik3.target().satuan(), "");

  const v1::Indikator& ik4 = file.indikator[3].value;
  EXPECT_EQ(ik4.dokumen(), v1::DOKUMEN_IKU);
  EXPECT_EQ(ik4.target().angka_e4(), 25'000);
  EXPECT_EQ(ik4.target().satuan(), "%");
  EXPECT_EQ(ik4.polaritas(), v1::POLARITAS_NEGATIF);

  // No target stated: none stored, so capaian is not computed.
  const v1::Indikator& ik5 = file.indikator[4].value;
  EXPECT_FALSE(ik5.has_target());
  EXPECT_EQ(ik5.cara_penghitungan(), "cara");

  // The target's own unit wins over the satuan column.
  EXPECT_EQ(file.indikator[5].value.target().satuan(), "Dokumen");
}

TEST(ImportRowsTest, IndikatorRules) {
  const auto error = [](absl::string_view row) {
    return ErrorOf(v1::FILE_KIND_INDIKATOR, absl::StrCat(kIndikatorHeader, row));
  };
  EXPECT_EQ(error("3673,2024,LKJ,SS1,S,IK1,I,95%,,,,\n"),
            "indikator.csv:2: column dokumen: expected one of RKT, PK, IKU, got \"LKJ\"");
  EXPECT_EQ(error("3673,2024,PK,SS1,S,IK1,I,95%,,naik,,\n"),
            "indikator.csv:2: column polaritas: expected one of positif, negatif, got \"naik\"");
  EXPECT_EQ(error("3673,2024,PK,SS1,S,IK1,I,sembilan puluh,,,,\n"),
            "indikator.csv:2: column target: expected a number (97,5), a number with a unit "
            "(95%, 12 Laporan) or a grade (WTP, BB), got \"sembilan puluh\"");
  EXPECT_EQ(error("3673,2024,PK,SS1,S,,I,95%,,,,\n"),
            "indikator.csv:2: column indikator_kode: expected a code without '/', got \"\"");
  EXPECT_EQ(error("3673,2024,PK,SS1,S,IK1,,95%,,,,\n"),
            "indikator.csv:2: column indikator: expected a value, got \"\"");
  EXPECT_EQ(error("3673,2024,PK,SS1,S,IK1,A,95%,,,,\n"
                  "3673,2024,RKT,SS1,S,IK1,B,90%,,,,\n"),
            "indikator.csv:3: column indikator_kode: duplicate: indikator IK1 (satker 3673, "
            "2024) is already on line 2");
  // The same code in another year or satker is another indikator.
  const ImportFile ok =
      ParseOk(v1::FILE_KIND_INDIKATOR, absl::StrCat(kIndikatorHeader,
                                                    "3673,2024,PK,SS1,S,IK1,A,95%,,,,\n"
                                                    "3673,2023,PK,SS1,S,IK1,A,95%,,,,\n"
                                                    "3604,2024,PK,SS1,S,IK1,A,95%,,,,\n"));
  EXPECT_EQ(ok.indikator.size(), 3u);
}

TEST(ImportRowsTest, TahunMustBeAFourDigitYear) {
  for (const absl::string_view tahun : {"24", "1999", "2101", "2.024", "20244", "tahun", ""}) {
    EXPECT_EQ(ErrorOf(v1::FILE_KIND_REALISASI_INDIKATOR,
                      absl::StrCat(kRealisasiHeader, "3673,", tahun, ",IK1,TW1,90%,\n")),
              absl::StrCat("realisasi_indikator.csv:2: column tahun: expected a year like 2024 "
                           "(2000 to 2100), got \"",
                           tahun, "\""));
  }
  EXPECT_EQ(ParseOk(v1::FILE_KIND_REALISASI_INDIKATOR,
                    absl::StrCat(kRealisasiHeader, "3673,2000,IK1,TW1,90%,\n",
                                 "3673,2100,IK1,TW1,90%,\n"))
                .realisasi_indikator.size(),
            2u);
}

// ---- realisasi_indikator -----------------------------------------------------------------

TEST(ImportRowsTest, RealisasiIndikatorRows) {
  const ImportFile file = ParseOk(v1::FILE_KIND_REALISASI_INDIKATOR,
                                  absl::StrCat(kRealisasiHeader,
                                               "3603,2024,IK1,TAHUNAN,97.20%,sesuai LKj\n"
                                               "3603,2024,IK1,TW II,\"97,5\",\n"
                                               "3603,2024,IK1,b3,12 Laporan,\n"
                                               "3603,2024,IK2,TW1,WTP,\n"));
  ASSERT_EQ(file.realisasi_indikator.size(), 4u);
  const v1::RealisasiIndikator& first = file.realisasi_indikator[0].value;
  EXPECT_EQ(first.satker(), "3603");
  EXPECT_EQ(first.tahun(), 2024);
  EXPECT_EQ(first.indikator_kode(), "IK1");
  EXPECT_EQ(first.periode(), v1::PERIODE_TAHUNAN);
  EXPECT_EQ(first.realisasi().angka_e4(), 972'000);
  EXPECT_EQ(first.realisasi().satuan(), "%");
  EXPECT_EQ(first.keterangan(), "sesuai LKj");
  EXPECT_EQ(file.realisasi_indikator[1].value.periode(), v1::PERIODE_TW2);
  EXPECT_EQ(file.realisasi_indikator[1].value.realisasi().angka_e4(), 975'000);
  EXPECT_EQ(file.realisasi_indikator[2].value.periode(), v1::PERIODE_B03);
  EXPECT_EQ(file.realisasi_indikator[2].value.realisasi().satuan(), "Laporan");
  EXPECT_EQ(file.realisasi_indikator[3].value.realisasi().kategori(), "WTP");
}

TEST(ImportRowsTest, RealisasiIndikatorRules) {
  const auto error = [](absl::string_view rows) {
    return ErrorOf(v1::FILE_KIND_REALISASI_INDIKATOR, absl::StrCat(kRealisasiHeader, rows));
  };
  EXPECT_EQ(error("3603,2024,IK1,Semester 1,90%,\n"),
            "realisasi_indikator.csv:2: column periode: expected a period TAHUNAN, TW1-TW4 or "
            "B01-B12, got \"Semester 1\"");
  EXPECT_EQ(error("3603,2024,IK1,TW1,,\n"),
            "realisasi_indikator.csv:2: column realisasi: expected a number (97,5), a number "
            "with a unit (95%, 12 Laporan) or a grade (WTP, BB), got \"\"");
  EXPECT_EQ(error("3603,2024,IK1,TW1,90%,\n3603,2024,IK1,tw i,91%,\n"),
            "realisasi_indikator.csv:3: column periode: duplicate: TW1 of indikator IK1 "
            "(satker 3603, 2024) is already on line 2");
}

// ---- rencana_aksi ------------------------------------------------------------------------

TEST(ImportRowsTest, RencanaAksiRows) {
  const ImportFile file = ParseOk(
      v1::FILE_KIND_RENCANA_AKSI,
      absl::StrCat(kRencanaAksiHeader,
                   "3604,2023,IK1,A1,Perencanaan dan Penganggaran Pemilu,100%,B1-B12,"
                   "234.549.000,Subag Rendatin\n"
                   "3604,2023,IK1,A2,\"Fasilitasi Seleksi, Calon\",1 Dokumen,\"B1-B3,B6,B10-B12\","
                   "-,Subag Hukum & SDM\n"
                   "3604,2023,IK2,A1,Sarana IT,12 Laporan,\"TW1,TW3\",,Subag Rendatin\n"
                   "3604,2023,IK2,A2,Evaluasi,WTP,TW I - TW IV,\"Rp. 1,095,000,-\",Subag KUL\n"));
  ASSERT_EQ(file.rencana_aksi.size(), 4u);
  const v1::RencanaAksi& a1 = file.rencana_aksi[0].value;
  EXPECT_EQ(a1.satker(), "3604");
  EXPECT_EQ(a1.tahun(), 2023);
  EXPECT_EQ(a1.indikator_kode(), "IK1");
  EXPECT_EQ(a1.aksi_kode(), "A1");
  EXPECT_EQ(a1.aksi(), "Perencanaan dan Penganggaran Pemilu");
  EXPECT_EQ(a1.target().angka_e4(), 1'000'000);
  EXPECT_EQ(a1.target().satuan(), "%");
  EXPECT_EQ(a1.jadwal_size(), 12);
  EXPECT_EQ(a1.biaya_rupiah(), 234'549'000);
  EXPECT_EQ(a1.pelaksana(), "Subag Rendatin");

  const v1::RencanaAksi& a2 = file.rencana_aksi[1].value;
  EXPECT_EQ(a2.aksi(), "Fasilitasi Seleksi, Calon");
  EXPECT_EQ(a2.target().satuan(), "Dokumen");
  EXPECT_THAT(a2.jadwal(),
              ElementsAre(v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B03, v1::PERIODE_B06,
                          v1::PERIODE_B10, v1::PERIODE_B11, v1::PERIODE_B12));
  EXPECT_EQ(a2.biaya_rupiah(), 0);  // "-"

  const v1::RencanaAksi& a3 = file.rencana_aksi[2].value;
  EXPECT_THAT(a3.jadwal(), ElementsAre(v1::PERIODE_TW1, v1::PERIODE_TW3));
  EXPECT_EQ(a3.biaya_rupiah(), 0);  // Empty.

  const v1::RencanaAksi& a4 = file.rencana_aksi[3].value;
  EXPECT_EQ(a4.target().kategori(), "WTP");
  EXPECT_EQ(a4.jadwal_size(), 4);
  EXPECT_EQ(a4.biaya_rupiah(), 1'095'000);
}

TEST(ImportRowsTest, RencanaAksiRules) {
  const auto error = [](absl::string_view rows) {
    return ErrorOf(v1::FILE_KIND_RENCANA_AKSI, absl::StrCat(kRencanaAksiHeader, rows));
  };
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,100%,B1-B13,1.000,Subag\n"),
            "rencana_aksi.csv:2: column jadwal: expected a schedule like B1-B3,B6,B10-B12 or "
            "TW1,TW3, got \"B1-B13\": bad month or quarter \"B13\"");
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,100%,,1.000,Subag\n"),
            "rencana_aksi.csv:2: column jadwal: expected a schedule like B1-B3,B6,B10-B12 or "
            "TW1,TW3, got \"\": empty schedule");
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,100%,B1,seribu,Subag\n"),
            "rencana_aksi.csv:2: column biaya: expected an amount like 1.000.000, got "
            "\"seribu\"");
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,,B1,1.000,Subag\n"),
            "rencana_aksi.csv:2: column target: expected a number (97,5), a number with a unit "
            "(95%, 12 Laporan) or a grade (WTP, BB), got \"\"");
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,100%,B1,1.000,\n"),
            "rencana_aksi.csv:2: column pelaksana: expected a value, got \"\"");
  EXPECT_EQ(error("3604,2023,IK1,A1,Aksi,100%,B1,1.000,Subag\n"
                  "3604,2023,IK1,A1,Aksi lain,100%,B2,1.000,Subag\n"),
            "rencana_aksi.csv:3: column aksi_kode: duplicate: aksi A1 of indikator IK1 "
            "(satker 3604, 2023) is already on line 2");
  // The same aksi_kode under another indikator is another action.
  EXPECT_EQ(ParseOk(v1::FILE_KIND_RENCANA_AKSI,
                    absl::StrCat(kRencanaAksiHeader,
                                 "3604,2023,IK1,A1,Aksi,100%,B1,1.000,Subag\n"
                                 "3604,2023,IK2,A1,Aksi,100%,B1,1.000,Subag\n"))
                .rencana_aksi.size(),
            2u);
}

TEST(ImportRowsTest, ErrorInAQuotedMultilineRowNamesTheLineItStartsOn) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_RENCANA_AKSI,
                    absl::StrCat(kRencanaAksiHeader,
                                 "3604,2023,IK1,A1,\"Aksi\nyang panjang\",100%,B1,1.000,S\n"
                                 "3604,2023,IK1,A2,\"Aksi\nlain\",100%,B1,satu,S\n")),
            "rencana_aksi.csv:4: column biaya: expected an amount like 1.000.000, got \"satu\"");
}

TEST(ImportRowsTest, ErrorMessagesEscapeQuotesAndLineBreaks) {
  EXPECT_EQ(ErrorOf(v1::FILE_KIND_RENCANA_AKSI,
                    absl::StrCat(kRencanaAksiHeader,
                                 "3604,2023,IK1,A1,Aksi,100%,B1,\"1.000\n\"\"x\"\"\",S\n")),
            "rencana_aksi.csv:2: column biaya: expected an amount like 1.000.000, got "
            "\"1.000\\n\\\"x\\\"\"");
}

}  // namespace
}  // namespace kinerja::codec
