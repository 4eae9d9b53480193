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

TEST(HttpServerTest, RoutesPatternsPostsAndFilters) {
  auto server = HttpServer::Bind("127.0.0.1:0");
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Get(R"(/api/v1/records/([0-9]+))", [](const HttpRequest& req) {
    return HttpResponse{200, "text/plain",
                        absl::StrCat(req.matches.at(1), " ", req.params.count("q"),
                                     req.params.count("q") ? req.params.at("q") : "")};
  });
  (*server)->Post("/api/v1/echo", [](const HttpRequest& req) {
    HttpResponse res{201, "text/plain", req.body + "|" + req.Header("x-token") + "|" + req.user};
    res.headers.emplace_back("Set-Cookie", "s=1; HttpOnly");
    return res;
  });
  (*server)->SetFilter([](HttpRequest* req) -> std::optional<HttpResponse> {
    if (req->Header("x-token") == "bad") return HttpResponse{403, "text/plain", "refused\n"};
    req->user = "ani";
    return std::nullopt;
  });
  (*server)->SetPayloadMaxLength(16);
  (*server)->Start();
  httplib::Client client("127.0.0.1", (*server)->port());
  auto got = client.Get("/api/v1/records/42?q=x%20y");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "42 1x y");
  auto posted = client.Post("/api/v1/echo", httplib::Headers{{"X-Token", "ok"}}, "body", "text/plain");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 201);
  EXPECT_EQ(posted->body, "body|ok|ani");
  EXPECT_EQ(posted->get_header_value("Set-Cookie"), "s=1; HttpOnly");
  auto refused = client.Post("/api/v1/echo", httplib::Headers{{"X-Token", "bad"}}, "b", "text/plain");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto large = client.Post("/api/v1/echo", std::string(17, 'x'), "text/plain");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  auto wrong_method = client.Post("/api/v1/records/42", "x", "text/plain");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
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
