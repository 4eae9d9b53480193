// AdminService over JSON: GET status, records, record, conflicts, history, digest; POST sync,
// resolve.
#include "absl/strings/str_cat.h"
#include "daemon/konsol/api.h"
#include "daemon/konsol/api_json.h"
#include "daemon/node/record_queries.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::daemon::konsol {

std::string AuthorOf(const HttpRequest& req, const ApiContext& ctx) {
  return req.user.empty() ? ctx.default_author : req.user;
}

void InstallAdminApi(ApiRoutes* http, const ApiContext& ctx) {
  Node* node = ctx.node;
  http->Get("/api/v1/status", [node, extras = ctx.status_extras](const HttpRequest&) {
    v1::StatusResponse status = node->Status();
    if (extras) extras(&status);
    return JsonOk(status);
  });

  // Body: a SyncNowRequest ({} for the default timeout). Waits for the session, as
  // `kinerjactl sync` does; the page shows progress meanwhile.
  http->Post("/api/v1/sync", [node](const HttpRequest& req) {
    if (absl::Status st = CheckMayWrite(req); !st.ok()) return JsonError(st);
    v1::SyncNowRequest request;
    if (!req.body.empty()) {
      if (absl::Status st = ParseJsonBody(req.body, &request); !st.ok()) return JsonError(st);
    }
    const uint32_t ms = request.timeout_ms() == 0 ? uint32_t{v1::SYNC_NOW_DEFAULT_TIMEOUT_MS}
                                                  : request.timeout_ms();
    return JsonOf(node->SyncNow(absl::Milliseconds(ms)));
  });

  // ?satker=&tahun=&kind=&limit= as ListRequest.
  http->Get("/api/v1/records", [node](const HttpRequest& req) {
    v1::ListRequest request;
    request.set_satker(Param(req, "satker"));
    request.set_kind(Param(req, "kind"));
    auto tahun = IntParam(req, "tahun", 0);
    if (!tahun.ok()) return JsonError(tahun.status());
    auto limit = IntParam(req, "limit", 0);
    if (!limit.ok()) return JsonError(limit.status());
    if (request.satker().empty()) {
      return JsonError(absl::InvalidArgumentError("name the satker whose records to list"));
    }
    request.set_tahun(*tahun);
    request.set_limit(*limit < 0 ? 0 : static_cast<uint32_t>(*limit));
    return JsonOf(ListRecords(*node->replica(), request));
  });

  // ?key= as GetRequest: the visible value and every head.
  http->Get("/api/v1/record", [node](const HttpRequest& req) {
    v1::GetRequest request;
    request.set_key(Param(req, "key"));
    if (request.key().empty()) {
      return JsonError(absl::InvalidArgumentError("name the record key to show"));
    }
    return JsonOf(GetRecord(*node->replica(), request));
  });

  http->Get("/api/v1/conflicts", [node](const HttpRequest& req) {
    v1::ListConflictsRequest request;
    request.set_satker(Param(req, "satker"));
    return JsonOf(ListConflicts(*node->replica(), request));
  });

  // ?key= as HistoryRequest: every version held, oldest first (Riwayat).
  http->Get("/api/v1/history", [node](const HttpRequest& req) {
    v1::HistoryRequest request;
    request.set_key(Param(req, "key"));
    if (request.key().empty()) {
      return JsonError(absl::InvalidArgumentError("name the record key whose history to show"));
    }
    return JsonOf(KeyHistory(*node->replica(), request));
  });

  http->Get("/api/v1/digest", [node](const HttpRequest& req) {
    v1::DigestRequest request;
    request.set_satker(Param(req, "satker"));
    return JsonOf(DigestOfSatker(*node->replica(), request));
  });

  // Body: a ResolveRequest naming the heads the page showed; the author is the login user
  // (or the node's default), whatever the body says.
  const ApiContext copy = ctx;
  http->Post("/api/v1/resolve", [copy](const HttpRequest& req) {
    if (absl::Status st = CheckMayWrite(req); !st.ok()) return JsonError(st);
    v1::ResolveRequest request;
    if (absl::Status st = ParseJsonBody(req.body, &request); !st.ok()) return JsonError(st);
    request.set_author(AuthorOf(req, copy));
    return JsonOf(copy.node->Resolve(request));
  });
}

}  // namespace kinerja::daemon::konsol
