// The console's API routes, one file per area; InstallKonsol (konsol.h) registers them all.
#ifndef KINERJA_DAEMON_KONSOL_API_H_
#define KINERJA_DAEMON_KONSOL_API_H_

#include <functional>
#include <string>

#include "daemon/http/http_server.h"
#include "daemon/node/node.h"

namespace kinerja::daemon::konsol {

struct ApiContext {
  Node* node;                  // The node every call reads or writes.
  std::string default_author;  // Author of writes when the request names no user.
  std::function<void(v1::StatusResponse*)> status_extras;  // May be empty.
};

// Registers API routes on the server: every answer is marked not to be cached and carries
// the security headers (AddSecurityHeaders).
class ApiRoutes {
 public:
  explicit ApiRoutes(HttpServer* http) : http_(http) {}
  void Get(const std::string& pattern, HttpServer::RequestHandler handler);
  void Post(const std::string& pattern, HttpServer::RequestHandler handler);

 private:
  HttpServer* const http_;
};

// The author recorded for a write made by `req`: its login user, else the default.
std::string AuthorOf(const HttpRequest& req, const ApiContext& ctx);

// AdminService: status, sync, records, conflicts and their resolution (api_admin.cc).
void InstallAdminApi(ApiRoutes* http, const ApiContext& ctx);
// AdminService.Import: CSV upload, preview, commit (api_import.cc).
void InstallImportApi(ApiRoutes* http, const ApiContext& ctx);
// QueryService: rollup, LKj (JSON, XLSX, CSV), export (api_query.cc).
void InstallQueryApi(ApiRoutes* http, const ApiContext& ctx);

// Headers every console response carries: no request may leave the node (CSP), no sniffing,
// no referrer, no framing.
void AddSecurityHeaders(HttpResponse* response);

}  // namespace kinerja::daemon::konsol

#endif  // KINERJA_DAEMON_KONSOL_API_H_
