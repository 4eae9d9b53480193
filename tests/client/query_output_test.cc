#include "client/output/query_output.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/query_samples.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::kinerja::testing::BudgetRow;
using ::kinerja::testing::TangerangLkj;
using ::kinerja::testing::TangerangRollup;
using ::kinerja::testing::TotalChange;
using ::testing::ContainsRegex;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

OutputOptions Options(OutputFormat format) {
  OutputOptions options;
  options.format = format;
  return options;
}

template <typename Response, typename Print>
std::string Render(Print print, const Response& response, OutputFormat format) {
  std::ostringstream out;
  const absl::Status status = print(response, Options(format), out);
  EXPECT_TRUE(status.ok()) << status;
  return out.str();
}

std::string Rollup(const v1::RollupResponse& r, OutputFormat format) {
  return Render(PrintRollup, r, format);
}
std::string Lkj(const v1::LkjResponse& r, OutputFormat format) {
  return Render(PrintLkj, r, format);
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(absl::StripSuffix(text, "\n"), '\n');
}

// The JSON object as a generic google.protobuf.Struct, to look at its field names.
google::protobuf::Struct AsStruct(const std::string& json) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  return parsed;
}

void ExpectFields(const google::protobuf::Struct& object, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    EXPECT_TRUE(object.fields().contains(name)) << "missing \"" << name << "\"";
  }
}

// ----- rollup -----------------------------------------------------------------------------

TEST(PrintRollupTest, TableHasTheHeaderBlockThenEachTable) {
  const std::string out = Rollup(TangerangRollup(), OutputFormat::kTable);
  EXPECT_THAT(out, StartsWith("satker               3603 KPU Kabupaten Tangerang\n"
                              "tahun                2024\n"
                              "pagu                 238.339.761.000\n"
                              "realisasi            231.658.704.797\n"
                              "penyerapan           97.20%\n"
                              "satker with figures  1\n"));
  EXPECT_THAT(out, HasSubstr("\nAnggaran per satker\nSATKER  NAMA  "));
  EXPECT_THAT(out, ContainsRegex("REALISASI +PENYERAPAN %\n3603 +KPU Kabupaten Tangerang +"
                                 "238\\.339\\.761\\.000 +231\\.658\\.704\\.797 +97\\.20\n"));
  EXPECT_THAT(out, HasSubstr("\nAnggaran per program\nPROGRAM  NAMA  "));
  EXPECT_THAT(out,
              ContainsRegex("\nCQ +Penyelenggaraan Pemilu dalam Proses Konsolidasi "
                            "Demokrasi +235\\.639\\.061\\.000 +228\\.965\\.412\\.716 +97\\.17\n"));
  EXPECT_THAT(out, ContainsRegex("\nWA +Dukungan Manajemen +2\\.700\\.700\\.000 +"
                                 "2\\.693\\.292\\.081 +99\\.73\n"));
  EXPECT_THAT(out, HasSubstr("\nIndikator kinerja\n"
                             "JUMLAH  DENGAN TARGET  DENGAN REALISASI  TERCAPAI\n"
                             "    20             20                19        18\n"));
  EXPECT_THAT(out, HasSubstr("\nRealisasi per bulan\nBULAN  "));
  EXPECT_THAT(out, ContainsRegex("\nB03 +3\\.000\\.000\\.000 +6\\.000\\.000\\.000 +2\n"));
  // What was not recorded per month was recorded for the whole year.
  EXPECT_THAT(out, ContainsRegex("\nTAHUNAN +225\\.658\\.704\\.797 +231\\.658\\.704\\.797\n$"));
}

TEST(PrintRollupTest, TableComputesAMissingPenyerapanAndShowsDashWithoutPagu) {
  v1::RollupResponse r;
  r.set_satker("36");
  r.set_tahun(2024);
  *r.add_satker_rows() = BudgetRow("3603", "", "", 3, 2, "");
  *r.add_satker_rows() = BudgetRow("3604", "", "", 0, 0, "");
  const std::string out = Rollup(r, OutputFormat::kTable);
  EXPECT_THAT(out, StartsWith("satker               36\n"));
  EXPECT_THAT(out, HasSubstr("penyerapan           -\n"));
  EXPECT_THAT(out, ContainsRegex("\n3603 +3 +2 +66\\.67\n"));
  EXPECT_THAT(out, ContainsRegex("\n3604 +0 +0 +-\n"));
  EXPECT_THAT(out, HasSubstr("\nAnggaran per program\nno figures\n"));
  EXPECT_THAT(out, HasSubstr("\nRealisasi per bulan\nno realisasi\n"));
}

TEST(PrintRollupTest, JsonIsOneObjectThatParsesBack) {
  const v1::RollupResponse r = TangerangRollup();
  const std::string out = Rollup(r, OutputFormat::kJson);
  EXPECT_EQ(Lines(out).size(), 1u);
  v1::RollupResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &parsed).ok()) << out;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, r));

  const google::protobuf::Struct json = AsStruct(out);
  ExpectFields(json, {"satker", "tahun", "pagu", "realisasi", "penyerapan", "satker_rows",
                      "program_rows", "indikator", "bulan_rows", "satker_count"});
  EXPECT_EQ(json.fields().at("penyerapan").string_value(), "97.20");
  EXPECT_EQ(json.fields().at("pagu").string_value(), "238339761000");  // int64 as a string.
  const auto& satker_row = json.fields().at("satker_rows").list_value().values(0).struct_value();
  ExpectFields(satker_row, {"satker", "pagu", "realisasi", "penyerapan"});
  const auto& program_row = json.fields().at("program_rows").list_value().values(0).struct_value();
  ExpectFields(program_row, {"program_kode", "pagu", "realisasi", "penyerapan"});
  ExpectFields(json.fields().at("indikator").struct_value(),
               {"jumlah", "dengan_target", "dengan_realisasi", "tercapai"});
}

TEST(PrintRollupTest, JsonPrintsZeroValuesAndTheCountsAlways) {
  v1::RollupResponse r;
  r.set_satker("3603");
  r.set_tahun(2024);
  *r.add_satker_rows() = BudgetRow("3603", "", "", 0, 0, "");
  const google::protobuf::Struct json = AsStruct(Rollup(r, OutputFormat::kJson));
  EXPECT_EQ(json.fields().at("pagu").string_value(), "0");
  EXPECT_EQ(json.fields().at("penyerapan").string_value(), "");
  const auto& counts = json.fields().at("indikator").struct_value();
  ExpectFields(counts, {"jumlah", "dengan_target", "dengan_realisasi", "tercapai"});
  EXPECT_EQ(counts.fields().at("tercapai").number_value(), 0);
  ExpectFields(json.fields().at("satker_rows").list_value().values(0).struct_value(),
               {"satker", "program_kode", "nama", "pagu", "realisasi", "penyerapan"});
}

TEST(PrintRollupTest, CsvIsOneFileWithATabelColumn) {
  const std::vector<std::string> lines = Lines(Rollup(TangerangRollup(), OutputFormat::kCsv));
  ASSERT_EQ(lines.size(), 1u + 1 + 1 + 2 + 1 + 3);
  EXPECT_EQ(lines[0],
            "tabel,satker,tahun,program_kode,nama,bulan,pagu,realisasi,penyerapan,kumulatif,"
            "laporan,satker_count,jumlah,dengan_target,dengan_realisasi,tercapai");
  EXPECT_EQ(lines[1], "total,3603,2024,,,,238339761000,231658704797,97.20,,,1,,,,");
  EXPECT_EQ(lines[2],
            "satker,3603,2024,,KPU Kabupaten Tangerang,,238339761000,231658704797,97.20,,,,,,,");
  EXPECT_EQ(lines[3],
            "program,3603,2024,CQ,Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi,,"
            "235639061000,228965412716,97.17,,,,,,,");
  EXPECT_EQ(lines[5], "indikator,3603,2024,,,,,,,,,,20,20,19,18");
  EXPECT_EQ(lines[6], "bulan,3603,2024,,,1,,1000000000,,1000000000,2,,,,,");
  EXPECT_EQ(lines[8], "bulan,3603,2024,,,3,,3000000000,,6000000000,2,,,,,");
}

// ----- LKj --------------------------------------------------------------------------------

TEST(PrintLkjTest, TableHasTheTitleTheIndicatorsNumberedBySasaran) {
  const std::string out = Lkj(TangerangLkj(), OutputFormat::kTable);
  EXPECT_THAT(out, StartsWith("Laporan Kinerja KPU Kabupaten Tangerang Tahun 2024\n"
                              "satker 3603\n\n"
                              "Indikator kinerja\n"
                              "NO  SASARAN"));
  EXPECT_THAT(out, ContainsRegex("SASARAN +INDIKATOR +TARGET +REALISASI +CAPAIAN  FLAGS\n"));
  // The sasaran is cut in the table; its first indicator carries its number.
  EXPECT_THAT(out, ContainsRegex("\n 1  Terwujudnya rencana kerja dan anggaran …  Jumlah revisi "
                                 "yang dilakukan .*12 Kali +12 Kali +100\\.00%\n"));
  EXPECT_THAT(out, ContainsRegex("\n {4}[ ]+Persentase laporan monitoring .* +100% +100% +"
                                 "100\\.00%\n"));
  EXPECT_THAT(out, ContainsRegex("\n 2  Terwujudnya Pelatihan Teknis .* +95% +120% \\(TW3\\) +"
                                 "126\\.32%  capaian above 120\n"));
}

TEST(PrintLkjTest, TableHasTheBudgetWithSubtotalsAndTotal) {
  const std::string out = Lkj(TangerangLkj(), OutputFormat::kTable);
  EXPECT_THAT(out, ContainsRegex("\nRealisasi anggaran\nPROGRAM  KEGIATAN  URAIAN +PAGU +"
                                 "REALISASI +PENYERAPAN %  FLAGS\n"));
  EXPECT_THAT(out, ContainsRegex("\nCQ +6639 +Teknis Penyelenggaraan Pemilu/Pemilihan +"
                                 "72\\.045\\.542\\.000 +65\\.382\\.516\\.427 +90\\.75\n"));
  EXPECT_THAT(out, ContainsRegex("\nCQ +Jumlah +Program Penyelenggaraan Pemilu dalam Proses "
                                 "Konsolidasi Demokrasi +235\\.639\\.061\\.000 +"
                                 "228\\.965\\.412\\.716 +97\\.17\n"));
  EXPECT_THAT(out, ContainsRegex("\nWA +Jumlah +Program Dukungan Manajemen +2\\.700\\.700\\.000 +"
                                 "2\\.693\\.292\\.081 +99\\.73\n"));
  EXPECT_THAT(out, ContainsRegex("\nTotal +238\\.339\\.761\\.000 +231\\.658\\.704\\.797 +"
                                 "97\\.20\n"));
  EXPECT_THAT(out, EndsWith("\n\nmonths without budget realisasi: B03, B07\n"
                            "flag: stated total 231.665.238.797 differs from the rows' "
                            "231.658.704.797\n"));
}

TEST(PrintLkjTest, TableOfAnEmptyReport) {
  v1::LkjResponse r;
  r.set_satker("3604");
  r.set_tahun(2023);
  const std::string out = Lkj(r, OutputFormat::kTable);
  EXPECT_THAT(out, StartsWith("Laporan Kinerja 3604 Tahun 2023\n\nIndikator kinerja\n"
                              "no indicators\n"));
  EXPECT_THAT(out, ContainsRegex("\nTotal +0 +0 +-\n"));
  EXPECT_THAT(out, EndsWith("months without budget realisasi: none\nflags: none\n"));
}

TEST(PrintLkjTest, JsonIsTheResponse) {
  const v1::LkjResponse r = TangerangLkj();
  const std::string out = Lkj(r, OutputFormat::kJson);
  EXPECT_EQ(Lines(out).size(), 1u);
  v1::LkjResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &parsed).ok()) << out;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, r));
  const google::protobuf::Struct json = AsStruct(out);
  ExpectFields(json, {"satker", "nama", "tahun", "indikator", "anggaran", "pagu", "realisasi",
                      "penyerapan", "bulan_tanpa_laporan", "flags"});
  EXPECT_EQ(json.fields()
                .at("indikator")
                .list_value()
                .values(2)
                .struct_value()
                .fields()
                .at("periode")
                .string_value(),
            "PERIODE_TW3");
}

TEST(PrintLkjTest, CsvHoldsBothTablesAndTheTotal) {
  const std::vector<std::string> lines = Lines(Lkj(TangerangLkj(), OutputFormat::kCsv));
  ASSERT_EQ(lines.size(), 1u + 3 + 6 + 1);
  EXPECT_EQ(lines[0],
            "tabel,satker,tahun,sasaran_kode,sasaran,indikator_kode,indikator,target,realisasi,"
            "periode,capaian,tercapai,program_kode,program,kegiatan_kode,kegiatan,pagu,"
            "penyerapan,bulan_tanpa_laporan,flags");
  EXPECT_EQ(lines[1],
            "indikator,3603,2024,SS1,Terwujudnya rencana kerja dan anggaran KPU Kabupaten/Kota "
            "yang efektif dan efisien,IKU1,Jumlah revisi yang dilakukan terhadap rencana kerja "
            "yang telah ditetapkan,12 Kali,12 Kali,TAHUNAN,100.00,true,,,,,,,,");
  EXPECT_THAT(lines[3], EndsWith(",95%,120%,TW3,126.32,true,,,,,,,,capaian above 120"));
  EXPECT_EQ(lines[4],
            "anggaran,3603,2024,,,,,,65382516427,,,,CQ,Program Penyelenggaraan Pemilu dalam "
            "Proses Konsolidasi Demokrasi,6639,Teknis Penyelenggaraan Pemilu/Pemilihan,"
            "72045542000,90.75,,");
  EXPECT_EQ(lines[9],
            "anggaran,3603,2024,,,,,,2693292081,,,,WA,Program Dukungan Manajemen,,,2700700000,"
            "99.73,,");
  EXPECT_EQ(lines[10],
            "total,3603,2024,,,,,,231658704797,,,,,,,,238339761000,97.20,3 7,stated total "
            "231.665.238.797 differs from the rows' 231.658.704.797");
}

// ----- feed -------------------------------------------------------------------------------

TEST(PrintRollupChangeTest, OneLineOfJsonPerChange) {
  std::ostringstream out;
  ASSERT_TRUE(PrintRollupChange(TotalChange(41, 238339761000), out).ok());
  ASSERT_TRUE(PrintRollupChange(TotalChange(42, 0, /*deleted=*/true), out).ok());
  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 2u);
  v1::RollupChange parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[0], &parsed).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, TotalChange(41, 238339761000)));
  EXPECT_THAT(lines[0], HasSubstr("\"row_key\":\"2024/total/3603\""));
  EXPECT_THAT(lines[0], HasSubstr("\"pagu_rupiah\":\"238339761000\""));
  EXPECT_THAT(lines[1], HasSubstr("\"cursor\":\"42\""));
  EXPECT_THAT(lines[1], HasSubstr("\"deleted\":true"));
  EXPECT_THAT(lines[1], Not(HasSubstr("\"row\"")));
}

TEST(PrintRollupChangeTest, AnOutputThatFailsIsDataLoss) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_EQ(PrintRollupChange(TotalChange(41, 1), out).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace kinerja::client
