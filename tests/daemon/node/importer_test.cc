// ImportCsv (daemon/node/importer.cc) over a real replica: what a file changes, what the summary
// says, and that a refused file changes nothing.
#include "daemon/node/importer.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/authz/registry.h"
#include "gtest/gtest.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

constexpr absl::string_view kAnggaranHeader =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::ReplicaOptions options;
    options.satker = "3604";
    options.sync = false;
    auto replica = storage::Replica::Open(dir_.Sub("3604"), options);
    ASSERT_TRUE(replica.ok()) << replica.status();
    replica_ = *std::move(replica);
    auto registry = Registry::Build({Satker("RI", v1::TINGKAT_NASIONAL, ""),
                                     Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                                     Satker("3604", v1::TINGKAT_KABKOTA, "36")});
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::make_unique<Registry>(*std::move(registry));
  }

  absl::StatusOr<v1::ImportResponse> Import(std::string content) {
    v1::ImportRequest request;
    request.set_file_kind(v1::FILE_KIND_ANGGARAN);
    request.set_file_name("anggaran.csv");
    request.set_content(std::move(content));
    request.set_author("test");
    return ImportCsv(replica_.get(), *registry_, "3604", request);
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Replica> replica_;
  std::unique_ptr<Registry> registry_;
};

// An empty rincian_kode and a literal "-" must not meet in one key: the "-" line would
// silently join (or replace) the empty one while the summary counted its rows as created.
// The rule (daemon/codec/record_key.h): "-" spells an absent code in keys, so a code "-" is
// refused.
TEST_F(ImporterTest, DashRincianKodeIsRefusedNotMergedWithAnEmptyOne) {
  auto imported = Import(absl::StrCat(kAnggaranHeader,
                                      "3604,2024,CQ,Pemilu,6709,,Fasilitasi,B01,1.000.000,10\n",
                                      "3604,2024,CQ,Pemilu,6709,-,Fasilitasi,B02,1.000.000,20\n"));
  ASSERT_FALSE(imported.ok()) << "created " << imported->created() << ", held "
                              << replica_->changes_held();
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:3: column rincian_kode: expected a code without '/' and not \"-\" "
            "(leave the cell empty for none), got \"-\"");
  EXPECT_EQ(replica_->changes_held(), 0u);
}

// The same pair on one period was reported as a duplicate of the other line.
TEST_F(ImporterTest, DashRincianKodeOnTheSamePeriodIsRefusedToo) {
  auto imported = Import(
      absl::StrCat(kAnggaranHeader, "3604,2024,CQ,Pemilu,6709,,Fasilitasi,TAHUNAN,1.000.000,\n",
                   "3604,2024,CQ,Pemilu,6709,-,Fasilitasi,TAHUNAN,2.000.000,\n"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:3: column rincian_kode: expected a code without '/' and not \"-\" "
            "(leave the cell empty for none), got \"-\"");
}

// `n` budget lines of satker 3604, one TAHUNAN row each with pagu and realisasi: two records
// per row. `last` replaces the last row when given.
std::string ManyLines(int n, const std::string& last = "") {
  std::string file(kAnggaranHeader);
  for (int i = 0; i < n; ++i) {
    if (i == n - 1 && !last.empty()) {
      absl::StrAppend(&file, last, "\n");
      break;
    }
    absl::StrAppend(&file, "3604,2024,CQ,Pemilu,", 100000 + i, ",,Kegiatan,TAHUNAN,", 1000 + i, ",",
                    i, "\n");
  }
  return file;
}

// 20000 rows (about 1.3 MB, over the parser's 1 MiB run) yield 40000 records: ten of the
// commit's 4096-change batches. They are committed as one import, and counted exactly.
TEST_F(ImporterTest, AFileManyTimesTheRunAndBatchBoundImportsWhole) {
  const std::string file = ManyLines(20000);
  ASSERT_GT(file.size(), size_t{1} << 20);
  auto imported = Import(file);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->created(), 40000u);
  EXPECT_EQ(imported->rows(), 20000u);
  EXPECT_EQ(replica_->changes_held(), 40000u);
  EXPECT_EQ(replica_->accounted(replica_->replica_id()), 40000u);
  auto last = replica_->NewReadView()->Get("3604/2024/belanja/119999/-/TAHUNAN");
  ASSERT_TRUE(last.ok() && last->has_value());

  auto again = Import(file);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created(), 0u);
  EXPECT_EQ(again->unchanged(), 40000u);
  EXPECT_EQ(replica_->changes_held(), 40000u);

  auto one_changed = Import(ManyLines(20000, "3604,2024,CQ,Pemilu,119999,,Kegiatan,TAHUNAN,1,2"));
  ASSERT_TRUE(one_changed.ok()) << one_changed.status();
  EXPECT_EQ(one_changed->changed(), 2u);
  EXPECT_EQ(one_changed->unchanged(), 39998u);
  EXPECT_EQ(replica_->changes_held(), 40002u);
}

// A bad last row, after runs were staged: nothing visible, no seq, no change-log entry, no
// feed entry; the next write gets seq 1.
TEST_F(ImporterTest, ALargeFileWhoseLastRowIsBadChangesNothing) {
  auto imported = Import(ManyLines(20000, "3604,2024,CQ,Pemilu,1,,Kegiatan,TAHUNAN,dua juta,"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:20001: column pagu: expected an amount like 1.000.000, got \"dua juta\"");
  EXPECT_EQ(replica_->changes_held(), 0u);
  EXPECT_EQ(replica_->accounted(replica_->replica_id()), 0u);
  EXPECT_EQ(replica_->feed_head(), 0u);
  auto first = replica_->NewReadView()->Get("3604/2024/pagu/100000/-");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
  auto ok = Import(ManyLines(1));
  ASSERT_TRUE(ok.ok()) << ok.status();
  auto change = replica_->GetChange(replica_->replica_id(), 1);
  ASSERT_TRUE(change.ok() && change->has_value());
}

// Duplicates are found across runs (in the staging, not in memory).
TEST_F(ImporterTest, ADuplicateInALaterRunIsFound) {
  auto imported = Import(ManyLines(20000, "3604,2024,CQ,Pemilu,100001,,Kegiatan,TAHUNAN,1001,1"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:20001: column periode: duplicate: TAHUNAN of kegiatan 100001 "
            "(satker 3604, 2024) is already on line 3");
  EXPECT_EQ(replica_->changes_held(), 0u);
}

// A cell no record can hold names file, line and column (it named only the key).
TEST_F(ImporterTest, AnOversizedCellNamesFileLineAndColumn) {
  auto imported = Import(
      absl::StrCat(kAnggaranHeader, "3604,2024,CQ,Pemilu,6709,,Fasilitasi,B01,1.000.000,10\n",
                   "3604,2024,CQ,Pemilu,6710,,", std::string(1100000, 'x'), ",B01,1.000.000,10\n"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:3: column kegiatan: the cell holds 1100000 bytes, more than a record "
            "may hold (1048576 bytes); shorten it");
  EXPECT_EQ(replica_->changes_held(), 0u);
}

}  // namespace
}  // namespace kinerja::daemon
