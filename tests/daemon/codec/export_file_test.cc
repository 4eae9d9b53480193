#include "daemon/codec/export_file.h"

#include <memory>
#include <string>
#include <vector>

#include "daemon/codec/parse_import.h"
#include "daemon/codec/record_key.h"
#include "gtest/gtest.h"
#include "storage/replica.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::codec {
namespace {

class ExportFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::ReplicaOptions options;
    options.satker = "3604";
    options.sync = false;
    auto opened = storage::Replica::Open(dir_.Sub("3604"), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    replica_ = *std::move(opened);
  }

  // Imports `content` as a file of `kind` straight into the replica.
  void Import(v1::FileKind kind, const std::string& content) {
    absl::StatusOr<std::vector<LocatedRecord>> records = ParseImport(kind, "in.csv", content);
    ASSERT_TRUE(records.ok()) << records.status();
    std::vector<storage::Mutation> mutations;
    for (const LocatedRecord& r : *records) {
      mutations.push_back({*KeyForRecord(r.record), r.record.SerializeAsString()});
    }
    ASSERT_TRUE(replica_->Write(mutations, "test").ok());
  }

  absl::StatusOr<v1::ExportResponse> Export(v1::FileKind kind) {
    v1::ExportRequest request;
    request.set_file_kind(kind);
    return ExportFile(*replica_->NewReadView(), request);
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Replica> replica_;
};

constexpr char kIndikatorHeader[] =
    "satker,tahun,dokumen,sasaran_kode,sasaran,indikator_kode,indikator,target,satuan,"
    "polaritas,cara_penghitungan,sumber_data\n";

TEST_F(ExportFileTest, SatuanSurvivesAnIndikatorWithoutTarget) {
  // An IKU definition states the unit but no target.
  Import(v1::FILE_KIND_INDIKATOR,
         std::string(kIndikatorHeader) +
             "3604,2024,IKU,SS1,Sasaran,IKU1,Jumlah laporan,,Laporan,positif,Dihitung,Subbag\n"
             "3604,2024,PK,SS1,Sasaran,PK1,Persentase,95%,,positif,,\n");
  absl::StatusOr<v1::ExportResponse> exported = Export(v1::FILE_KIND_INDIKATOR);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->csv(),
            std::string(kIndikatorHeader) +
                "3604,2024,IKU,SS1,Sasaran,IKU1,Jumlah laporan,,Laporan,positif,Dihitung,Subbag\n"
                "3604,2024,PK,SS1,Sasaran,PK1,Persentase,95%,,positif,,\n");
}

TEST_F(ExportFileTest, AnIndikatorStoredBeforeItKeptItsSatuanExportsTheTargetsUnit) {
  v1::Record record;
  v1::Indikator& indikator = *record.mutable_indikator();
  indikator.set_satker("3604");
  indikator.set_tahun(2024);
  indikator.set_dokumen(v1::DOKUMEN_PK);
  indikator.set_sasaran_kode("SS1");
  indikator.set_sasaran("S");
  indikator.set_indikator_kode("PK2");
  indikator.set_indikator("I");
  indikator.set_polaritas(v1::POLARITAS_POSITIF);
  indikator.mutable_target()->set_teks("12");
  indikator.mutable_target()->set_angka_e4(120000);
  indikator.mutable_target()->set_satuan("Laporan");
  std::vector<storage::Mutation> mutations = {{*KeyForRecord(record), record.SerializeAsString()}};
  ASSERT_TRUE(replica_->Write(mutations, "test").ok());
  absl::StatusOr<v1::ExportResponse> exported = Export(v1::FILE_KIND_INDIKATOR);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->csv(),
            std::string(kIndikatorHeader) + "3604,2024,PK,SS1,S,PK2,I,12,Laporan,positif,,\n");
}

TEST_F(ExportFileTest, SatuanIsKeptOnTheIndikator) {
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(v1::FILE_KIND_INDIKATOR, "in.csv",
                  std::string(kIndikatorHeader) + "3604,2024,IKU,SS1,S,IKU1,I,,Dokumen,,,\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_FALSE((*records)[0].record.indikator().has_target());
  EXPECT_EQ((*records)[0].record.indikator().satuan(), "Dokumen");
}

TEST_F(ExportFileTest, UnspecifiedOrUnknownKindIsInvalidArgument) {
  for (const v1::FileKind kind : {v1::FILE_KIND_UNSPECIFIED, static_cast<v1::FileKind>(77)}) {
    absl::StatusOr<v1::ExportResponse> exported = Export(kind);
    ASSERT_FALSE(exported.ok());
    EXPECT_EQ(exported.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(exported.status().message().find("the kinds are: satker, indikator"),
              absl::string_view::npos)
        << exported.status();
  }
}

TEST_F(ExportFileTest, AnggaranLinesWithAndWithoutSpending) {
  const std::string header =
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n";
  const std::string rows =
      "3604,2024,WA,Dukungan,3355,,Layanan,B02,\"1.000\",200\n"
      "3604,2024,WA,Dukungan,3355,,Layanan,B01,,100\n"
      "3604,2024,CQ,Pemilu,6709,QDB,Fasilitasi,TAHUNAN,\"2.500\",\n";
  Import(v1::FILE_KIND_ANGGARAN, header + rows);
  absl::StatusOr<v1::ExportResponse> exported = Export(v1::FILE_KIND_ANGGARAN);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->rows(), 3u);
  EXPECT_EQ(exported->csv(), header +
                                 "3604,2024,WA,Dukungan,3355,,Layanan,B01,1.000,100\n"
                                 "3604,2024,WA,Dukungan,3355,,Layanan,B02,,200\n"
                                 "3604,2024,CQ,Pemilu,6709,QDB,Fasilitasi,TAHUNAN,2.500,\n");
}

}  // namespace
}  // namespace kinerja::codec
