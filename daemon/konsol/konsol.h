// The web console (issue 12): pages embedded in the binary at build time (assets/) and the
// JSON API under /api/v1/ that mirrors AdminService and QueryService, both on kinerjad's one
// HTTP server. The API calls the same Node operations the gRPC services call, so the same
// authorisation applies (an office writes only its own satker; the node checks it), and a
// login of role "lihat" may not write. Login, CSRF and rate limits are the access filter's
// (HttpServer::SetFilter); the pages follow its contract (GET /api/v1/session; X-CSRF-Token
// on every POST; 401 leads to /masuk).
#ifndef KINERJA_DAEMON_KONSOL_KONSOL_H_
#define KINERJA_DAEMON_KONSOL_KONSOL_H_

#include <functional>
#include <string>

#include "daemon/http/http_server.h"
#include "daemon/node/node.h"

namespace kinerja::daemon {

struct KonsolOptions {
  // Recorded as the author of imports and resolutions when the request carries no login user
  // (loopback without a users file), as kinerjactl records $USER. Default: "konsol".
  std::string default_author = "konsol";
  // Adds to a status what the node does not know itself (the children rows, from the
  // metrics), as AdminService's Status does. Default: nothing added.
  std::function<void(v1::StatusResponse*)> status_extras;
};

// Registers the pages (/, /konsol/...) and the API routes on `http`. Call before Start.
// REQUIRES: `node` outlives `http`'s serving.
void InstallKonsol(HttpServer* http, Node* node, const KonsolOptions& options);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_KONSOL_KONSOL_H_
