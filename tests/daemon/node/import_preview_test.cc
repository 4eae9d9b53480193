// The preview of an import (ImportFile::dry_run, kinerjactl import --dry-run): parsed and
// checked as an import, every error collected with line, column and field, the counts those
// of the import that follows, and nothing written.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/registry.h"
#include "daemon/codec/import_parser.h"
#include "daemon/node/importer.h"
#include "gtest/gtest.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

// pagu is the 9th column.
constexpr absl::string_view kAnggaranHeader =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

std::string Row(int kegiatan, const std::string& pagu, const std::string& realisasi) {
  return absl::StrCat("3604,2024,CQ,Pemilu,", kegiatan, ",,Kegiatan,TAHUNAN,", pagu, ",",
                      realisasi, "\n");
}

class ImportPreviewTest : public ::testing::Test {
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
                                     Satker("3603", v1::TINGKAT_KABKOTA, "36"),
                                     Satker("3604", v1::TINGKAT_KABKOTA, "36")});
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::make_unique<Registry>(*std::move(registry));
  }

  absl::StatusOr<v1::ImportResponse> Import(std::string content, bool dry_run) {
    v1::ImportRequest request;
    request.set_file_kind(v1::FILE_KIND_ANGGARAN);
    request.set_file_name("anggaran.csv");
    request.set_content(std::move(content));
    request.set_author("test");
    request.set_dry_run(dry_run);
    return ImportCsv(replica_.get(), *registry_, "3604", request);
  }

  std::string Digest() { return *replica_->Digest(); }

  testing::TempDir dir_;
  std::unique_ptr<storage::Replica> replica_;
  std::unique_ptr<Registry> registry_;
};

// A bad money cell on line 4 (and another bad cell further on): the preview lists both with
// line, column and field, and the replica is as it was; the import of the same file is refused
// naming line 4 and saves nothing.
TEST_F(ImportPreviewTest, ABadMoneyCellAtLine4IsReportedWithItsColumnAndNothingIsWritten) {
  ASSERT_TRUE(Import(absl::StrCat(kAnggaranHeader, Row(1, "1.000", "")), false).ok());
  const std::string before = Digest();
  const uint64_t held = replica_->changes_held();
  const std::string file = absl::StrCat(kAnggaranHeader, Row(1, "2.000", "10"),
                                        Row(2, "3.000", ""), Row(3, "dua juta", ""),
                                        Row(4, "4.000", ""), Row(5, "5.000", "x"));
  auto preview = Import(file, true);
  ASSERT_TRUE(preview.ok()) << preview.status();
  ASSERT_TRUE(preview->has_preview());
  const v1::ImportPreview& p = preview->preview();
  ASSERT_EQ(p.errors_total(), 2u);
  ASSERT_EQ(p.errors_size(), 2);
  EXPECT_EQ(p.errors(0).line(), 4u);
  EXPECT_EQ(p.errors(0).column(), 9u);
  EXPECT_EQ(p.errors(0).field(), "pagu");
  EXPECT_EQ(p.errors(0).message(),
            "anggaran.csv:4: column pagu: expected an amount like 1.000.000, got \"dua juta\"");
  EXPECT_EQ(p.errors(1).line(), 6u);
  EXPECT_EQ(p.errors(1).column(), 10u);
  EXPECT_EQ(p.errors(1).field(), "realisasi");
  EXPECT_EQ(preview->rows(), 5u);
  EXPECT_EQ(Digest(), before);
  EXPECT_EQ(replica_->changes_held(), held);

  auto imported = Import(file, false);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().message(), p.errors(0).message());
  EXPECT_EQ(Digest(), before);
}

// A clean file: the preview's counts are those the import then reports; a changed record
// comes with its old and new value and the differing field.
TEST_F(ImportPreviewTest, ACleanPreviewCountsWhatTheImportThenDoes) {
  ASSERT_TRUE(
      Import(absl::StrCat(kAnggaranHeader, Row(1, "1.000", "10"), Row(2, "2.000", "")), false)
          .ok());
  const std::string before = Digest();
  // Line 2: pagu changed, realisasi the same; line 3: unchanged; line 4: new, two records.
  const std::string file = absl::StrCat(kAnggaranHeader, Row(1, "1.500", "10"),
                                        Row(2, "2.000", ""), Row(3, "3.000", "30"));
  auto preview = Import(file, true);
  ASSERT_TRUE(preview.ok()) << preview.status();
  const v1::ImportPreview& p = preview->preview();
  EXPECT_EQ(p.errors_total(), 0u);
  EXPECT_EQ(preview->created(), 2u);
  EXPECT_EQ(preview->changed(), 1u);
  EXPECT_EQ(preview->unchanged(), 2u);
  EXPECT_EQ(p.records_total(), 5u);
  ASSERT_EQ(p.records_size(), 5);
  EXPECT_EQ(Digest(), before);
  int changed = 0;
  for (const v1::ImportRecordOutcome& o : p.records()) {
    if (o.outcome() != v1::IMPORT_OUTCOME_CHANGED) continue;
    ++changed;
    EXPECT_EQ(o.line(), 2u);
    EXPECT_EQ(o.key(), "3604/2024/pagu/1/-");
    EXPECT_EQ(o.old_record().anggaran_pagu().pagu_rupiah(), 1000);
    EXPECT_EQ(o.new_record().anggaran_pagu().pagu_rupiah(), 1500);
    ASSERT_EQ(o.changed_fields_size(), 1);
    EXPECT_EQ(o.changed_fields(0), "pagu_rupiah");
  }
  EXPECT_EQ(changed, 1);

  auto imported = Import(file, false);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_FALSE(imported->has_preview());
  EXPECT_EQ(imported->created(), preview->created());
  EXPECT_EQ(imported->changed(), preview->changed());
  EXPECT_EQ(imported->unchanged(), preview->unchanged());
  EXPECT_EQ(imported->rows(), preview->rows());
  EXPECT_NE(Digest(), before);
}

// What a node may not write and duplicates are errors of the preview too, and the list is
// bounded while the count is not; a bad header is the one error of its file.
TEST_F(ImportPreviewTest, CollectsAuthorisationAndDuplicateErrorsBoundedAndCounted) {
  std::string file(kAnggaranHeader);
  absl::StrAppend(&file, "3603,2024,CQ,Pemilu,1,,Kegiatan,TAHUNAN,1.000,\n");  // Line 2.
  absl::StrAppend(&file, Row(7, "1.000", ""), Row(7, "1.000", ""));             // Lines 3, 4.
  for (int i = 0; i < 300; ++i) absl::StrAppend(&file, Row(100 + i, "?", ""));
  auto preview = Import(file, true);
  ASSERT_TRUE(preview.ok()) << preview.status();
  const v1::ImportPreview& p = preview->preview();
  EXPECT_EQ(p.errors_total(), 302u);
  ASSERT_EQ(p.errors_size(), v1::IMPORT_LIMIT_ERRORS);
  EXPECT_EQ(p.errors(0).line(), 2u);
  EXPECT_NE(p.errors(0).message().find("may not import it"), std::string::npos)
      << p.errors(0).message();
  EXPECT_EQ(p.errors(1).line(), 4u);
  EXPECT_EQ(p.errors(1).field(), "periode");
  EXPECT_EQ(p.errors(2).line(), 5u);
  EXPECT_EQ(replica_->changes_held(), 0u);

  auto header = Import("satker,tahun,bogus\n3604,2024,1\n", true);
  ASSERT_TRUE(header.ok()) << header.status();
  ASSERT_EQ(header->preview().errors_size(), 1);
  EXPECT_EQ(header->preview().errors(0).line(), 1u);
}

// Collecting, the errors' lines do not depend on where the file's pieces or runs were cut.
TEST(ImportParserCollectingTest, ErrorLinesDoNotDependOnPiecesOrRuns) {
  std::string file(kAnggaranHeader);
  for (int i = 0; i < 40; ++i) {
    absl::StrAppend(&file, Row(i, i % 7 == 3 ? "x" : "1.000", ""));
    if (i % 5 == 0) absl::StrAppend(&file, "\n");                                   // Blank.
    if (i % 9 == 0) {  // A row on two lines.
      absl::StrAppend(&file, "3604,2024,CQ,Pemilu,", 500 + i, ",,\"Ke\ngiatan\",TAHUNAN,1,\n");
    }
  }
  auto errors_of = [&](size_t run_bytes, size_t piece) {
    codec::ImportParserOptions options;
    options.run_bytes = run_bytes;
    options.max_errors = 100;
    auto parser = codec::ImportParser::Create(v1::FILE_KIND_ANGGARAN, "a.csv",
                                              codec::CodecTable::BuiltIn(), options);
    EXPECT_TRUE(parser.ok());
    std::vector<codec::LocatedRecord> out;
    for (size_t at = 0; at < file.size(); at += piece) {
      EXPECT_TRUE((*parser)->Feed(absl::string_view(file).substr(at, piece), &out).ok());
    }
    EXPECT_TRUE((*parser)->Finish(&out).ok());
    std::vector<uint32_t> lines;
    for (const v1::ImportError& e : (*parser)->errors()) lines.push_back(e.line());
    return lines;
  };
  const std::vector<uint32_t> whole = errors_of(size_t{1} << 20, file.size());
  ASSERT_EQ(whole.size(), 6u);
  // The first bad row, i = 3: header line 1, rows of i = 0..2 on lines 2..4 plus a blank line
  // after i = 0 and a two-line row after it: line 8.
  EXPECT_EQ(whole[0], 8u);
  EXPECT_EQ(errors_of(64, 7), whole);
  EXPECT_EQ(errors_of(200, 33), whole);
}

}  // namespace
}  // namespace kinerja::daemon
