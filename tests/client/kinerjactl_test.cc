// The whole command line, run in-process against a fake AdminService on a free loopback port.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/run_kinerjactl.h"
#include "common/values/enum_words.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/client/fake_admin_server.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::kinerja::testing::CannedAnswers;
using ::kinerja::testing::FakeAdminServer;
using ::kinerja::testing::RefusingPort;
using ::kinerja::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// 2024-05-01 10:00:00 WIB.
constexpr int64_t kNowUnixMs = 1714532400000;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class KinerjactlTest : public ::testing::Test {
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
    options.default_author = "operator";
    options.now = [] { return absl::FromUnixMillis(kNowUnixMs); };
    options.time_zone = absl::FixedTimeZone(7 * 3600);
    std::ostringstream out;
    std::ostringstream err;
    Result result;
    result.exit_code = RunKinerjactl(static_cast<int>(argv.size()), argv.data(), out, err, options);
    result.out = out.str();
    result.err = err.str();
    return result;
  }

  void Answer(const CannedAnswers& answers) { server_.service().set_answers(answers); }
  kinerja::testing::ReceivedRequests Received() { return server_.service().received(); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << content;
    return path;
  }

  FakeAdminServer server_;
  TempDir dir_;
};

v1::Record Pagu(int64_t pagu) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker("3603");
  p->set_tahun(2024);
  p->set_program_kode("CQ");
  p->set_kegiatan_kode("6709");
  p->set_rincian_kode("L01");
  p->set_kegiatan("Perencanaan Program");
  p->set_pagu_rupiah(pagu);
  return r;
}

v1::Version Head(const std::string& origin, uint64_t seq, int64_t pagu, bool winner) {
  v1::Version v;
  v.mutable_id()->set_origin(origin);
  v.mutable_id()->set_seq(seq);
  v.set_hlc(static_cast<uint64_t>(kNowUnixMs) << 16);
  *v.mutable_record() = Pagu(pagu);
  v.set_author(origin == "3603.aaaaaaaaaaaa" ? "siti" : "budi");
  v.set_winner(winner);
  return v;
}

// ----- success paths ----------------------------------------------------------------------

TEST_F(KinerjactlTest, StatusPrintsTheNode) {
  CannedAnswers answers;
  answers.status.set_node("3603");
  answers.status.set_role(v1::ROLE_OFFICE);
  answers.status.set_replica_id("3603.aaaaaaaaaaaa");
  answers.status.set_upstream("127.0.0.1:7400");
  answers.status.set_upstream_reachable(true);
  answers.status.set_last_sync_unix_ms(kNowUnixMs - 5000);
  v1::VersionVector::Entry* e = answers.status.mutable_version_vector()->add_entries();
  e->set_origin("3603.aaaaaaaaaaaa");
  e->set_seq(7);
  Answer(answers);
  const Result r = Run({"status"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, StartsWith("node               3603\nrole               office\n"));
  EXPECT_THAT(r.out, HasSubstr("upstream           127.0.0.1:7400 (reachable)\n"));
  EXPECT_THAT(r.out, HasSubstr("(5 s ago)\n"));
  EXPECT_THAT(r.out, HasSubstr("\n  3603.aaaaaaaaaaaa  7\n"));
}

TEST_F(KinerjactlTest, GlobalOptionsMayFollowTheSubcommand) {
  CannedAnswers answers;
  answers.status.set_node("3603");
  Answer(answers);
  const Result r = Run({"status", "-o", "json", "--timeout", "5s"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  v1::StatusResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &parsed).ok()) << r.out;
  EXPECT_EQ(parsed.node(), "3603");
}

TEST_F(KinerjactlTest, ImportSendsTheFileAndPrintsCounts) {
  CannedAnswers answers;
  answers.import.set_created(2);
  answers.import.set_changed(1);
  answers.import.set_unchanged(0);
  answers.import.set_rows(3);
  Answer(answers);
  const std::string content = "satker,tahun,program_kode\n3603,2024,CQ\n";
  const std::string path = WriteFile("3603_anggaran.csv", content);
  const Result r = Run({"import", "anggaran", path, "--author", "Siti Rahma"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "created 2, changed 1, unchanged 0 (3 rows)\n");
  const v1::ImportRequest sent = Received().import;
  EXPECT_EQ(values::EnumWord(sent.file_kind()), "anggaran");
  EXPECT_EQ(sent.file_name(), "3603_anggaran.csv");
  EXPECT_EQ(sent.content(), content);
  EXPECT_EQ(sent.author(), "Siti Rahma");
}

TEST_F(KinerjactlTest, ImportCsvAndDefaultAuthor) {
  CannedAnswers answers;
  answers.import.set_created(1);
  answers.import.set_rows(1);
  Answer(answers);
  const Result r = Run({"-o", "csv", "import", "satker", WriteFile("satker.csv", "kode\n")});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "created,changed,unchanged,rows\n1,0,0,1\n");
  EXPECT_EQ(Received().import.author(), "operator");
}

TEST_F(KinerjactlTest, SyncSendsTheTimeoutAndPrintsWhatMoved) {
  CannedAnswers answers;
  answers.sync.set_sent(4);
  answers.sync.set_received(2);
  answers.sync.set_duration_ms(350);
  Answer(answers);
  const Result r = Run({"sync", "--timeout", "2m"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "sent 4 changes, received 2 in 350ms; caught up with the upstream\n");
  EXPECT_EQ(Received().sync.timeout_ms(), 120000u);
  EXPECT_EQ(Run({"sync"}).exit_code, kExitOk);
  EXPECT_EQ(Received().sync.timeout_ms(), 60000u);  // The default.
}

TEST_F(KinerjactlTest, GetShowsTheRecordAndItsHeads) {
  CannedAnswers answers;
  answers.get.mutable_entry()->set_key("3603/2024/pagu/6709/L01");
  *answers.get.mutable_entry()->mutable_record() = Pagu(10000);
  answers.get.mutable_entry()->set_conflict(true);
  *answers.get.add_heads() = Head("3603.aaaaaaaaaaaa", 3, 10000, true);
  *answers.get.add_heads() = Head("3603.bbbbbbbbbbbb", 5, 20000, false);
  Answer(answers);
  const Result r = Run({"get", "3603/2024/pagu/6709/L01"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().get.key(), "3603/2024/pagu/6709/L01");
  EXPECT_THAT(r.out, HasSubstr("pagu           10.000\n"));
  EXPECT_THAT(r.out, HasSubstr("\n3603.aaaaaaaaaaaa#3  siti    2024-05-01 10:00:00.000  yes"));
  EXPECT_THAT(r.out, HasSubstr("\n3603.bbbbbbbbbbbb#5  budi    2024-05-01 10:00:00.000          "
                               "6709/L01 Perencanaan Program: pagu 20.000\n"));
}

TEST_F(KinerjactlTest, DigestAsksForTheSatkerOrTheNodesOwn) {
  CannedAnswers answers;
  answers.status.set_node("3603");
  answers.digest.set_satker("3603");
  answers.digest.set_digest(std::string(64, 'a'));
  Answer(answers);
  Result r = Run({"digest", "--satker", "3603"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().digest.satker(), "3603");
  EXPECT_EQ(r.out, "3603  " + std::string(64, 'a') + "\n");
  r = Run({"digest"});  // The node's own satker, from its status.
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().digest.satker(), "3603");
  r = Run({"-o", "json", "digest", "--satker", "3603"});
  EXPECT_EQ(r.out, "{\"satker\":\"3603\",\"digest\":\"" + std::string(64, 'a') + "\"}\n");
  r = Run({"digest", "--help"});
  EXPECT_THAT(r.out, HasSubstr("Example:\n  kinerjactl digest"));
}

TEST_F(KinerjactlTest, LsSendsTheFiltersAndListsRecords) {
  CannedAnswers answers;
  v1::Entry* e = answers.list.add_entries();
  e->set_key("3603/2024/pagu/6709/L01");
  *e->mutable_record() = Pagu(238339761000);
  Answer(answers);
  const Result r =
      Run({"ls", "--satker", "3603", "--tahun", "2024", "--kind", "pagu", "--limit", "10"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const v1::ListRequest sent = Received().list;
  EXPECT_EQ(sent.satker(), "3603");
  EXPECT_EQ(sent.tahun(), 2024);
  EXPECT_EQ(sent.kind(), "pagu");
  EXPECT_EQ(sent.limit(), 10u);
  EXPECT_THAT(r.out, HasSubstr("3603/2024/pagu/6709/L01  CQ"));
  EXPECT_THAT(r.out, HasSubstr("238.339.761.000\n"));

  const Result csv = Run({"-o", "csv", "ls", "--satker", "3603"});
  EXPECT_EQ(csv.exit_code, kExitOk) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr(",238339761000\n"));
  EXPECT_EQ(Received().list.tahun(), 0);  // Every year.
}

TEST_F(KinerjactlTest, ConflictsListsHeads) {
  CannedAnswers answers;
  v1::Conflict* c = answers.conflicts.add_conflicts();
  c->set_key("3603/2024/pagu/6709/L01");
  *c->add_heads() = Head("3603.aaaaaaaaaaaa", 3, 10000, true);
  *c->add_heads() = Head("3603.bbbbbbbbbbbb", 5, 20000, false);
  Answer(answers);
  const Result r = Run({"conflicts", "--satker", "3603"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().conflicts.satker(), "3603");
  EXPECT_THAT(r.out, HasSubstr("3603/2024/pagu/6709/L01  3603.aaaaaaaaaaaa#3"));
  EXPECT_THAT(r.out, HasSubstr("3603.bbbbbbbbbbbb#5"));
}

v1::ResolveResponse ResolvedChange(bool tombstone) {
  v1::ResolveResponse r;
  v1::Change* change = r.mutable_change();
  change->set_origin("3603.aaaaaaaaaaaa");
  change->set_seq(6);
  change->set_key("3603/2024/pagu/6709/L01");
  change->set_tombstone(tombstone);
  if (!tombstone) change->set_value(Pagu(20000).SerializeAsString());
  change->set_author("siti");
  return r;
}

TEST_F(KinerjactlTest, ResolveByPick) {
  CannedAnswers answers;
  answers.resolve = ResolvedChange(false);
  Answer(answers);
  const Result r = Run(
      {"resolve", "3603/2024/pagu/6709/L01", "--pick", "3603.bbbbbbbbbbbb#5", "--author", "siti"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const v1::ResolveRequest sent = Received().resolve;
  EXPECT_EQ(sent.key(), "3603/2024/pagu/6709/L01");
  ASSERT_EQ(sent.resolution_case(), v1::ResolveRequest::kPick);
  EXPECT_EQ(sent.pick().origin(), "3603.bbbbbbbbbbbb");
  EXPECT_EQ(sent.pick().seq(), 5u);
  EXPECT_EQ(sent.author(), "siti");
  EXPECT_THAT(r.out, StartsWith("resolved       3603/2024/pagu/6709/L01\n"
                                "version        3603.aaaaaaaaaaaa#6\n"));
  EXPECT_THAT(r.out, HasSubstr("pagu           20.000\n"));
}

// Issue "Close the holes" (15): the request names the heads the user was shown.
TEST_F(KinerjactlTest, ResolveSendsTheHeadsItNames) {
  CannedAnswers answers;
  answers.resolve = ResolvedChange(false);
  Answer(answers);
  const Result r = Run({"resolve", "3603/2024/pagu/6709/L01", "--pick", "3603.bbbbbbbbbbbb#5",
                        "--heads", "3603.bbbbbbbbbbbb#5,3603.cccccccccccc#2"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  const v1::ResolveRequest sent = Received().resolve;
  ASSERT_EQ(sent.heads_size(), 2);
  EXPECT_EQ(sent.heads(0).origin(), "3603.bbbbbbbbbbbb");
  EXPECT_EQ(sent.heads(0).seq(), 5u);
  EXPECT_EQ(sent.heads(1).origin(), "3603.cccccccccccc");
  EXPECT_EQ(sent.heads(1).seq(), 2u);
}

// Without --heads, the heads `get` shows are named.
TEST_F(KinerjactlTest, ResolveWithoutHeadsNamesTheHeadsGetShows) {
  CannedAnswers answers;
  answers.resolve = ResolvedChange(false);
  for (uint64_t seq : {5, 2}) {
    v1::Version* v = answers.get.add_heads();
    v->mutable_id()->set_origin("3603.bbbbbbbbbbbb");
    v->mutable_id()->set_seq(seq);
  }
  Answer(answers);
  const Result r = Run({"resolve", "3603/2024/pagu/6709/L01", "--delete"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(Received().get.key(), "3603/2024/pagu/6709/L01");
  const v1::ResolveRequest sent = Received().resolve;
  ASSERT_EQ(sent.heads_size(), 2);
  EXPECT_EQ(sent.heads(0).seq(), 5u);
  EXPECT_EQ(sent.heads(1).seq(), 2u);
}

TEST_F(KinerjactlTest, ResolveByDelete) {
  CannedAnswers answers;
  answers.resolve = ResolvedChange(true);
  Answer(answers);
  const Result r = Run({"resolve", "3603/2024/pagu/6709/L01", "--delete"});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  ASSERT_EQ(Received().resolve.resolution_case(), v1::ResolveRequest::kRemove);
  EXPECT_TRUE(Received().resolve.remove());
  EXPECT_THAT(r.out, HasSubstr("(deleted)"));
}

TEST_F(KinerjactlTest, ResolveByMergedJson) {
  CannedAnswers answers;
  answers.resolve = ResolvedChange(false);
  Answer(answers);
  const std::string path = WriteFile(
      "merged.json",
      "{\"anggaran_pagu\": {\"satker\": \"3603\", \"tahun\": 2024, \"program_kode\": \"CQ\", "
      "\"kegiatan_kode\": \"6709\", \"rincian_kode\": \"L01\", \"kegiatan\": \"Perencanaan "
      "Program\", \"pagu_rupiah\": \"20000\"}}");
  const Result r = Run({"resolve", "3603/2024/pagu/6709/L01", "--merged-json", path});
  EXPECT_EQ(r.exit_code, kExitOk) << r.err;
  ASSERT_EQ(Received().resolve.resolution_case(), v1::ResolveRequest::kMerged);
  EXPECT_TRUE(MessageDifferencer::Equals(Received().resolve.merged(), Pagu(20000)));
}

TEST_F(KinerjactlTest, HelpExplainsEveryCommandWithExampleAndExitCodes) {
  const Result r = Run({"--help"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("Exit codes:\n  0  success\n"));
  EXPECT_THAT(r.out, HasSubstr("  3  kinerjad cannot be reached"));
  for (const char* command : {"import", "sync", "status", "get", "ls", "conflicts", "resolve"}) {
    const Result sub = Run({command, "--help"});
    EXPECT_EQ(sub.exit_code, kExitOk) << command;
    EXPECT_THAT(sub.out, HasSubstr(std::string("Usage: kinerjactl ") + command)) << command;
    EXPECT_THAT(sub.out, HasSubstr(std::string("Example:\n  kinerjactl ")));
    EXPECT_THAT(sub.out, HasSubstr("Exit codes:")) << command;
  }
  EXPECT_EQ(Received().calls, 0);
}

// ----- failures ---------------------------------------------------------------------------

TEST_F(KinerjactlTest, ServerErrorExitsOneWithItsMessageOnOneLine) {
  CannedAnswers answers;
  answers.error = grpc::Status(
      grpc::StatusCode::INVALID_ARGUMENT,
      "anggaran.csv:4: column pagu: expected an amount like 1.000.000, got \"dua juta\"");
  Answer(answers);
  const Result r = Run({"import", "anggaran", WriteFile("anggaran.csv", "x\n")});
  EXPECT_EQ(r.exit_code, kExitFailed);
  EXPECT_THAT(r.out, IsEmpty());
  EXPECT_EQ(r.err,
            "kinerjactl: anggaran.csv:4: column pagu: expected an amount like 1.000.000, got "
            "\"dua juta\"\n");
}

TEST_F(KinerjactlTest, MultiLineServerMessagesAreJoined) {
  CannedAnswers answers;
  answers.error = grpc::Status(grpc::StatusCode::NOT_FOUND, "no record\nat 3603/2024/x");
  Answer(answers);
  const Result r = Run({"get", "3603/2024/x"});
  EXPECT_EQ(r.exit_code, kExitFailed);
  EXPECT_EQ(r.err, "kinerjactl: no record at 3603/2024/x\n");
}

TEST_F(KinerjactlTest, UnreadableImportFileExitsOneWithoutCallingTheDaemon) {
  const std::string path = dir_.Sub("missing.csv");
  const Result r = Run({"import", "anggaran", path});
  EXPECT_EQ(r.exit_code, kExitFailed);
  EXPECT_EQ(r.err, "kinerjactl: cannot read " + path + ": No such file or directory\n");
  EXPECT_EQ(Received().calls, 0);
}

TEST_F(KinerjactlTest, BadMergedJsonExitsOne) {
  const Result r = Run({"resolve", "3603/2024/pagu/6709/L01", "--merged-json",
                        WriteFile("bad.json", "{\"anggaran_pagu\": {\"pagu\": 1}}")});
  EXPECT_EQ(r.exit_code, kExitFailed);
  EXPECT_THAT(r.err, StartsWith("kinerjactl: " + dir_.Sub("bad.json") +
                                ": not a kinerja.v1.Record in JSON"));
  EXPECT_EQ(Received().calls, 0);
}

TEST_F(KinerjactlTest, UnreachableDaemonExitsThree) {
  RefusingPort port;
  ASSERT_FALSE(port.address().empty());
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--addr", port.address(), "status"},
           {"sync", "--addr", port.address()},
           {"ls", "--satker", "3603", "--addr", port.address()}}) {
    const Result r = Run(args);
    EXPECT_EQ(r.exit_code, kExitUnreachable) << args[0];
    EXPECT_THAT(r.err, StartsWith("kinerjactl: cannot reach kinerjad at " + port.address()));
  }
}

TEST_F(KinerjactlTest, UnreachableUpstreamMakesSyncExitThree) {
  CannedAnswers answers;
  answers.error =
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "upstream 127.0.0.1:7400: connection refused");
  Answer(answers);
  const Result r = Run({"sync"});
  EXPECT_EQ(r.exit_code, kExitUnreachable);
  EXPECT_EQ(r.err, "kinerjactl: upstream 127.0.0.1:7400: connection refused\n");
}

TEST_F(KinerjactlTest, SyncThatTimesOutExitsThree) {
  CannedAnswers answers;
  answers.error = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "session timed out");
  Answer(answers);
  const Result r = Run({"sync", "--timeout", "1s"});
  EXPECT_EQ(r.exit_code, kExitUnreachable);
  EXPECT_EQ(r.err, "kinerjactl: sync did not finish within 1s: session timed out\n");
}

TEST_F(KinerjactlTest, BadUsageExitsTwoWithoutCallingTheDaemon) {
  const std::vector<std::vector<std::string>> cases = {
      {},                                                 // No subcommand.
      {"frobnicate"},                                     // Unknown subcommand.
      {"ls"},                                             // Missing --satker.
      {"ls", "--satker", "3603", "--tahun", "dua ribu"},  // Not a number.
      {"ls", "--satker", "3603", "--kind", "pegawai"},    // Unknown kind.
      {"-o", "yaml", "status"},                           // Unknown format.
      {"--timeout", "30", "status"},                      // Duration without unit.
      {"sync", "--timeout", "soon"},                      // Bad duration.
      {"import", "anggaran"},                             // Missing FILE.
      {"import", "pegawai", "x.csv"},                     // Unknown kind.
      {"get"},                                            // Missing KEY.
      {"resolve", "3603/2024/pagu/6709/L01"},             // No resolution.
      {"resolve", "k", "--pick", "3603#1", "--delete"},   // Two resolutions.
      {"resolve", "k", "--pick", "3603.aaaa"},            // Not ORIGIN#SEQ.
      {"status", "extra"},                                // Stray argument.
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
