// The seeds' own figures, from the demo's transcriptions (deploy/demo/, SOURCES.md): the
// Kabupaten Tangerang LKj 2024 and the Kabupaten Serang Rencana Aksi 2023.
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "daemon/codec/export_file.h"
#include "daemon/codec/parse_import.h"
#include "daemon/node/importer.h"
#include "daemon/rollup/rollup_query.h"
#include "gtest/gtest.h"
#include "tests/daemon/rollup/rollup_test_util.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::rollup {
namespace {

std::string Demo(const std::string& name) {
  std::ifstream in(absl::StrCat(KINERJA_SOURCE_DIR, "/deploy/demo/", name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

daemon::Registry DemoRegistry() {
  auto file = codec::ParseImport(v1::FILE_KIND_SATKER, "satker.csv", Demo("satker.csv"));
  EXPECT_TRUE(file.ok()) << file.status();
  std::vector<v1::Satker> entries;
  for (const auto& s : *file) entries.push_back(s.record.satker());
  return *daemon::Registry::Build(entries);
}

class RollupSeedTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Replica> Office(const std::string& name, const std::string& satker,
                                           const std::vector<std::string>& kinds) {
    storage::ReplicaOptions options;
    options.satker = satker;
    options.sync = false;
    options.observer = &observer_;
    auto r = std::move(*storage::Replica::Open(dir_.Sub(name), options));
    for (const auto& kind : kinds) {
      v1::ImportRequest req;
      req.set_file_kind(*values::EnumFromWord<v1::FileKind>(kind));
      req.set_file_name(absl::StrCat(satker, "_", kind, ".csv"));
      req.set_content(Demo(req.file_name()));
      auto st = daemon::ImportCsv(r.get(), registry_, satker, req);
      EXPECT_TRUE(st.ok()) << st.status();
    }
    return r;
  }

  v1::RollupResponse Rollup(const storage::Replica& r, const std::string& node,
                            const std::string& satker, int tahun) {
    v1::RollupRequest req;
    req.set_satker(satker);
    req.set_tahun(tahun);
    auto resp = QueryRollup(*r.NewReadView(), registry_, node, req);
    EXPECT_TRUE(resp.ok()) << resp.status();
    return resp.ok() ? *resp : v1::RollupResponse();
  }

  testing::TempDir dir_;
  RollupObserver observer_;
  daemon::Registry registry_ = DemoRegistry();
};

TEST_F(RollupSeedTest, KabupatenTangerang2024Budget) {
  auto r = Office("3603", "3603", {"indikator", "realisasi_indikator", "anggaran"});
  const v1::RollupResponse roll = Rollup(*r, "3603", "3603", 2024);
  EXPECT_EQ(roll.pagu(), 238'339'761'000);
  EXPECT_EQ(roll.realisasi(), 231'658'704'797);
  EXPECT_EQ(roll.penyerapan(), "97.20");
  ASSERT_EQ(roll.program_rows_size(), 2);
  EXPECT_EQ(roll.program_rows(0).program_kode(), "CQ");
  EXPECT_EQ(roll.program_rows(0).pagu(), 235'639'061'000);
  EXPECT_EQ(roll.program_rows(1).program_kode(), "WA");
  EXPECT_EQ(roll.program_rows(1).pagu(), 2'700'700'000);
  EXPECT_EQ(roll.indikator().jumlah(), 18u);
  EXPECT_EQ(roll.indikator().dengan_target(), 18u);
  EXPECT_EQ(roll.indikator().tercapai(), 18u);
  ExpectRowsEqual(Stored(*r), Recompute(*r), "3603");
}

TEST_F(RollupSeedTest, KabupatenTangerang2024Lkj) {
  auto r =
      Office("3603", "3603", {"indikator", "realisasi_indikator", "anggaran", "total_dokumen"});
  v1::LkjRequest req;
  req.set_satker("3603");
  req.set_tahun(2024);
  auto lkj = QueryLkj(*r->NewReadView(), registry_, "3603", req);
  ASSERT_TRUE(lkj.ok()) << lkj.status();
  EXPECT_EQ(lkj->nama(), "KPU Kabupaten Tangerang");
  EXPECT_EQ(lkj->pagu(), 238'339'761'000);
  EXPECT_EQ(lkj->penyerapan(), "97.20");
  EXPECT_TRUE(lkj->bulan_tanpa_laporan().empty());  // Reported yearly.
  ASSERT_EQ(lkj->indikator_size(), 18);
  EXPECT_EQ(lkj->indikator(0).capaian(), "100.00");
  int64_t kegiatan_sum = 0, subtotal_sum = 0;
  for (const auto& row : lkj->anggaran()) {
    (row.kegiatan_kode().empty() ? subtotal_sum : kegiatan_sum) += row.pagu();
  }
  EXPECT_EQ(kegiatan_sum, 238'339'761'000);
  EXPECT_EQ(subtotal_sum, 238'339'761'000);
  // The Ikhtisar states another realisasi than the tables: reported, not hidden.
  ASSERT_EQ(lkj->flags_size(), 1);
  EXPECT_EQ(lkj->flags(0),
            "LKj (Ikhtisar Eksekutif) states realisasi 231.665.238.797; its rows add up to "
            "231.658.704.797");
}

TEST_F(RollupSeedTest, KabupatenSerang2023ProgramTotals) {
  auto r = Office("3604", "3604", {"indikator", "rencana_aksi", "anggaran"});
  const v1::RollupResponse roll = Rollup(*r, "3604", "3604", 2023);
  ASSERT_EQ(roll.program_rows_size(), 2);
  EXPECT_EQ(roll.program_rows(0).program_kode(), "CQ");
  EXPECT_EQ(roll.program_rows(0).pagu(), 34'894'209'000);
  EXPECT_EQ(roll.program_rows(1).program_kode(), "WA");
  EXPECT_EQ(roll.program_rows(1).pagu(), 2'336'323'000);
  EXPECT_EQ(roll.pagu(), 34'894'209'000 + 2'336'323'000);
  EXPECT_EQ(roll.penyerapan(), "0.00");  // A plan: nothing spent yet.
}

TEST_F(RollupSeedTest, ProvinceAndNationalSumTheirOffices) {
  auto tangerang = Office("3603", "3603", {"anggaran"});
  auto serang = Office("3604", "3604", {"anggaran"});
  storage::ReplicaOptions options;
  options.satker = "RI";
  options.sync = false;
  options.observer = &observer_;
  auto national = std::move(*storage::Replica::Open(dir_.Sub("RI"), options));
  for (auto* office : {tangerang.get(), serang.get()}) {
    auto cursor = office->NewChangeCursor(national->version_vector(), nullptr);
    v1::ChangeBatch batch;
    while (!cursor->done()) {
      ASSERT_TRUE(cursor->Next(1000, 1 << 20, &batch).ok());
      ASSERT_TRUE(national->Apply(batch).ok());
    }
  }
  const v1::RollupResponse ri = Rollup(*national, "RI", "RI", 2024);
  EXPECT_EQ(ri.pagu(), 238'339'761'000);
  ASSERT_EQ(ri.satker_rows_size(), 1);
  EXPECT_EQ(ri.satker_rows(0).satker(), "36");
  const v1::RollupResponse banten = Rollup(*national, "RI", "36", 2023);
  ASSERT_EQ(banten.satker_rows_size(), 1);
  EXPECT_EQ(banten.satker_rows(0).satker(), "3604");
  EXPECT_EQ(banten.pagu(), 34'894'209'000 + 2'336'323'000);
  v1::RollupRequest outside;
  outside.set_satker("36");
  outside.set_tahun(2024);
  EXPECT_EQ(QueryRollup(*tangerang->NewReadView(), registry_, "3603", outside).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(RollupSeedTest, SatkerWithIndicatorsButNoBudgetGetsARow) {
  // KPU Kabupaten Gianyar's demo data has indicators and no budget lines.
  auto gianyar = Office("5104", "5104", {"indikator"});
  storage::ReplicaOptions options;
  options.satker = "51";
  options.sync = false;
  options.observer = &observer_;
  auto bali = std::move(*storage::Replica::Open(dir_.Sub("51"), options));
  auto cursor = gianyar->NewChangeCursor(bali->version_vector(), nullptr);
  v1::ChangeBatch batch;
  while (!cursor->done()) {
    ASSERT_TRUE(cursor->Next(1000, 1 << 20, &batch).ok());
    ASSERT_TRUE(bali->Apply(batch).ok());
  }
  const v1::RollupResponse roll = Rollup(*bali, "51", "51", 2024);
  EXPECT_GT(roll.indikator().jumlah(), 0u);
  ASSERT_EQ(roll.satker_rows_size(), 1);
  EXPECT_EQ(roll.satker_rows(0).satker(), "5104");
  EXPECT_EQ(roll.satker_rows(0).nama(), "KPU Kabupaten Gianyar");
  EXPECT_EQ(roll.satker_rows(0).pagu(), 0);
  EXPECT_EQ(roll.satker_rows(0).realisasi(), 0);
  EXPECT_EQ(roll.satker_count(), 1u);
  EXPECT_EQ(roll.pagu(), 0);
}

TEST_F(RollupSeedTest, ExportThenImportOnAFreshNodeReproducesTheRecords) {
  const std::vector<std::string> kinds = {"indikator", "realisasi_indikator", "anggaran",
                                          "rencana_aksi", "total_dokumen"};
  auto a =
      Office("a3603", "3603", {"indikator", "realisasi_indikator", "anggaran", "total_dokumen"});
  auto b = Office("a3604", "3604", {"indikator", "rencana_aksi", "anggaran"});
  for (auto* source : {a.get(), b.get()}) {
    storage::ReplicaOptions options;
    options.satker = source->satker();
    options.sync = false;
    options.observer = &observer_;
    auto fresh = std::move(
        *storage::Replica::Open(dir_.Sub(absl::StrCat("fresh", source->satker())), options));
    for (const auto& kind : kinds) {
      v1::ExportRequest ex;
      ex.set_file_kind(*values::EnumFromWord<v1::FileKind>(kind));
      auto out = codec::ExportFile(*source->NewReadView(), ex);
      ASSERT_TRUE(out.ok()) << out.status();
      if (out->rows() == 0) continue;
      v1::ImportRequest in;
      in.set_file_kind(*values::EnumFromWord<v1::FileKind>(kind));
      in.set_file_name(absl::StrCat("export_", kind, ".csv"));
      in.set_content(out->csv());
      auto st = daemon::ImportCsv(fresh.get(), registry_, source->satker(), in);
      ASSERT_TRUE(st.ok()) << kind << ": " << st.status() << "\n" << out->csv().substr(0, 600);
    }
    std::map<std::string, std::string> want, got;
    auto collect = [](const storage::Replica& r, std::map<std::string, std::string>* m) {
      ASSERT_TRUE(r.NewReadView()
                      ->Scan("",
                             [&](absl::string_view k, absl::string_view v) {
                               (*m)[std::string(k)] = std::string(v);
                               return absl::OkStatus();
                             })
                      .ok());
    };
    collect(*source, &want);
    collect(*fresh, &got);
    EXPECT_EQ(got.size(), want.size());
    for (const auto& [k, v] : want) {
      v1::Record w, g;
      w.ParseFromString(v);
      g.ParseFromString(got[k]);
      EXPECT_EQ(g.ShortDebugString(), w.ShortDebugString()) << k;
    }
  }
}

}  // namespace
}  // namespace kinerja::rollup
