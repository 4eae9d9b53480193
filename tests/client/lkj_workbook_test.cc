#include "common/report/lkj_workbook.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/query_samples.h"

namespace kinerja::client {
namespace {

using report::LkjWorkbook;

using ::kinerja::testing::TangerangLkj;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(LkjWorkbookTest, IsAZipWithTwoSheets) {
  const absl::StatusOr<std::string> xlsx = LkjWorkbook(TangerangLkj());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_THAT(*xlsx, StartsWith(std::string("PK\x03\x04", 4)));
  // Member names are stored uncompressed in the archive.
  EXPECT_THAT(*xlsx, HasSubstr("xl/worksheets/sheet1.xml"));
  EXPECT_THAT(*xlsx, HasSubstr("xl/worksheets/sheet2.xml"));
  EXPECT_THAT(*xlsx, Not(HasSubstr("xl/worksheets/sheet3.xml")));
}

TEST(LkjWorkbookTest, AnEmptyReportStillMakesAWorkbook) {
  v1::LkjResponse empty;
  empty.set_satker("3604");
  const absl::StatusOr<std::string> xlsx = LkjWorkbook(empty);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_THAT(*xlsx, StartsWith("PK"));
}

TEST(LkjWorkbookTest, TextLongerThanExcelAllowsIsAnError) {
  v1::LkjResponse r = TangerangLkj();
  r.mutable_indikator(0)->set_indikator(std::string(40000, 'x'));
  const absl::StatusOr<std::string> xlsx = LkjWorkbook(r);
  EXPECT_EQ(xlsx.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(xlsx.status().message()), StartsWith("cannot build the workbook: "));
}

}  // namespace
}  // namespace kinerja::client
