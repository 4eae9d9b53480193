// ImportCsv (daemon/node/importer.cc) over a real replica: what a file changes, what the summary
// says, and that a refused file changes nothing.
#include "daemon/node/importer.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/authz/registry.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

constexpr absl::string_view kAnggaranHeader =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

v1::Satker Satker(const std::string& kode, v1::Tingkat tingkat, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_nama(absl::StrCat("KPU ", kode));
  s.set_tingkat(tingkat);
  s.set_induk(induk);
  return s;
}

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
  auto imported = Import(absl::StrCat(kAnggaranHeader,
                                      "3604,2024,CQ,Pemilu,6709,,Fasilitasi,TAHUNAN,1.000.000,\n",
                                      "3604,2024,CQ,Pemilu,6709,-,Fasilitasi,TAHUNAN,2.000.000,\n"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(),
            "anggaran.csv:3: column rincian_kode: expected a code without '/' and not \"-\" "
            "(leave the cell empty for none), got \"-\"");
}

}  // namespace
}  // namespace kinerja::daemon
