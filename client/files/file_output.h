// Writing the files named on kinerjactl's command line (exports, workbooks).
#ifndef KINERJA_CLIENT_FILES_FILE_OUTPUT_H_
#define KINERJA_CLIENT_FILES_FILE_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace kinerja::client {

// Writes `content` to the file at `path`, creating it or replacing what it held. On failure
// NOT_FOUND (no such directory), PERMISSION_DENIED or FAILED_PRECONDITION (a directory, a
// full disk, ...) with one line such as "cannot write /x/lkj.xlsx: No such file or
// directory"; a file that could not be written whole is removed.
[[nodiscard]] absl::Status WriteFileContent(const std::string& path, absl::string_view content);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_FILES_FILE_OUTPUT_H_
