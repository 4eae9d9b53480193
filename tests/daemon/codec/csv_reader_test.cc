#include "daemon/codec/csv_reader.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kinerja::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CsvTable ReadOk(absl::string_view content) {
  absl::StatusOr<CsvTable> table = ReadCsv("t.csv", content);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *table : CsvTable{};
}

std::string ErrorOf(absl::string_view content) {
  absl::StatusOr<CsvTable> table = ReadCsv("t.csv", content);
  EXPECT_FALSE(table.ok());
  if (table.ok()) return "";
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(table.status().message());
}

TEST(CsvReaderTest, CommaSeparatedWithLf) {
  const CsvTable table = ReadOk("a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_EQ(table.separator, ',');
  EXPECT_EQ(table.header.line, 1);
  EXPECT_THAT(table.header.fields, ElementsAre("a", "b", "c"));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", "2", "3"));
  EXPECT_EQ(table.rows[0].line, 2);
  EXPECT_THAT(table.rows[1].fields, ElementsAre("4", "5", "6"));
  EXPECT_EQ(table.rows[1].line, 3);
}

TEST(CsvReaderTest, BomAndSemicolonsAsExcelInIndonesianLocaleWrites) {
  const CsvTable table = ReadOk("\xEF\xBB\xBFsatker;pagu;persen\r\n3604;2.357.012.000;97,20\r\n");
  EXPECT_EQ(table.separator, ';');
  EXPECT_THAT(table.header.fields, ElementsAre("satker", "pagu", "persen"));
  ASSERT_EQ(table.rows.size(), 1u);
  // The comma is not the separator here, so "97,20" stays one field.
  EXPECT_THAT(table.rows[0].fields, ElementsAre("3604", "2.357.012.000", "97,20"));
}

TEST(CsvReaderTest, SemicolonInsideQuotedHeaderDoesNotDecideTheSeparator) {
  const CsvTable table = ReadOk("\"a;x\",b\n1,2\n");
  EXPECT_EQ(table.separator, ',');
  EXPECT_THAT(table.header.fields, ElementsAre("a;x", "b"));
}

TEST(CsvReaderTest, HeaderWithBothSeparatorsIsRefused) {
  EXPECT_THAT(ErrorOf("a;b,c\n1;2;3\n"), HasSubstr("t.csv:1: the header holds both"));
}

TEST(CsvReaderTest, QuotedFieldsHoldSeparatorsQuotesAndNewlines) {
  const CsvTable table = ReadOk(
      "kode;aksi;biaya\r\n"
      "A1;\"Sosialisasi; tahap \"\"satu\"\"\r\nlanjutan\";1.000\r\n"
      "A2;Rapat;2.000\r\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0].fields,
              ElementsAre("A1", "Sosialisasi; tahap \"satu\"\nlanjutan", "1.000"));
  EXPECT_EQ(table.rows[0].line, 2);
  // The embedded line break moves the next record one physical line further.
  EXPECT_EQ(table.rows[1].line, 4);
  EXPECT_THAT(table.rows[1].fields, ElementsAre("A2", "Rapat", "2.000"));
}

TEST(CsvReaderTest, EmptyFieldsAndEmptyQuotedFields) {
  const CsvTable table = ReadOk("a,b,c\n,\"\",\n");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("", "", ""));
}

TEST(CsvReaderTest, TrailingAndInnerEmptyLinesAreSkippedButCounted) {
  const CsvTable table = ReadOk("a,b\n1,2\n\n3,4\r\n\r\n\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].line, 2);
  EXPECT_EQ(table.rows[1].line, 4);
}

TEST(CsvReaderTest, LastRecordWithoutLineBreak) {
  const CsvTable table = ReadOk("a,b\n1,\"x\"");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", "x"));
}

TEST(CsvReaderTest, LoneCarriageReturnEndsARecord) {
  const CsvTable table = ReadOk("a,b\r1,2\r3,4");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1].line, 3);
  EXPECT_THAT(table.rows[1].fields, ElementsAre("3", "4"));
}

TEST(CsvReaderTest, BlanksBeforeAnOpeningQuoteAreDropped) {
  const CsvTable table = ReadOk("a,b\n1, \"x,y\" \n");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", "x,y"));
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedFieldIsLiteral) {
  const CsvTable table = ReadOk("a,b\nPemilu \"Serentak\",2\n");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("Pemilu \"Serentak\"", "2"));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineItOpensOn) {
  EXPECT_EQ(ErrorOf("a;b\n1;2\n3;\"open\n\nstill open\n"),
            "t.csv:3: quoted field opened on this line is never closed");
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsRefused) {
  EXPECT_THAT(ErrorOf("a,b\n1,2\n\"x\"y,2\n"),
              HasSubstr("t.csv:3: unexpected 'y' after the closing quote"));
}

TEST(CsvReaderTest, EmptyFileIsRefused) {
  EXPECT_EQ(ErrorOf(""), "t.csv:1: the file is empty; expected a header row");
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF\r\n\n"), "t.csv:1: the file is empty; expected a header row");
}

TEST(CsvReaderTest, HeaderOnlyGivesNoRows) {
  const CsvTable table = ReadOk("a;b\n");
  EXPECT_THAT(table.rows, IsEmpty());
}

TEST(CsvReaderTest, InvalidUtf8NamesItsLine) {
  // 0x92 is cp1252's right single quote, as Excel's plain "CSV" writes it.
  EXPECT_THAT(ErrorOf("a,b\r\n1,2\r\nJum\x92"
                      "at,3\r\n"),
              HasSubstr("t.csv:3: not valid UTF-8"));
  // Overlong encodings and surrogates are not valid UTF-8 either.
  EXPECT_THAT(ErrorOf("a\n\xC0\xAF\n"), HasSubstr("t.csv:2:"));
  EXPECT_THAT(ErrorOf("a\n\xED\xA0\x80\n"), HasSubstr("t.csv:2:"));
}

TEST(CsvReaderTest, MultibyteUtf8IsKept) {
  const CsvTable table = ReadOk("nama\nKabupaten Serang \xE2\x80\x93 Banten\n");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].fields[0], "Kabupaten Serang \xE2\x80\x93 Banten");
}

TEST(CsvReaderTest, RecordsMayHaveDifferentFieldCounts) {
  const CsvTable table = ReadOk("a,b,c\n1\n1,2,3,4\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1"));
  EXPECT_EQ(table.rows[1].fields.size(), 4u);
}

}  // namespace
}  // namespace kinerja::codec
