#include "daemon/http/session_store.h"

#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(SessionStoreTest, FindsASessionByItsTokenOnly) {
  SessionStore store;
  Session made;
  const std::string token = store.Create("ani", auth::ConsoleRole::kOperator, kStart, &made);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(made.csrf.size(), 64u);
  EXPECT_NE(made.csrf, token);
  std::optional<Session> found = store.Find(token, kStart);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user, "ani");
  EXPECT_EQ(found->role, auth::ConsoleRole::kOperator);
  EXPECT_EQ(found->csrf, made.csrf);
  EXPECT_FALSE(store.Find(made.csrf, kStart).has_value());
  EXPECT_FALSE(store.Find("", kStart).has_value());
  EXPECT_FALSE(store.Find(token.substr(0, 63), kStart).has_value());
}

TEST(SessionStoreTest, IdleSessionsExpireAndUseKeepsThemAlive) {
  SessionStore store;  // 30 min idle, 12 h absolute.
  Session made;
  const std::string token = store.Create("ani", auth::ConsoleRole::kLihat, kStart, &made);
  absl::Time now = kStart;
  for (int i = 0; i < 4; ++i) {
    now += absl::Minutes(29);
    EXPECT_TRUE(store.Find(token, now).has_value()) << i;
  }
  now += absl::Minutes(30);
  EXPECT_FALSE(store.Find(token, now).has_value());
  EXPECT_FALSE(store.Find(token, kStart).has_value()) << "an expired session is gone";
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStoreTest, SessionsEndAtTheirAbsoluteTimeoutWhateverTheUse) {
  SessionStoreOptions options;
  options.absolute_timeout = absl::Hours(1);
  SessionStore store(options);
  Session made;
  const std::string token = store.Create("ani", auth::ConsoleRole::kLihat, kStart, &made);
  absl::Time now = kStart;
  for (int i = 0; i < 5; ++i) {
    now += absl::Minutes(10);
    EXPECT_TRUE(store.Find(token, now).has_value()) << i;
  }
  now += absl::Minutes(10);
  EXPECT_FALSE(store.Find(token, now).has_value());
}

TEST(SessionStoreTest, DeleteEndsASession) {
  SessionStore store;
  Session made;
  const std::string a = store.Create("ani", auth::ConsoleRole::kLihat, kStart, &made);
  const std::string b = store.Create("ani", auth::ConsoleRole::kLihat, kStart, &made);
  store.Delete(a);
  EXPECT_FALSE(store.Find(a, kStart).has_value());
  EXPECT_TRUE(store.Find(b, kStart).has_value()) << "another session of the same user stays";
}

TEST(SessionStoreTest, AFullStoreDropsTheLeastRecentlyUsed) {
  SessionStoreOptions options;
  options.max_sessions = 2;
  SessionStore store(options);
  Session made;
  const std::string a = store.Create("a", auth::ConsoleRole::kLihat, kStart, &made);
  const std::string b = store.Create("b", auth::ConsoleRole::kLihat, kStart, &made);
  ASSERT_TRUE(store.Find(a, kStart + absl::Seconds(1)).has_value());
  const std::string c =
      store.Create("c", auth::ConsoleRole::kLihat, kStart + absl::Seconds(2), &made);
  EXPECT_EQ(store.size(), 2u);
  EXPECT_TRUE(store.Find(a, kStart + absl::Seconds(3)).has_value());
  EXPECT_FALSE(store.Find(b, kStart + absl::Seconds(3)).has_value());
  EXPECT_TRUE(store.Find(c, kStart + absl::Seconds(3)).has_value());
}

}  // namespace
}  // namespace kinerja::daemon
