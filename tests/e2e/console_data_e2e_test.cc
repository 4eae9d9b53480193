// End-to-end through real processes and kinerjactl, the daemon capabilities the web console
// uses (branch kdata): a hub's status lists each child with its versions, an import preview
// reports every error and writes nothing, and a record's history lists its versions.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"

namespace kinerja::e2e {
namespace {

constexpr char kHeader[] =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

std::string Row(int kegiatan, const std::string& pagu) {
  return absl::StrCat("3604,2024,CQ,Pemilu,", kegiatan, ",,Fasilitasi,TAHUNAN,", pagu, ",\n");
}

// kinerjactl's `-o json` output whatever its exit code (a preview with errors exits 1).
template <typename Message>
Message ParseJsonAnyExit(const CtlResult& r) {
  Message m;
  auto st = google::protobuf::util::JsonStringToMessage(r.out, &m);
  EXPECT_TRUE(st.ok()) << st.ToString() << "\n" << r.out << r.err;
  return m;
}

TEST(ConsoleDataE2eTest, ChildrenInStatusImportPreviewAndHistory) {
  Cluster c(kBantenRegistry);
  c.Add("RI", "RI", "national", "");  // Declared as the hub's upstream, never started.
  c.Add("36", "36", "province", "RI");
  c.Add("3604", "3604", "office", "36");
  c.Start("36");
  c.Start("3604");

  // The office imports and syncs; 3603 never runs.
  const std::string v1_file = c.WriteFile(
      "anggaran_v1.csv", absl::StrCat(kHeader, Row(6709, "1.000.000"), Row(6710, "2.000.000")));
  ASSERT_EQ(c.Ctl("3604", {"import", "anggaran", v1_file}).exit_code, 0);
  CtlResult synced = c.Ctl("3604", {"sync", "--timeout", "20s"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err;

  // status at the hub: both children, the office with its protocol and software version.
  const v1::StatusResponse hub = Status(c, "36");
  ASSERT_EQ(hub.children_size(), 2);
  EXPECT_EQ(hub.children(0).satker(), "3603");
  EXPECT_EQ(hub.children(0).last_seen_unix_ms(), 0);
  EXPECT_EQ(hub.children(0).protocol_version(), 0u);
  EXPECT_EQ(hub.children(1).satker(), "3604");
  EXPECT_EQ(hub.children(1).name(), "KPU Kabupaten Serang");
  EXPECT_GT(hub.children(1).last_seen_unix_ms(), 0);
  EXPECT_TRUE(hub.children(1).last_session_ok());
  EXPECT_EQ(hub.children(1).protocol_version(), 1u);
  EXPECT_EQ(hub.children(1).software_version(), KINERJA_VERSION);
  EXPECT_EQ(hub.children(1).lag_down(), 0u);
  EXPECT_EQ(hub.children(1).lag_up(), 0u);
  const CtlResult table = c.Ctl("36", {"status"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(absl::StrContains(table.out, "children\n")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, KINERJA_VERSION)) << table.out;
  EXPECT_TRUE(Status(c, "3604").children().empty());

  // A preview of a file with a bad money cell on line 4: exit 1, line 4 and its column, the
  // office's digest unchanged.
  const std::string digest = c.Ctl("3604", {"digest", "3604"}).out;
  const std::string bad = c.WriteFile(
      "anggaran_bad.csv", absl::StrCat(kHeader, Row(6709, "1.500.000"), Row(6710, "2.000.000"),
                                       Row(6711, "tiga juta"), Row(6712, "x")));
  const CtlResult preview_bad = c.Ctl("3604", {"import", "--dry-run", "anggaran", bad});
  EXPECT_EQ(preview_bad.exit_code, 1) << preview_bad.out;
  EXPECT_TRUE(absl::StrContains(preview_bad.out, "2 errors: the import would save nothing"))
      << preview_bad.out;
  const v1::ImportResponse bad_json =
      ParseJsonAnyExit<v1::ImportResponse>(c.Ctl("3604", {"-o", "json", "import", "--dry-run",
                                                          "anggaran", bad}));
  ASSERT_EQ(bad_json.preview().errors_size(), 2);
  EXPECT_EQ(bad_json.preview().errors(0).line(), 4u);
  EXPECT_EQ(bad_json.preview().errors(0).column(), 9u);
  EXPECT_EQ(bad_json.preview().errors(0).field(), "pagu");
  EXPECT_EQ(c.Ctl("3604", {"digest", "3604"}).out, digest);

  // A clean preview: exit 0; the import then reports the same counts.
  const std::string good = c.WriteFile(
      "anggaran_v2.csv", absl::StrCat(kHeader, Row(6709, "1.500.000"), Row(6710, "2.000.000"),
                                      Row(6711, "3.000.000")));
  const CtlResult preview_good = c.Ctl("3604", {"import", "--dry-run", "anggaran", good});
  EXPECT_EQ(preview_good.exit_code, 0) << preview_good.err;
  EXPECT_TRUE(absl::StrContains(preview_good.out,
                                "would create 1, change 1, leave unchanged 1 (3 rows)"))
      << preview_good.out;
  EXPECT_TRUE(absl::StrContains(preview_good.out, "pagu_rupiah 1000000 -> 1500000"))
      << preview_good.out;
  EXPECT_EQ(c.Ctl("3604", {"digest", "3604"}).out, digest);
  const CtlResult imported = c.Ctl("3604", {"import", "anggaran", good});
  EXPECT_EQ(imported.out, "created 1, changed 1, unchanged 1 (3 rows)\n") << imported.err;

  // history: the key's two versions, oldest first, the second over the first.
  const std::string key = "3604/2024/pagu/6709/-";
  const v1::HistoryResponse history =
      ParseJson<v1::HistoryResponse>(c.Ctl("3604", {"-o", "json", "history", key}));
  ASSERT_EQ(history.versions_size(), 2);
  EXPECT_EQ(history.versions(0).version().record().anggaran_pagu().pagu_rupiah(), 1'000'000);
  EXPECT_EQ(history.versions(1).version().record().anggaran_pagu().pagu_rupiah(), 1'500'000);
  ASSERT_EQ(history.versions(1).bases_size(), 1);
  EXPECT_EQ(history.versions(1).bases(0).seq(), history.versions(0).version().id().seq());
  EXPECT_TRUE(history.versions(1).head());
  EXPECT_TRUE(history.versions(1).version().winner());
  const CtlResult history_table = c.Ctl("3604", {"history", key});
  EXPECT_EQ(history_table.exit_code, 0) << history_table.err;
  EXPECT_TRUE(absl::StrContains(history_table.out, key)) << history_table.out;
  EXPECT_EQ(c.Ctl("3604", {"history", "3604/2024/pagu/1/-"}).exit_code, 1);

  c.Stop("3604");
  c.Stop("36");
}

}  // namespace
}  // namespace kinerja::e2e
