// The web console's users file (`kinerjad --http-users FILE`): one user per line,
// "name:role:hash", role `lihat` (reads only) or `operator` (reads and writes), hash an
// Argon2id string (password_hash.h). Blank lines and lines starting with '#' are skipped.
// `kinerjactl user add` writes it; kinerjad reads it at start and `--check-config` checks it.
#ifndef KINERJA_COMMON_AUTH_USERS_FILE_H_
#define KINERJA_COMMON_AUTH_USERS_FILE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::auth {

// What a console user may do.
enum class ConsoleRole {
  kLihat,     // "lihat": every page and GET of the API; no change.
  kOperator,  // "operator": also the API's POSTs (import, sync, resolve).
};

// "lihat" or "operator".
absl::string_view RoleWord(ConsoleRole role);
// The role a word names; nullopt for any other word.
std::optional<ConsoleRole> RoleFromWord(absl::string_view word);

struct ConsoleUser {
  std::string name;  // 1 to 64 of A-Z a-z 0-9 . _ -
  ConsoleRole role = ConsoleRole::kLihat;
  std::string hash;  // Argon2id string of the password.
};

// Whether `name` is a valid user name (see ConsoleUser::name).
bool IsValidUserName(absl::string_view name);

// The users in `content`, in file order. INVALID_ARGUMENT "line N: <problem>" for the first bad
// line: not three fields, a bad name, a role other than lihat/operator, a hash that is not
// Argon2id, a name given twice. An empty file is valid here (no users).
[[nodiscard]] absl::StatusOr<std::vector<ConsoleUser>> ParseUsersFile(absl::string_view content);

// Reads and parses `path` for a daemon: INVALID_ARGUMENT "<path>: <problem>" if it cannot be
// read, a line is bad, or it names no user (nobody could log in).
[[nodiscard]] absl::StatusOr<std::vector<ConsoleUser>> ReadUsersFile(const std::string& path);

// The file's text for `users`, one line each, after a comment line saying what it is.
std::string FormatUsersFile(const std::vector<ConsoleUser>& users);

// Writes `users` to `path` atomically: a temporary file in the same directory with mode 0600,
// synced, then renamed over `path` (a reader sees the old file or the new, never a part).
// INTERNAL naming the path and the system error if any step fails (the temporary file is then
// removed).
[[nodiscard]] absl::Status WriteUsersFile(const std::string& path,
                                          const std::vector<ConsoleUser>& users);

}  // namespace kinerja::auth

#endif  // KINERJA_COMMON_AUTH_USERS_FILE_H_
