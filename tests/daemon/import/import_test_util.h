// Helpers shared by the import tests: parse a file expecting success or an error.
#ifndef KINERJA_TESTS_DAEMON_IMPORT_IMPORT_TEST_UTIL_H_
#define KINERJA_TESTS_DAEMON_IMPORT_IMPORT_TEST_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "daemon/import/import_rows.h"
#include "gtest/gtest.h"

namespace kinerja::import {

// Parses `content` as file "<kind>.csv"; a failure of the test if it is refused.
inline ImportFile ParseOk(ImportKind kind, absl::string_view content) {
  absl::StatusOr<ImportFile> file =
      ParseImport(kind, absl::StrCat(ImportKindName(kind), ".csv"), content);
  EXPECT_TRUE(file.ok()) << file.status();
  return file.ok() ? *std::move(file) : ImportFile{};
}

// The INVALID_ARGUMENT message for `content` as file "<kind>.csv"; a failure of the test if
// it is accepted.
inline std::string ErrorOf(ImportKind kind, absl::string_view content) {
  absl::StatusOr<ImportFile> file =
      ParseImport(kind, absl::StrCat(ImportKindName(kind), ".csv"), content);
  EXPECT_FALSE(file.ok()) << "accepted:\n" << content;
  if (file.ok()) return "";
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(file.status().message());
}

}  // namespace kinerja::import

#endif  // KINERJA_TESTS_DAEMON_IMPORT_IMPORT_TEST_UTIL_H_
