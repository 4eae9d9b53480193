#include "client/output/text_table.h"

#include <sstream>

#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

TEST(TextTableTest, AlignsColumnsAndRightAlignsWhereAsked) {
  TextTable table({TextColumn{"kegiatan_kode"}, TextColumn{"pagu", Align::kRight}});
  table.AddRow({"6709", "10.000"});
  table.AddRow({"6372", "14.832.658.000"});
  std::ostringstream out;
  table.WriteAligned(out);
  EXPECT_EQ(out.str(),
            "KEGIATAN_KODE            PAGU\n"
            "6709                   10.000\n"
            "6372           14.832.658.000\n");
}

TEST(TextTableTest, TrailingBlanksAreTrimmedAndHeaderIsOptional) {
  TextTable table({TextColumn{"name"}, TextColumn{"value"}});
  table.AddRow({"node", "3604"});
  table.AddRow({"version vector", ""});
  std::ostringstream out;
  table.WriteAligned(out, /*with_header=*/false);
  EXPECT_EQ(out.str(),
            "node            3604\n"
            "version vector\n");
}

TEST(TextTableTest, WidthCountsCharactersNotBytes) {
  TextTable table({TextColumn{"a"}, TextColumn{"b"}});
  table.AddRow({"Rp…", "x"});
  table.AddRow({"abc", "y"});
  std::ostringstream out;
  table.WriteAligned(out, false);
  EXPECT_EQ(out.str(), "Rp…  x\nabc  y\n");
}

TEST(TextTableTest, LongCellsAreCutInAlignedOutputOnly) {
  TextTable table({TextColumn{"teks", Align::kLeft, 10}});
  table.AddRow({"Penyusunan Laporan Kinerja"});
  table.AddRow({"line one\nline two"});
  std::ostringstream aligned;
  table.WriteAligned(aligned);
  EXPECT_EQ(aligned.str(), "TEKS\nPenyusuna…\nline one …\n");
  std::ostringstream csv;
  table.WriteCsv(csv);
  EXPECT_EQ(csv.str(), "teks\nPenyusunan Laporan Kinerja\n\"line one\nline two\"\n");
}

TEST(TextTableTest, CsvHasHeaderAndQuotedFields) {
  TextTable table({TextColumn{"kegiatan"}, TextColumn{"pagu"}});
  table.AddRow({"Perencanaan Program dan Anggaran, serta Penyusunan", "10000"});
  table.AddRow({"Sosialisasi \"Pemilu Damai\"", "0"});
  std::ostringstream out;
  table.WriteCsv(out);
  EXPECT_EQ(out.str(),
            "kegiatan,pagu\n"
            "\"Perencanaan Program dan Anggaran, serta Penyusunan\",10000\n"
            "\"Sosialisasi \"\"Pemilu Damai\"\"\",0\n");
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvField(" padded "), "\" padded \"");
  EXPECT_EQ(CsvField("semi;colon"), "semi;colon");
}

TEST(TruncateTest, KeepsWholeCharacters) {
  EXPECT_EQ(Truncate("abcdef", 0), "abcdef");
  EXPECT_EQ(Truncate("abcdef", 6), "abcdef");
  EXPECT_EQ(Truncate("abcdef", 4), "abc…");
  EXPECT_EQ(Truncate("ééééé", 3), "éé…");
  EXPECT_EQ(DisplayWidth("é…"), 2u);
}

}  // namespace
}  // namespace kinerja::client
