#include "client/files/file_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace kinerja::client {
namespace {

absl::Status CannotWrite(const std::string& path, int error) {
  const std::string message = absl::StrCat("cannot write ", path, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(message);
    default:
      return absl::FailedPreconditionError(message);
  }
}

}  // namespace

absl::Status WriteFileContent(const std::string& path, absl::string_view content) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return CannotWrite(path, EISDIR);
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return CannotWrite(path, errno);
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const int write_error = written ? 0 : (errno != 0 ? errno : EIO);
  const bool closed = std::fclose(file) == 0;
  const int error = write_error != 0 ? write_error : (closed ? 0 : (errno != 0 ? errno : EIO));
  if (error != 0) {
    std::filesystem::remove(path, ec);
    return CannotWrite(path, error);
  }
  return absl::OkStatus();
}

}  // namespace kinerja::client
