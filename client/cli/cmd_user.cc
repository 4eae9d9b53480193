// `kinerjactl user add --users FILE NAME --role lihat|operator`: adds a user of the web console
// to its users file (kinerjad --http-users), or gives an existing one a new password and role.
// The password is read from stdin (not echoed on a terminal, where it is asked twice), hashed
// with Argon2id, and the file is rewritten atomically with mode 0600. Needs no daemon.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/command.h"
#include "common/auth/password_hash.h"
#include "common/auth/users_file.h"

namespace kinerja::client {
namespace {

// Shortest password accepted.
constexpr size_t kMinPasswordLength = 8;

struct UserAddArgs {
  std::string users_file;
  std::string name;
  std::string role;
};

// One line of stdin without its line end; on a terminal after `prompt` on `err`, not echoed.
absl::StatusOr<std::string> ReadPassword(absl::string_view prompt, std::ostream& err) {
  const bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    err << prompt << std::flush;
    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    err << "\n";
  }
  if (!got) return absl::InvalidArgumentError("no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The users of `path`; none if it does not exist yet.
absl::StatusOr<std::vector<auth::ConsoleUser>> ReadExisting(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::vector<auth::ConsoleUser>();
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  std::stringstream content;
  content << in.rdbuf();
  absl::StatusOr<std::vector<auth::ConsoleUser>> users = auth::ParseUsersFile(content.str());
  if (!users.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", users.status().message()));
  }
  return users;
}

absl::Status RunUserAdd(const UserAddArgs& args, CommandContext& ctx) {
  if (!auth::IsValidUserName(args.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("user name \"", args.name, "\": use 1 to 64 of A-Z a-z 0-9 . _ -"));
  }
  const std::optional<auth::ConsoleRole> role = auth::RoleFromWord(args.role);
  if (!role.has_value()) return absl::InvalidArgumentError("--role must be lihat or operator");
  absl::StatusOr<std::vector<auth::ConsoleUser>> users = ReadExisting(args.users_file);
  if (!users.ok()) return users.status();

  absl::StatusOr<std::string> password = ReadPassword("Kata sandi: ", ctx.err);
  if (!password.ok()) return password.status();
  if (password->size() < kMinPasswordLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("the password must have at least ", kMinPasswordLength, " characters"));
  }
  if (isatty(STDIN_FILENO) == 1) {
    absl::StatusOr<std::string> again = ReadPassword("Ulangi kata sandi: ", ctx.err);
    if (!again.ok()) return again.status();
    if (*again != *password) return absl::InvalidArgumentError("the passwords differ");
  }
  absl::StatusOr<std::string> hash = auth::HashPassword(*password, auth::ModeratePwhashLimits());
  if (!hash.ok()) return hash.status();

  bool replaced = false;
  for (auth::ConsoleUser& user : *users) {
    if (user.name == args.name) {
      user.role = *role;
      user.hash = *hash;
      replaced = true;
    }
  }
  if (!replaced) users->push_back(auth::ConsoleUser{args.name, *role, *hash});
  if (absl::Status written = auth::WriteUsersFile(args.users_file, *users); !written.ok()) {
    return written;
  }
  ctx.out << (replaced ? "replaced" : "added") << " user " << args.name << " ("
          << auth::RoleWord(*role) << ") in " << args.users_file << "\n";
  return absl::OkStatus();
}

}  // namespace

Command AddUserCommand(CLI::App& app, const KinerjactlOptions&) {
  auto args = std::make_shared<UserAddArgs>();
  CLI::App* user = app.add_subcommand("user", "Manage the web console's users file");
  user->require_subcommand(1);
  user->footer(CommandFooter(
      "Edits the users file that kinerjad reads with --http-users. The one subcommand is add; "
      "see kinerjactl user add --help.",
      "  kinerjactl user add --users /etc/kinerja/users NAME --role operator"));
  CLI::App* add = user->add_subcommand("add", "Add a console user, or set a user's password");
  add->add_option("--users", args->users_file, "The users file; created if absent")
      ->type_name("FILE")
      ->required();
  add->add_option("name", args->name, "User name: 1 to 64 of A-Z a-z 0-9 . _ -")->required();
  add->add_option("--role", args->role, "lihat (reads only) or operator (reads and writes)")
      ->required()
      ->check(CLI::IsMember({"lihat", "operator"}));
  add->footer(CommandFooter(
      "Reads the password from stdin: on a terminal it asks twice without echo; otherwise it "
      "takes the first line. At least 8 characters. Hashes it with Argon2id (libsodium, "
      "moderate limits: about half a second and 256 MiB) and writes the file again "
      "atomically with mode 0600, one \"name:role:hash\" line per user. A user already in the "
      "file gets the new password and role. kinerjad reads the file when it starts: restart "
      "it to apply. Needs no running daemon.",
      "  kinerjactl user add --users /etc/kinerja/users ani --role operator\n"
      "  printf '%s\\n' \"$PASSWORD\" | kinerjactl user add --users users.txt budi --role lihat"));
  return Command{user, [args](CommandContext& ctx) { return RunUserAdd(*args, ctx); }};
}

}  // namespace kinerja::client
