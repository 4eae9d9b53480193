// kinerjactl's QueryService commands (rollup, report lkj, export, feed), run in-process
// against a fake QueryService on a free loopback port.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/cli/run_kinerjactl.h"
#include "client/files/file_input.h"
#include "common/values/enum_words.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/fake_admin_server.h"
#include "tests/client/fake_query_server.h"
#include "tests/client/query_samples.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::kinerja::testing::CannedQueryAnswers;
using ::kinerja::testing::FakeQueryServer;
using ::kinerja::testing::RefusingPort;
using ::kinerja::testing::TangerangLkj;
using ::kinerja::testing::TangerangRollup;
using ::kinerja::testing::TempDir;
using ::kinerja::testing::TotalChange;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(absl::StripSuffix(text, "\n"), '\n');
}

class KinerjactlQueryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(server_.address().empty()); }

  // Runs kinerjactl with `args` (without the program name) against the fake server unless
  // the arguments name another --addr.
  Result Run(std::vector<std::string> args) {
    args.insert(args.begin(), "kinerjactl");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    KinerjactlOptions options;
    options.default_addr = server_.address();
    options.now = [] { return absl::UnixEpoch(); };
    std::ostringstream out;
    std::ostringstream err;
    Result result;
    result.exit_code = RunKinerjactl(static_cast<int>(argv.size()), argv.data(), out, err, options);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  void Answer(const CannedQueryAnswers& answers) { server_.service().set_answers(answers); }
  kinerja::testing::ReceivedQueryRequests Received() { return server_.service().received(); }

  FakeQueryServer server_;
  TempDir dir_;
};

// Four changes in two responses.
std::vector<v1::WatchRollupsResponse> Feed() {
  std::vector<v1::WatchRollupsResponse> feed(2);
  *feed[0].add_changes() = TotalChange(11, 100);
  *feed[0].add_changes() = TotalChange(12, 200);
  *feed[1].add_changes() = TotalChange(13, 300);
  *feed[1].add_changes() = TotalChange(14, 0, /*deleted=*/true);
  return feed;
}

// ----- rollup -----------------------------------------------------------------------------

TEST_F(KinerjactlQueryTest, RollupSendsSatkerAndTahunAndPrintsTheTables) {
  CannedQueryAnswers answers;
  answers.rollup = TangerangRollup();
  Answer(answers);
  const Result r = Run({"rollup", "--satker", "3603", "--tahun", "2024"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_EQ(Received().rollup.satker(), "3603");
  EXPECT_EQ(Received().rollup.tahun(), 2024);
  EXPECT_THAT(r.out, StartsWith("satker               3603 KPU Kabupaten Tangerang\n"));
  EXPECT_THAT(r.out, HasSubstr("penyerapan           97.20%\n"));
  EXPECT_THAT(r.out, HasSubstr("SATKER  NAMA"));
  EXPECT_THAT(r.out, HasSubstr("238.339.761.000"));
}

TEST_F(KinerjactlQueryTest, RollupJsonParsesBackIntoTheResponse) {
  CannedQueryAnswers answers;
  answers.rollup = TangerangRollup();
  Answer(answers);
  const Result r = Run({"rollup", "--satker", "3603", "--tahun", "2024", "-o", "json"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  ASSERT_EQ(Lines(r.out).size(), 1u);
  v1::RollupResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &parsed).ok()) << r.out;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, answers.rollup));
  for (const char* field :
       {"\"satker\":", "\"tahun\":", "\"pagu\":", "\"realisasi\":", "\"penyerapan\":\"97.20\"",
        "\"satker_rows\":", "\"program_rows\":", "\"program_kode\":", "\"indikator\":",
        "\"jumlah\":", "\"dengan_target\":", "\"dengan_realisasi\":", "\"tercapai\":"}) {
    EXPECT_THAT(r.out, HasSubstr(field));
  }
}

TEST_F(KinerjactlQueryTest, RollupCsv) {
  CannedQueryAnswers answers;
  answers.rollup = TangerangRollup();
  Answer(answers);
  const Result r = Run({"-o", "csv", "rollup", "--satker", "3603", "--tahun", "2024"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.out, StartsWith("tabel,satker,tahun,program_kode,nama,bulan,pagu,"));
  EXPECT_THAT(r.out, HasSubstr("\ntotal,3603,2024,,,,238339761000,231658704797,97.20,"));
}

// ----- report lkj -------------------------------------------------------------------------

TEST_F(KinerjactlQueryTest, ReportLkjPrintsTheReport) {
  CannedQueryAnswers answers;
  answers.lkj = TangerangLkj();
  Answer(answers);
  const Result r = Run({"report", "lkj", "--satker", "3603", "--tahun", "2024"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().lkj.satker(), "3603");
  EXPECT_EQ(Received().lkj.tahun(), 2024);
  EXPECT_THAT(r.out, StartsWith("Laporan Kinerja KPU Kabupaten Tangerang Tahun 2024\n"));
  EXPECT_THAT(r.out, HasSubstr("\nIndikator kinerja\nNO  SASARAN"));
  EXPECT_THAT(r.out, HasSubstr("\nRealisasi anggaran\nPROGRAM  KEGIATAN  URAIAN"));
  EXPECT_THAT(r.out, HasSubstr("months without budget realisasi: B03, B07\n"));
}

TEST_F(KinerjactlQueryTest, ReportLkjJsonAndCsv) {
  CannedQueryAnswers answers;
  answers.lkj = TangerangLkj();
  Answer(answers);
  const Result json = Run({"report", "lkj", "--satker", "3603", "--tahun", "2024", "-o", "json"});
  EXPECT_EQ(json.exit_code, kExitOk) << json.err;
  v1::LkjResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok()) << json.out;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, answers.lkj));

  const Result csv = Run({"-o", "csv", "report", "lkj", "--satker", "3603", "--tahun", "2024"});
  EXPECT_EQ(csv.exit_code, kExitOk) << csv.err;
  const std::vector<std::string> lines = Lines(csv.out);
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_THAT(lines[0], StartsWith("tabel,satker,tahun,"));
  EXPECT_THAT(lines[1], StartsWith("indikator,3603,2024,SS1,"));
  EXPECT_THAT(lines[4], StartsWith("anggaran,3603,2024,"));
  EXPECT_THAT(lines[10], StartsWith("total,3603,2024,"));
}

TEST_F(KinerjactlQueryTest, ReportLkjWritesAnExcelWorkbook) {
  CannedQueryAnswers answers;
  answers.lkj = TangerangLkj();
  Answer(answers);
  const std::string path = dir_.Sub("lkj_3603_2024.xlsx");
  // -o does not apply to the workbook.
  const Result r =
      Run({"-o", "json", "report", "lkj", "--satker", "3603", "--tahun", "2024", "--xlsx", path});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "wrote " + path + "\n");
  const absl::StatusOr<std::string> xlsx = ReadFileContent(path);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_GT(xlsx->size(), 1000u);
  EXPECT_THAT(*xlsx, StartsWith("PK"));
}

TEST_F(KinerjactlQueryTest, ReportLkjToAnUnwritablePathExitsOneWithOneLine) {
  CannedQueryAnswers answers;
  answers.lkj = TangerangLkj();
  Answer(answers);
  const std::string path = dir_.Sub("no-such-dir/lkj.xlsx");
  const Result r = Run({"report", "lkj", "--satker", "3603", "--tahun", "2024", "--xlsx", path});
  EXPECT_EQ(r.exit_code, kExitFailed);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err, "kinerjactl: cannot write " + path + ": No such file or directory\n");

  const Result dir =
      Run({"report", "lkj", "--satker", "3603", "--tahun", "2024", "--xlsx", dir_.path()});
  EXPECT_EQ(dir.exit_code, kExitFailed);
  EXPECT_EQ(dir.err, "kinerjactl: cannot write " + dir_.path() + ": Is a directory\n");
}

// ----- export -----------------------------------------------------------------------------

constexpr char kExportCsv[] =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\r\n"
    "3603,2024,WA,Program Dukungan Manajemen,3355,,Pengelolaan Keuangan,TAHUNAN,2483659000,"
    "2476273362\r\n"
    "3603,2024,CQ,\"Penyelenggaraan Pemilu, Konsolidasi\",6709,L01,\"Perencanaan \"\"Program\"\"\","
    "TAHUNAN,10000,\n";

TEST_F(KinerjactlQueryTest, ExportWritesTheCsvVerbatimToStdout) {
  CannedQueryAnswers answers;
  answers.exported.set_csv(kExportCsv);
  answers.exported.set_rows(2);
  Answer(answers);
  // -o does not apply either.
  const Result r = Run({"-o", "json", "export", "anggaran", "--satker", "3603", "--tahun", "2024"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, kExportCsv);
  EXPECT_EQ(values::EnumWord(Received().exported.file_kind()), "anggaran");
  EXPECT_EQ(Received().exported.satker(), "3603");
  EXPECT_EQ(Received().exported.tahun(), 2024);

  EXPECT_EQ(Run({"export", "satker"}).exit_code, kExitOk);
  EXPECT_EQ(Received().exported.satker(), "");  // Every satker.
  EXPECT_EQ(Received().exported.tahun(), 0);    // Every year.
}

TEST_F(KinerjactlQueryTest, ExportWritesTheCsvToAFile) {
  CannedQueryAnswers answers;
  answers.exported.set_csv(kExportCsv);
  answers.exported.set_rows(2);
  Answer(answers);
  const std::string path = dir_.Sub("anggaran.csv");
  const Result r = Run({"export", "anggaran", "--out", path});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "wrote " + path + " (2 rows)\n");
  const absl::StatusOr<std::string> written = ReadFileContent(path);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(*written, kExportCsv);

  const std::string bad = dir_.Sub("missing/anggaran.csv");
  const Result failed = Run({"export", "anggaran", "--out", bad});
  EXPECT_EQ(failed.exit_code, kExitFailed);
  EXPECT_EQ(failed.err, "kinerjactl: cannot write " + bad + ": No such file or directory\n");
}

// ----- feed -------------------------------------------------------------------------------

TEST_F(KinerjactlQueryTest, FeedPrintsOneJsonLinePerChangeWhateverTheFormat) {
  CannedQueryAnswers answers;
  answers.feed = Feed();
  Answer(answers);
  for (const char* format : {"table", "json", "csv"}) {
    const Result r = Run({"-o", format, "feed", "--since", "10"});
    EXPECT_EQ(r.exit_code, kExitOk) << r.err;
    const std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 4u) << format;
    for (size_t i = 0; i < lines.size(); ++i) {
      v1::RollupChange parsed;
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &parsed).ok()) << lines[i];
      EXPECT_EQ(parsed.cursor(), 11 + i);
      EXPECT_THAT(lines[i], HasSubstr("\"row_key\":\"2024/total/3603\""));
    }
    EXPECT_THAT(lines[3], HasSubstr("\"deleted\":true"));
  }
  EXPECT_EQ(Received().watch.cursor(), 10u);
  EXPECT_FALSE(Received().watch.follow());
  EXPECT_TRUE(Received().watch_had_deadline);
}

TEST_F(KinerjactlQueryTest, FeedFollowHasNoDeadlineAndEndsWithTheStream) {
  CannedQueryAnswers answers;
  answers.feed = Feed();
  Answer(answers);
  const Result r = Run({"feed", "--follow", "--timeout", "1s"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 4u);
  EXPECT_TRUE(Received().watch.follow());
  EXPECT_EQ(Received().watch.cursor(), 0u);
  EXPECT_FALSE(Received().watch_had_deadline);
}

TEST_F(KinerjactlQueryTest, FeedThatFailsAfterSomeChangesKeepsThemAndExitsByTheFailure) {
  CannedQueryAnswers answers;
  answers.feed = Feed();
  answers.feed_end = grpc::Status(grpc::StatusCode::ABORTED, "feed compacted; resync from 0");
  Answer(answers);
  const Result failed = Run({"feed", "--follow"});
  EXPECT_EQ(failed.exit_code, kExitFailed);
  EXPECT_EQ(Lines(failed.out).size(), 4u);
  EXPECT_EQ(failed.err, "kinerjactl: feed compacted; resync from 0\n");

  answers.feed_end = grpc::Status(grpc::StatusCode::UNAVAILABLE, "node shutting down");
  Answer(answers);
  const Result gone = Run({"feed", "--follow"});
  EXPECT_EQ(gone.exit_code, kExitUnreachable);
  EXPECT_EQ(Lines(gone.out).size(), 4u);
  EXPECT_EQ(gone.err, "kinerjactl: node shutting down\n");
}

// ----- help, errors and usage -------------------------------------------------------------

TEST_F(KinerjactlQueryTest, HelpExplainsEveryCommandWithExampleAndExitCodes) {
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"rollup"}, {"report"}, {"report", "lkj"}, {"export"}, {"feed"}}) {
    std::vector<std::string> args = command;
    args.push_back("--help");
    const Result sub = Run(args);
    const std::string name = absl::StrJoin(command, " ");
    EXPECT_EQ(sub.exit_code, kExitOk) << name;
    EXPECT_THAT(sub.out, HasSubstr("Usage: kinerjactl " + name)) << name;
    EXPECT_THAT(sub.out, HasSubstr("Example:\n  kinerjactl ")) << name;
    EXPECT_THAT(sub.out, HasSubstr("Exit codes:")) << name;
  }
  EXPECT_THAT(Run({"feed", "--help"}).out, HasSubstr("NDJSON whatever -o says"));
  EXPECT_THAT(Run({"export", "--help"}).out, HasSubstr("does not apply"));
  EXPECT_EQ(Received().calls, 0);
}

TEST_F(KinerjactlQueryTest, ServerErrorExitsOneWithItsMessage) {
  CannedQueryAnswers answers;
  answers.error = grpc::Status(grpc::StatusCode::NOT_FOUND, "no figures for 3603 in 2019");
  Answer(answers);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"rollup", "--satker", "3603", "--tahun", "2019"},
           {"report", "lkj", "--satker", "3603", "--tahun", "2019"},
           {"export", "indikator", "--tahun", "2019"},
           {"feed"}}) {
    const Result r = Run(args);
    EXPECT_EQ(r.exit_code, kExitFailed) << args[0];
    EXPECT_THAT(r.out, IsEmpty()) << args[0];
    EXPECT_EQ(r.err, "kinerjactl: no figures for 3603 in 2019\n") << args[0];
  }
}

TEST_F(KinerjactlQueryTest, UnreachableDaemonExitsThree) {
  RefusingPort port;
  ASSERT_FALSE(port.address().empty());
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"rollup", "--satker", "3603", "--tahun", "2024"},
           {"report", "lkj", "--satker", "3603", "--tahun", "2024"},
           {"export", "anggaran"},
           {"feed"},
           {"feed", "--follow"}}) {
    std::vector<std::string> with_addr = args;
    with_addr.push_back("--addr");
    with_addr.push_back(port.address());
    const Result r = Run(with_addr);
    EXPECT_EQ(r.exit_code, kExitUnreachable) << absl::StrJoin(args, " ");
    EXPECT_THAT(r.err, StartsWith("kinerjactl: cannot reach kinerjad at " + port.address()));
  }
}

TEST_F(KinerjactlQueryTest, BadUsageExitsTwoWithoutCallingTheDaemon) {
  const std::vector<std::vector<std::string>> cases = {
      {"rollup", "--satker", "3603"},                            // Missing --tahun.
      {"rollup", "--tahun", "2024"},                             // Missing --satker.
      {"rollup", "--satker", "3603", "--tahun", "24"},           // Not a year.
      {"report"},                                                // Which report?
      {"report", "lkm", "--satker", "3603", "--tahun", "2024"},  // Unknown report.
      {"report", "lkj", "--tahun", "2024"},                      // Missing --satker.
      {"export"},                                                // Missing KIND.
      {"export", "pegawai"},                                     // Unknown kind.
      {"export", "anggaran", "--tahun", "dua ribu"},             // Not a number.
      {"feed", "--since", "-1"},                                 // Not a cursor.
      {"feed", "--since", "kemarin"},                            // Not a cursor.
      {"feed", "extra"},                                         // Stray argument.
  };
  for (const std::vector<std::string>& args : cases) {
    const Result r = Run(args);
    EXPECT_EQ(r.exit_code, kExitUsage) << ::testing::PrintToString(args);
    EXPECT_THAT(r.err, HasSubstr("Run with --help for more information."))
        << ::testing::PrintToString(args);
  }
  EXPECT_EQ(Received().calls, 0);
}

}  // namespace
}  // namespace kinerja::client
