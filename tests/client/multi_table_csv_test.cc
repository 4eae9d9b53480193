#include "client/output/multi_table_csv.h"

#include <sstream>

#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

TEST(MultiTableCsvTest, EachLineFillsOnlyItsColumns) {
  MultiTableCsv csv({"satker", "pagu", "bulan"});
  csv.Line("total").Set("satker", "3603").Set("pagu", "238339761000");
  csv.Line("bulan").Set("bulan", "1");
  std::ostringstream out;
  csv.Write(out);
  EXPECT_EQ(out.str(),
            "tabel,satker,pagu,bulan\n"
            "total,3603,238339761000,\n"
            "bulan,,,1\n");
}

TEST(MultiTableCsvTest, QuotesCellsAsRfc4180) {
  MultiTableCsv csv({"nama"});
  csv.Line("satker").Set("nama", "KPU \"Kab.\" Tangerang, Banten");
  std::ostringstream out;
  csv.Write(out);
  EXPECT_EQ(out.str(), "tabel,nama\nsatker,\"KPU \"\"Kab.\"\" Tangerang, Banten\"\n");
}

TEST(MultiTableCsvTest, NoLinesIsTheHeaderAlone) {
  std::ostringstream out;
  MultiTableCsv({"a"}).Write(out);
  EXPECT_EQ(out.str(), "tabel,a\n");
}

}  // namespace
}  // namespace kinerja::client
