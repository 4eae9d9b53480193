// Reading the files named on kinerjactl's command line (import CSVs, merged records).
#ifndef KINERJA_CLIENT_FILES_FILE_INPUT_H_
#define KINERJA_CLIENT_FILES_FILE_INPUT_H_

#include <string>

#include "absl/status/statusor.h"

namespace kinerja::client {

// The whole content of the file at `path`. NOT_FOUND, PERMISSION_DENIED or
// FAILED_PRECONDITION (a directory, a read error) with one line such as
// "cannot read anggaran.csv: No such file or directory".
absl::StatusOr<std::string> ReadFileContent(const std::string& path);

// The last component of `path`: "/tmp/x/anggaran.csv" -> "anggaran.csv".
std::string BaseName(const std::string& path);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_FILES_FILE_INPUT_H_
