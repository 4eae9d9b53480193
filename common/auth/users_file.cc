#include "common/auth/users_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/password_hash.h"

namespace kinerja::auth {
namespace {

constexpr size_t kMaxUserNameLength = 64;

absl::Status LineProblem(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

absl::Status WriteProblem(const std::string& path, absl::string_view what) {
  return absl::InternalError(absl::StrCat(path, ": ", what, ": ", std::strerror(errno)));
}

// Writes all of `text` to `fd`.
bool WriteAll(int fd, absl::string_view text) {
  while (!text.empty()) {
    const ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

absl::string_view RoleWord(ConsoleRole role) {
  return role == ConsoleRole::kOperator ? "operator" : "lihat";
}

std::optional<ConsoleRole> RoleFromWord(absl::string_view word) {
  if (word == "lihat") return ConsoleRole::kLihat;
  if (word == "operator") return ConsoleRole::kOperator;
  return std::nullopt;
}

bool IsValidUserName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxUserNameLength) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<ConsoleUser>> ParseUsersFile(absl::string_view content) {
  std::vector<ConsoleUser> users;
  std::set<std::string> names;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (absl::StripAsciiWhitespace(line).empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ':');
    if (fields.size() != 3) {
      return LineProblem(line_number,
                         absl::StrCat("expected name:role:hash (3 fields), got ", fields.size()));
    }
    ConsoleUser user;
    if (!IsValidUserName(fields[0])) {
      return LineProblem(line_number, "the name must be 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    user.name = std::string(fields[0]);
    std::optional<ConsoleRole> role = RoleFromWord(fields[1]);
    if (!role.has_value()) {
      return LineProblem(line_number, absl::StrCat("role must be lihat or operator, got \"",
                                                   absl::CHexEscape(fields[1]), "\""));
    }
    user.role = *role;
    // Never quote the hash field: it may be a password someone pasted by mistake.
    if (!IsArgon2idHash(fields[2])) {
      return LineProblem(line_number,
                         "the hash is not an Argon2id string (make one with kinerjactl user add)");
    }
    user.hash = std::string(fields[2]);
    if (!names.insert(user.name).second) {
      return LineProblem(line_number, absl::StrCat("user ", user.name, " is given twice"));
    }
    users.push_back(std::move(user));
  }
  return users;
}

absl::StatusOr<std::vector<ConsoleUser>> ReadUsersFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", std::strerror(errno == 0 ? EACCES : errno)));
  }
  std::stringstream content;
  content << in.rdbuf();
  absl::StatusOr<std::vector<ConsoleUser>> users = ParseUsersFile(content.str());
  if (!users.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", users.status().message()));
  }
  if (users->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": names no user (add one with kinerjactl user add)"));
  }
  return users;
}

std::string FormatUsersFile(const std::vector<ConsoleUser>& users) {
  std::string text = "# Kinerja console users: name:role:argon2id-hash (kinerjactl user add)\n";
  for (const ConsoleUser& user : users) {
    absl::StrAppend(&text, user.name, ":", RoleWord(user.role), ":", user.hash, "\n");
  }
  return text;
}

absl::Status WriteUsersFile(const std::string& path, const std::vector<ConsoleUser>& users) {
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return WriteProblem(tmp, "cannot create");
  // O_CREAT's mode is masked by the umask, and an old temporary file keeps its own: set it.
  bool ok = fchmod(fd, 0600) == 0 && WriteAll(fd, FormatUsersFile(users)) && fsync(fd) == 0;
  const absl::Status failed = ok ? absl::OkStatus() : WriteProblem(tmp, "cannot write");
  if (close(fd) != 0 && ok) {
    unlink(tmp.c_str());
    return WriteProblem(tmp, "cannot write");
  }
  if (!ok) {
    unlink(tmp.c_str());
    return failed;
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const absl::Status status = WriteProblem(path, "cannot replace");
    unlink(tmp.c_str());
    return status;
  }
  // The rename reaches the disk with the directory.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  if (const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return absl::OkStatus();
}

}  // namespace kinerja::auth
