#include "daemon/http/http_server.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace kinerja::daemon {
namespace {

TEST(HttpServerTest, ServesRegisteredPagesGetOnly) {
  auto server = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Get("/page", [] { return HttpResponse{200, "text/plain", "hello\n"}; });
  (*server)->Get("/busy", [] { return HttpResponse{503, "text/plain", "no\n"}; });
  (*server)->Start();
  httplib::Client client("127.0.0.1", (*server)->port());
  auto page = client.Get("/page");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "hello\n");
  auto busy = client.Get("/busy");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  auto missing = client.Get("/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto post = client.Post("/page", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  (*server)->Stop();
}

TEST(HttpServerTest, NonLoopbackNeedsTls) {
  auto server = HttpServer::Bind("0.0.0.0:0");
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HttpServerTest, PortIsExclusive) {
  auto first = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = HttpServer::Bind(absl::StrCat("127.0.0.1:", (*first)->port()));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(HttpServerTest, StopRightAfterStartReturns) {
  auto server = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Start();
  (*server)->Stop();
}

}  // namespace
}  // namespace kinerja::daemon
