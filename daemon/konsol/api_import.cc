// AdminService.Import over HTTP: POST /api/v1/import?kind=anggaran&file_name=x.csv[&dry_run=true]
// with the CSV as the body. The node parses, checks and commits it whole or not at all, under the same
// authorisation as `kinerjactl import`.
#include "absl/strings/str_cat.h"
#include "common/values/enum_words.h"
#include "daemon/konsol/api.h"
#include "daemon/konsol/api_json.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::daemon::konsol {

void InstallImportApi(ApiRoutes* http, const ApiContext& ctx) {
  const ApiContext copy = ctx;
  http->Post("/api/v1/import", [copy](const HttpRequest& req) {
    if (absl::Status st = CheckMayWrite(req); !st.ok()) return JsonError(st);
    const std::string word = Param(req, "kind");
    const std::optional<v1::FileKind> kind = values::EnumFromWord<v1::FileKind>(word);
    if (!kind.has_value() || *kind == v1::FILE_KIND_UNSPECIFIED) {
      return JsonError(absl::InvalidArgumentError(
          absl::StrCat("choose the kind of file (", values::EnumWordsList<v1::FileKind>(),
                       "); \"", word, "\" is not one")));
    }
    v1::ImportRequest request;
    request.set_file_kind(*kind);
    request.set_file_name(Param(req, "file_name").empty() ? absl::StrCat(word, ".csv")
                                                          : Param(req, "file_name"));
    request.set_author(AuthorOf(req, copy));
    request.set_content(req.body);
    // dry_run=true: the preview (what would be created, changed, unchanged; every error with
    // its line and column), nothing written.
    const std::string dry = Param(req, "dry_run");
    request.set_dry_run(dry == "true" || dry == "1");
    return JsonOf(copy.node->Import(request));
  });
}

}  // namespace kinerja::daemon::konsol
