// End-to-end: kinerjactl import streams a file of any size to a real kinerjad. A file larger
// than the admin listener's 64 MiB message limit used to fail with gRPC's raw "Received message
// larger than max"; it now travels in 1 MiB pieces.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/cluster.h"

namespace kinerja::e2e {
namespace {

constexpr char kRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n";

TEST(ImportE2eTest, AFileLargerThanAnyMessageImports) {
  Cluster cluster(kRegistry);
  cluster.Add("RI", "RI", "national", "");
  cluster.Start("RI");
  // 70 MiB, almost all of it blank lines (which the import skips), so the test stays cheap.
  std::string content =
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n"
      "RI,2024,CQ,Pemilu,6709,,Fasilitasi,TAHUNAN,1.000.000,\n";
  content.append(size_t{70} << 20, '\n');
  content.append("RI,2024,CQ,Pemilu,6710,,Lain,TAHUNAN,2.000.000,\n");
  const std::string file = cluster.WriteFile("anggaran.csv", content);
  content.clear();
  CtlResult imported = cluster.Ctl("RI", {"import", "anggaran", file});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out, "created 2, changed 0, unchanged 0 (2 rows)\n");
  EXPECT_EQ(imported.err, "");  // Not a terminal, no --progress: no progress lines.
  cluster.Stop("RI");
}

}  // namespace
}  // namespace kinerja::e2e
