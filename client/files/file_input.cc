#include "client/files/file_input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"

namespace kinerja::client {
namespace {

absl::Status CannotRead(const std::string& path, int error) {
  const std::string message = absl::StrCat("cannot read ", path, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
      return absl::PermissionDeniedError(message);
    default:
      return absl::FailedPreconditionError(message);
  }
}

}  // namespace

absl::StatusOr<std::string> ReadFileContent(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return CannotRead(path, EISDIR);
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) return CannotRead(path, errno);
  std::string content;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) content.append(buffer, n);
  if (std::ferror(file.get())) return CannotRead(path, errno != 0 ? errno : EIO);
  return content;
}

absl::StatusOr<std::unique_ptr<FileReader>> FileReader::Open(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return CannotRead(path, EISDIR);
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return CannotRead(path, errno);
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  return std::unique_ptr<FileReader>(new FileReader(path, file, ec ? 0 : size));
}

FileReader::~FileReader() { std::fclose(file_); }

absl::StatusOr<bool> FileReader::Read(size_t max_bytes, std::string* piece) {
  piece->resize(max_bytes);
  const size_t n = std::fread(piece->data(), 1, max_bytes, file_);
  piece->resize(n);
  if (n == 0 && std::ferror(file_)) return CannotRead(path_, errno != 0 ? errno : EIO);
  read_ += n;
  return n > 0;
}

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace kinerja::client
