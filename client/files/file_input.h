// Reading the files named on kinerjactl's command line (import CSVs, merged records).
#ifndef KINERJA_CLIENT_FILES_FILE_INPUT_H_
#define KINERJA_CLIENT_FILES_FILE_INPUT_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"

namespace kinerja::client {

// The whole content of the file at `path`. NOT_FOUND, PERMISSION_DENIED or
// FAILED_PRECONDITION (a directory, a read error) with one line such as
// "cannot read anggaran.csv: No such file or directory".
[[nodiscard]] absl::StatusOr<std::string> ReadFileContent(const std::string& path);

// A file read from disk a piece at a time (an import file may be larger than memory).
class FileReader {
 public:
  // Opens `path`; errors as ReadFileContent's.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<FileReader>> Open(const std::string& path);
  ~FileReader();

  // Replaces `*piece` with the next at most `max_bytes` bytes; false at the end of the file.
  // FAILED_PRECONDITION "cannot read <path>: ..." on a read error.
  [[nodiscard]] absl::StatusOr<bool> Read(size_t max_bytes, std::string* piece);
  // The file's size when opened (0 if unknown), and how much has been read.
  uint64_t size() const { return size_; }
  uint64_t read() const { return read_; }

 private:
  FileReader(std::string path, FILE* file, uint64_t size)
      : path_(std::move(path)), file_(file), size_(size) {}
  const std::string path_;
  FILE* const file_;
  const uint64_t size_;
  uint64_t read_ = 0;
};

// The last component of `path`: "/tmp/x/anggaran.csv" -> "anggaran.csv".
std::string BaseName(const std::string& path);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_FILES_FILE_INPUT_H_
