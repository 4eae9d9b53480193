#include "daemon/konsol/konsol.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/embed/embedded_file.h"
#include "daemon/konsol/api.h"
#include "daemon/konsol/api_json.h"

namespace kinerja::daemon {
namespace konsol {

extern const ::kinerja::EmbeddedFiles kEmbeddedFiles;  // daemon/konsol/assets (CMake).

namespace {

// FNV-1a of the content: an ETag that changes with the binary's copy of the file.
std::string ETagOf(std::string_view content) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : content) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return absl::StrFormat("\"%016x\"", h);
}

// An embedded file, revalidated on every use (no-cache + ETag: a new binary's pages are seen
// at once, an unchanged one costs a 304).
HttpResponse Asset(std::string_view path, const HttpRequest& req) {
  const std::optional<std::string_view> content = kEmbeddedFiles.Find(path);
  if (!content.has_value()) {
    HttpResponse missing{404, "text/plain; charset=utf-8", "halaman tidak ditemukan\n"};
    AddSecurityHeaders(&missing);
    return missing;
  }
  const std::string etag = ETagOf(*content);
  HttpResponse response;
  if (req.Header("if-none-match") == etag) {
    response.status = 304;
    response.body.clear();
  } else {
    response.body = std::string(*content);
  }
  response.content_type = std::string(ContentTypeOf(path));
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("ETag", etag);
  AddSecurityHeaders(&response);
  return response;
}

// Wraps an API handler: answers are never cached and carry the security headers.
HttpServer::RequestHandler Api(HttpServer::RequestHandler handler) {
  return [handler = std::move(handler)](const HttpRequest& req) {
    HttpResponse response = handler(req);
    response.headers.emplace_back("Cache-Control", "no-store");
    AddSecurityHeaders(&response);
    return response;
  };
}

}  // namespace

void ApiRoutes::Get(const std::string& pattern, HttpServer::RequestHandler handler) {
  http_->Get(pattern, Api(std::move(handler)));
}

void ApiRoutes::Post(const std::string& pattern, HttpServer::RequestHandler handler) {
  http_->Post(pattern, Api(std::move(handler)));
}

void AddSecurityHeaders(HttpResponse* response) {
  response->headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'");
  response->headers.emplace_back("X-Content-Type-Options", "nosniff");
  response->headers.emplace_back("Referrer-Policy", "no-referrer");
  response->headers.emplace_back("X-Frame-Options", "DENY");
}

}  // namespace konsol

void InstallKonsol(HttpServer* http, Node* node, const KonsolOptions& options) {
  const konsol::ApiContext ctx{node, options.default_author, options.status_extras};
  http->Get("/", [](const HttpRequest& req) { return konsol::Asset("index.html", req); });
  http->Get("/konsol/(.+)", [](const HttpRequest& req) {
    return konsol::Asset(req.matches.size() > 1 ? req.matches[1] : "", req);
  });
  konsol::ApiRoutes routes(http);
  konsol::InstallAdminApi(&routes, ctx);
  konsol::InstallImportApi(&routes, ctx);
  konsol::InstallQueryApi(&routes, ctx);
}

}  // namespace kinerja::daemon
