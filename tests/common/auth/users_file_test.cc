#include "common/auth/users_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/password_hash.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::auth {
namespace {

// A real (cheap) Argon2id hash, so that lines parse as the daemon reads them.
const std::string& Hash() {
  static const std::string* hash =
      new std::string(HashPassword("kata-sandi", MinimalPwhashLimits()).value());
  return *hash;
}

std::string Message(absl::string_view content) {
  absl::StatusOr<std::vector<ConsoleUser>> users = ParseUsersFile(content);
  EXPECT_FALSE(users.ok());
  return users.ok() ? "" : std::string(users.status().message());
}

TEST(UsersFileTest, ParsesUsersSkippingCommentsAndBlankLines) {
  const std::string content = absl::StrCat("# pengguna konsol\n\nani:operator:", Hash(),
                                           "\r\n  \nbudi.s:lihat:", Hash(), "\n");
  absl::StatusOr<std::vector<ConsoleUser>> users = ParseUsersFile(content);
  ASSERT_TRUE(users.ok()) << users.status();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "ani");
  EXPECT_EQ((*users)[0].role, ConsoleRole::kOperator);
  EXPECT_EQ((*users)[0].hash, Hash());
  EXPECT_EQ((*users)[1].name, "budi.s");
  EXPECT_EQ((*users)[1].role, ConsoleRole::kLihat);
  EXPECT_TRUE(VerifyPassword((*users)[1].hash, "kata-sandi"));
}

TEST(UsersFileTest, BadLinesAreRefusedNamingTheLine) {
  EXPECT_EQ(Message(absl::StrCat("ani:operator:", Hash(), "\nbudi:lihat\n")),
            "line 2: expected name:role:hash (3 fields), got 2");
  EXPECT_EQ(Message(absl::StrCat("# x\nani:admin:", Hash(), "\n")),
            "line 2: role must be lihat or operator, got \"admin\"");
  EXPECT_EQ(Message(absl::StrCat("ani:Operator:", Hash(), "\n")),
            "line 1: role must be lihat or operator, got \"Operator\"");
  EXPECT_EQ(Message("ani:lihat:rahasia123\n"),
            "line 1: the hash is not an Argon2id string (make one with kinerjactl user add)");
  EXPECT_EQ(Message(absl::StrCat("an i:lihat:", Hash(), "\n")),
            "line 1: the name must be 1 to 64 of A-Z a-z 0-9 . _ -");
  EXPECT_EQ(Message(absl::StrCat(":lihat:", Hash(), "\n")),
            "line 1: the name must be 1 to 64 of A-Z a-z 0-9 . _ -");
  EXPECT_EQ(Message(absl::StrCat("ani:lihat:", Hash(), "\nani:operator:", Hash(), "\n")),
            "line 2: user ani is given twice");
}

TEST(UsersFileTest, APasswordInTheHashFieldIsNeverQuoted) {
  const std::string message = Message("ani:lihat:SuperRahasia!\n");
  EXPECT_EQ(message.find("SuperRahasia"), std::string::npos) << message;
}

TEST(UsersFileTest, ReadRefusesAFileWithoutUsersOrMissing) {
  testing::TempDir dir;
  const std::string empty = dir.Sub("kosong");
  std::ofstream(empty) << "# nobody\n";
  absl::StatusOr<std::vector<ConsoleUser>> users = ReadUsersFile(empty);
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().message(),
            absl::StrCat(empty, ": names no user (add one with kinerjactl user add)"));
  users = ReadUsersFile(dir.Sub("absent"));
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().message(),
            absl::StrCat(dir.Sub("absent"), ": No such file or directory"));
  const std::string bad = dir.Sub("bad");
  std::ofstream(bad) << "ani:root:" << Hash() << "\n";
  users = ReadUsersFile(bad);
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().message(),
            absl::StrCat(bad, ": line 1: role must be lihat or operator, got \"root\""));
}

TEST(UsersFileTest, WriteIsReadBackWithMode0600) {
  testing::TempDir dir;
  const std::string path = dir.Sub("users");
  std::ofstream(path) << "old\n";
  chmod(path.c_str(), 0644);
  const std::vector<ConsoleUser> users = {{"ani", ConsoleRole::kOperator, Hash()},
                                          {"budi", ConsoleRole::kLihat, Hash()}};
  ASSERT_TRUE(WriteUsersFile(path, users).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  absl::StatusOr<std::vector<ConsoleUser>> read = ReadUsersFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].name, "ani");
  EXPECT_EQ((*read)[1].role, ConsoleRole::kLihat);
  EXPECT_FALSE(std::ifstream(absl::StrCat(path, ".tmp.", getpid())).good()) << "temp file left";
  EXPECT_FALSE(WriteUsersFile(dir.Sub("no/such/dir/users"), users).ok());
}

}  // namespace
}  // namespace kinerja::auth
