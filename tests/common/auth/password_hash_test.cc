#include "common/auth/password_hash.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace kinerja::auth {
namespace {

TEST(PasswordHashTest, VerifiesTheRightPasswordOnly) {
  absl::StatusOr<std::string> hash = HashPassword("rahasia-ani", MinimalPwhashLimits());
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(IsArgon2idHash(*hash)) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "rahasia-ani"));
  EXPECT_FALSE(VerifyPassword(*hash, "rahasia-ani "));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword(*hash, "Rahasia-ani"));
}

TEST(PasswordHashTest, SaltMakesEachHashDifferent) {
  absl::StatusOr<std::string> a = HashPassword("sama", MinimalPwhashLimits());
  absl::StatusOr<std::string> b = HashPassword("sama", MinimalPwhashLimits());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*b, "sama"));
}

TEST(PasswordHashTest, ModerateLimitsAreLibsodiumModerate) {
  EXPECT_EQ(ModeratePwhashLimits().ops, 3u);
  EXPECT_EQ(ModeratePwhashLimits().mem_bytes, size_t{256} << 20);
}

TEST(PasswordHashTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", ""));
  EXPECT_FALSE(VerifyPassword("plaintext", "plaintext"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=8,t=1,p=1$garbage", "x"));
  // Argon2i (not id) is refused although libsodium could verify it.
  EXPECT_FALSE(IsArgon2idHash("$argon2i$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"));
  EXPECT_FALSE(IsArgon2idHash("$argon2id$v=19$m=8:t=1"));
}

TEST(PasswordHashTest, TokensAreRandomHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomHexToken(32);
    ASSERT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(PasswordHashTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(PasswordHashTest, DigestIsStableAndDistinct) {
  EXPECT_EQ(DigestHex("a"), DigestHex("a"));
  EXPECT_NE(DigestHex("a"), DigestHex("b"));
  EXPECT_EQ(DigestHex("a").size(), 64u);
}

}  // namespace
}  // namespace kinerja::auth
