// End-to-end: kinerja-sink follows a real national kinerjad's rollup feed into a real
// PostgreSQL 15 started by tests/sink/pg_temp.sh, with the demo's Tangerang 2024 documents
// imported at the office and synced up two tiers. The tables must equal national's
// `kinerjactl rollup -o json` through a SIGKILL of the sink, PostgreSQL restarts and a crash,
// a national restart, a cursor reset, a revision and a deletion.
#include <algorithm>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kinerja/v1/query.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::sink {
namespace {

using e2e::Cluster;
using e2e::CtlResult;
using e2e::WaitFor;

// A program's output and exit code.
struct ToolResult {
  int exit_code = -1;
  std::string out;
};

ToolResult RunTool(const std::vector<std::string>& args) {
  testing::TempDir dir;
  const std::string out = dir.Sub("out");
  absl::StatusOr<testing::Subprocess> p = testing::Subprocess::Start(args, out, out);
  if (!p.ok()) return {-1, std::string(p.status().message())};
  ToolResult r;
  r.exit_code = p->Wait();
  r.out = testing::ReadFile(out);
  return r;
}

// A throwaway PostgreSQL from the project's own script, removed when destroyed.
class TempPostgres {
 public:
  TempPostgres() {
    const ToolResult r = RunTool({kPgTemp, "start"});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
      if (absl::ConsumePrefix(&line, "dir=")) dir_ = std::string(line);
      if (absl::ConsumePrefix(&line, "dsn=")) dsn_ = std::string(line);
    }
  }
  ~TempPostgres() {
    if (!dir_.empty()) RunTool({kPgTemp, "stop", dir_});
  }
  bool ok() const { return !dir_.empty() && !dsn_.empty(); }
  const std::string& dsn() const { return dsn_; }
  // pg_temp.sh restart (a clean stop, then start) or kill (a crash: SIGKILL).
  void Run(const std::string& what) {
    const ToolResult r = RunTool({kPgTemp, what, dir_});
    EXPECT_EQ(r.exit_code, 0) << what << ": " << r.out;
  }

  // Rows of `sql`, each as its fields joined by '|'.
  std::vector<std::string> Query(const std::string& sql) const {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    std::vector<std::string> rows;
    for (const pqxx::row& row : w.exec(sql)) {
      std::vector<std::string> fields;
      for (const pqxx::field& f : row) fields.push_back(f.is_null() ? "NULL" : f.c_str());
      rows.push_back(absl::StrJoin(fields, "|"));
    }
    w.commit();
    return rows;
  }
  void Exec(const std::string& sql) const {
    pqxx::connection c(dsn_);
    pqxx::work w(c);
    w.exec(sql);
    w.commit();
  }
  // The sink's stored cursor; nullopt when PostgreSQL or the row is not there (yet).
  std::optional<uint64_t> StoredCursor() const {
    try {
      const std::vector<std::string> rows =
          Query("SELECT cursor FROM kinerja_feed_cursor WHERE feed = 'national'");
      if (rows.size() != 1) return std::nullopt;
      return std::stoull(rows[0]);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  // Every table of the sink, rows in key order, with each row's xmin (the transaction that
  // last wrote it): equal snapshots mean identical tables in which no row was even rewritten.
  std::string Snapshot() const {
    std::string all;
    for (const char* sql : {
             "SELECT xmin, * FROM kinerja_rollup_satker ORDER BY tahun, satker",
             "SELECT xmin, * FROM kinerja_rollup_bulan ORDER BY tahun, satker, bulan",
             "SELECT xmin, * FROM kinerja_rollup_program ORDER BY tahun, satker, program_kode",
             "SELECT xmin, * FROM kinerja_rollup_indikator ORDER BY tahun, satker",
             "SELECT xmin, * FROM kinerja_feed_rows ORDER BY row_key",
             "SELECT feed, cursor FROM kinerja_feed_cursor ORDER BY feed",
         }) {
      absl::StrAppend(&all, sql, "\n", absl::StrJoin(Query(sql), "\n"), "\n");
    }
    return all;
  }

 private:
  static constexpr char kPgTemp[] = KINERJA_SOURCE_DIR "/tests/sink/pg_temp.sh";
  std::string dir_;
  std::string dsn_;
};

v1::RollupResponse Rollup(const Cluster& c, const std::string& satker) {
  const CtlResult r = c.Ctl("RI", {"rollup", "--satker", satker, "--tahun", "2024", "-o", "json"});
  v1::RollupResponse resp;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &resp).ok()) << r.out;
  return resp;
}

// National's feed head: the cursor of the last change `kinerjactl feed` prints.
uint64_t FeedHead(const Cluster& c) {
  const CtlResult r = c.Ctl("RI", {"feed", "--since", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<absl::string_view> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  if (lines.empty()) return 0;
  v1::RollupChange last;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(lines.back()), &last).ok());
  return last.cursor();
}

// The sink's tables say what national's rollups of 3603 and of RI say.
void ExpectTablesEqualRollup(const Cluster& c, const TempPostgres& pg) {
  const v1::RollupResponse r = Rollup(c, "3603");
  EXPECT_EQ(
      pg.Query("SELECT pagu, realisasi, penyerapan FROM kinerja_penyerapan "
               "WHERE tahun = 2024 AND satker = '3603'"),
      std::vector<std::string>{absl::StrCat(r.pagu(), "|", r.realisasi(), "|", r.penyerapan())});
  std::vector<std::string> programs;
  for (const v1::BudgetRow& p : r.program_rows()) {
    programs.push_back(
        absl::StrCat(p.program_kode(), "|", p.nama(), "|", p.pagu(), "|", p.realisasi()));
  }
  std::sort(programs.begin(), programs.end());
  EXPECT_EQ(pg.Query("SELECT program_kode, program, pagu, realisasi FROM kinerja_rollup_program "
                     "WHERE tahun = 2024 AND satker = '3603' ORDER BY program_kode"),
            programs);
  std::vector<std::string> months;
  for (const v1::MonthRow& m : r.bulan_rows()) {
    months.push_back(
        absl::StrCat(m.bulan(), "|", m.realisasi(), "|", m.kumulatif(), "|", m.laporan()));
  }
  EXPECT_EQ(pg.Query("SELECT bulan, realisasi, sum(realisasi) OVER (ORDER BY bulan), laporan "
                     "FROM kinerja_rollup_bulan WHERE tahun = 2024 AND satker = '3603' "
                     "ORDER BY bulan"),
            months);
  const v1::IndikatorCounts& n = r.indikator();
  EXPECT_EQ(pg.Query("SELECT jumlah, dengan_target, dengan_realisasi, tercapai "
                     "FROM kinerja_rollup_indikator WHERE tahun = 2024 AND satker = '3603'"),
            std::vector<std::string>{absl::StrCat(n.jumlah(), "|", n.dengan_target(), "|",
                                                  n.dengan_realisasi(), "|", n.tercapai())});
  // National: sums over every satker's rows.
  const v1::RollupResponse ri = Rollup(c, "RI");
  EXPECT_EQ(pg.Query("SELECT sum(pagu), sum(realisasi) FROM kinerja_rollup_satker "
                     "WHERE tahun = 2024"),
            std::vector<std::string>{absl::StrCat(ri.pagu(), "|", ri.realisasi())});
  EXPECT_EQ(pg.Query("SELECT count(*) FROM (SELECT satker FROM kinerja_rollup_satker WHERE "
                     "tahun = 2024 UNION SELECT satker FROM kinerja_rollup_indikator WHERE "
                     "tahun = 2024) s"),
            std::vector<std::string>{absl::StrCat(ri.satker_count())});
}

class Sink {
 public:
  Sink(const Cluster& c, const TempPostgres& pg) : cluster_(c), pg_(pg) {}
  void Start() {
    offset_ = testing::FileSize(log_);
    absl::StatusOr<testing::Subprocess> p = testing::Subprocess::Start(
        {KINERJA_SINK_PATH, "postgres", "--feed", cluster_.AdminAddress("RI"), "--dsn", pg_.dsn(),
         "--max-backoff", "500ms"},
        log_, log_);
    ASSERT_TRUE(p.ok()) << p.status();
    process_ = std::move(*p);
  }
  void Kill() { process_.Kill(); }
  // Waits until the stored cursor is national's feed head.
  bool CaughtUp() {
    const uint64_t head = FeedHead(cluster_);
    return WaitFor([&] { return pg_.StoredCursor() == head; }, absl::Seconds(30));
  }
  bool running() { return !process_.Poll().has_value(); }
  // What the sink logged since its last start.
  std::string Log() const { return testing::ReadFile(log_).substr(offset_); }

 private:
  const Cluster& cluster_;
  const TempPostgres& pg_;
  testing::TempDir dir_;
  const std::string log_ = dir_.Sub("sink.log");
  size_t offset_ = 0;
  testing::Subprocess process_;
};

void SyncUp(Cluster& c) {
  ASSERT_EQ(c.Ctl("3603", {"sync"}).exit_code, 0);
  ASSERT_EQ(c.Ctl("36", {"sync"}).exit_code, 0);
}

TEST(SinkE2eTest, TablesEqualNationalRollupThroughKillsRestartsResetsRevisionsAndDeletions) {
  TempPostgres pg;
  ASSERT_TRUE(pg.ok());
  Cluster cluster(e2e::kBantenRegistry);
  cluster.Add("RI", "RI", "national", "");
  cluster.Add("36", "36", "province", "RI");
  cluster.Add("3603", "3603", "office", "36");
  for (const char* n : {"RI", "36", "3603"}) cluster.Start(n);
  const std::string demo = KINERJA_SOURCE_DIR "/deploy/demo/";
  for (const char* kind : {"indikator", "realisasi_indikator", "anggaran", "total_dokumen"}) {
    const CtlResult r =
        cluster.Ctl("3603", {"import", kind, absl::StrCat(demo, "3603_", kind, ".csv")});
    ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.err;
  }
  SyncUp(cluster);
  ASSERT_TRUE(WaitFor([&] { return Rollup(cluster, "3603").pagu() == 238'339'761'000; },
                      absl::Seconds(20)));

  // Catch up from nothing: the tables equal national's rollup.
  Sink sink(cluster, pg);
  sink.Start();
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  ExpectTablesEqualRollup(cluster, pg);
  EXPECT_EQ(pg.Query("SELECT pagu, penyerapan FROM kinerja_penyerapan WHERE satker = '3603'"),
            std::vector<std::string>{"238339761000|97.20"});
  const std::string caught_up = pg.Snapshot();

  // SIGKILL of the sink, then a PostgreSQL restart: the same tables.
  sink.Kill();
  pg.Run("restart");
  EXPECT_EQ(pg.Snapshot(), caught_up);
  // Started again, it resumes from the cursor stored with its last commit.
  const uint64_t head = FeedHead(cluster);
  sink.Start();
  ASSERT_TRUE(WaitFor(
      [&] {
        return sink.Log().find(absl::StrCat("after cursor ", head, "\n")) != std::string::npos;
      },
      absl::Seconds(20)))
      << sink.Log();
  EXPECT_EQ(pg.Snapshot(), caught_up);
  sink.Kill();

  // A cursor reset: the whole feed is replayed and changes nothing (no row is rewritten).
  pg.Exec("UPDATE kinerja_feed_cursor SET cursor = 0");
  sink.Start();
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  EXPECT_NE(sink.Log().find("after cursor 0"), std::string::npos) << sink.Log();
  EXPECT_EQ(pg.Snapshot(), caught_up);

  // A revision while the sink follows: realisasi of line L02 re-imported lower.
  std::string anggaran = testing::ReadFile(demo + "3603_anggaran.csv");
  ASSERT_NE(anggaran.find("\"14,832,656,264\""), std::string::npos);
  absl::StrReplaceAll({{"\"14,832,656,264\"", "\"10,000,000,000\""}}, &anggaran);
  ASSERT_EQ(
      cluster.Ctl("3603", {"import", "anggaran", cluster.WriteFile("rev.csv", anggaran)}).exit_code,
      0);
  SyncUp(cluster);
  const int64_t revised = 231'658'704'797 - 14'832'656'264 + 10'000'000'000;
  ASSERT_TRUE(
      WaitFor([&] { return Rollup(cluster, "3603").realisasi() == revised; }, absl::Seconds(20)));
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  ExpectTablesEqualRollup(cluster, pg);
  EXPECT_EQ(pg.Query("SELECT realisasi, penyerapan FROM kinerja_penyerapan WHERE satker = '3603'"),
            std::vector<std::string>{absl::StrCat(revised, "|95.17")});

  // PostgreSQL crashes while the sink follows; a new program arrives meanwhile. The sink
  // retries until PostgreSQL is back, then applies it.
  pg.Run("kill");
  ASSERT_EQ(cluster
                .Ctl("3603", {"import", "anggaran",
                              cluster.WriteFile("zz.csv",
                                                "satker,tahun,program_kode,program,"
                                                "kegiatan_kode,rincian_kode,kegiatan,periode,"
                                                "pagu,realisasi\n"
                                                "3603,2024,ZZ,Program Uji,9999,Z01,Kegiatan "
                                                "Uji,TAHUNAN,\"1,000\",\n")})
                .exit_code,
            0);
  SyncUp(cluster);
  ASSERT_TRUE(
      WaitFor([&] { return Rollup(cluster, "3603").program_rows_size() == 3; }, absl::Seconds(20)))
      << Rollup(cluster, "3603").DebugString();
  ASSERT_TRUE(WaitFor([&] { return sink.Log().find("PostgreSQL") != std::string::npos; },
                      absl::Seconds(20)))
      << sink.Log();
  pg.Run("restart");
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  ExpectTablesEqualRollup(cluster, pg);
  EXPECT_EQ(pg.Query("SELECT pagu FROM kinerja_rollup_program WHERE program_kode = 'ZZ'"),
            std::vector<std::string>{"1000"});

  // National restarts while the sink follows, and the program is deleted meanwhile: its row
  // goes from the table once the sink has reconnected.
  cluster.Stop("RI");
  const CtlResult deleted = cluster.Ctl("3603", {"resolve", "3603/2024/pagu/9999/Z01", "--delete"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  ASSERT_EQ(cluster.Ctl("3603", {"sync"}).exit_code, 0);
  cluster.Start("RI");
  ASSERT_EQ(cluster.Ctl("36", {"sync"}).exit_code, 0);
  ASSERT_TRUE(
      WaitFor([&] { return Rollup(cluster, "3603").program_rows_size() == 2; }, absl::Seconds(20)));
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  ExpectTablesEqualRollup(cluster, pg);
  EXPECT_TRUE(pg.Query("SELECT * FROM kinerja_rollup_program WHERE program_kode = 'ZZ'").empty());

  // A cursor reset after the deletion: the replay neither brings the deleted row back nor
  // rewrites any other.
  const std::string after_delete = pg.Snapshot();
  sink.Kill();
  pg.Exec("UPDATE kinerja_feed_cursor SET cursor = 0");
  sink.Start();
  ASSERT_TRUE(sink.CaughtUp()) << sink.Log();
  EXPECT_EQ(pg.Snapshot(), after_delete);
  EXPECT_TRUE(sink.running()) << sink.Log();
}

}  // namespace
}  // namespace kinerja::sink
