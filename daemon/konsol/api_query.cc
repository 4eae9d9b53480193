// QueryService over HTTP: GET rollup, lkj (JSON), lkj.xlsx and lkj.csv (downloads laid out
// by common/report, as kinerjactl lays them out), export (the import format as CSV).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/report/lkj_layout.h"
#include "common/report/lkj_workbook.h"
#include "common/values/enum_words.h"
#include "daemon/codec/export_file.h"
#include "daemon/konsol/api.h"
#include "daemon/konsol/api_json.h"
#include "daemon/rollup/rollup_query.h"

namespace kinerja::daemon::konsol {
namespace {

// ?satker=&tahun= of a rollup or LKj request; the node's own satker when none is named.
template <typename Request>
absl::StatusOr<Request> SatkerYear(const HttpRequest& req, const Node& node) {
  Request request;
  request.set_satker(Param(req, "satker").empty() ? node.node() : Param(req, "satker"));
  auto tahun = IntParam(req, "tahun", 0);
  if (!tahun.ok()) return tahun.status();
  if (*tahun <= 0) return absl::InvalidArgumentError("choose the year (tahun), e.g. 2024");
  request.set_tahun(*tahun);
  return request;
}

absl::StatusOr<v1::LkjResponse> Lkj(const HttpRequest& req, Node* node) {
  auto request = SatkerYear<v1::LkjRequest>(req, *node);
  if (!request.ok()) return request.status();
  return rollup::QueryLkj(*node->replica()->NewReadView(), *node->registry(), node->node(),
                          *request);
}

// One CSV field, quoted when it must be (RFC 4180).
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const std::string& f : fields) quoted.push_back(CsvField(f));
  return absl::StrCat(absl::StrJoin(quoted, ","), "\r\n");
}

// The LKj as one CSV file: the title, the indicator table, a blank line, the budget table,
// with the columns of the workbook's two sheets (money as whole rupiah digits).
std::string LkjCsv(const v1::LkjResponse& r) {
  std::string out = CsvRow({report::LkjTitle(r)});
  out += CsvRow({"No", "Sasaran", "Indikator", "Target", "Realisasi", "Capaian (%)", "Flags"});
  for (const report::LkjIndikatorLine& l : report::LkjIndikatorLines(r)) {
    out += CsvRow({l.no, l.sasaran, l.indikator, l.target, l.realisasi, l.capaian, l.flags});
  }
  out += "\r\n";
  out += CsvRow({"Program", "Kegiatan", "Uraian", "Pagu", "Realisasi", "Penyerapan (%)", "Flags"});
  for (const report::LkjAnggaranLine& l : report::LkjAnggaranLines(r)) {
    out += CsvRow({l.program, l.kegiatan, l.uraian, absl::StrCat(l.pagu),
                   absl::StrCat(l.realisasi), l.penyerapan, l.flags});
  }
  return out;
}

HttpResponse Download(std::string content_type, std::string file_name, std::string body) {
  HttpResponse response{200, std::move(content_type), std::move(body)};
  response.headers.emplace_back("Content-Disposition",
                                absl::StrCat("attachment; filename=\"", file_name, "\""));
  return response;
}

}  // namespace

void InstallQueryApi(ApiRoutes* http, const ApiContext& ctx) {
  Node* node = ctx.node;
  http->Get("/api/v1/rollup", [node](const HttpRequest& req) {
    auto request = SatkerYear<v1::RollupRequest>(req, *node);
    if (!request.ok()) return JsonError(request.status());
    return JsonOf(rollup::QueryRollup(*node->replica()->NewReadView(), *node->registry(),
                                      node->node(), *request));
  });

  http->Get("/api/v1/lkj", [node](const HttpRequest& req) { return JsonOf(Lkj(req, node)); });

  http->Get("/api/v1/lkj\\.xlsx", [node](const HttpRequest& req) {
    auto lkj = Lkj(req, node);
    if (!lkj.ok()) return JsonError(lkj.status());
    auto xlsx = report::LkjWorkbook(*lkj);
    if (!xlsx.ok()) return JsonError(xlsx.status());
    return Download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    absl::StrCat("lkj-", lkj->satker(), "-", lkj->tahun(), ".xlsx"), *xlsx);
  });

  http->Get("/api/v1/lkj\\.csv", [node](const HttpRequest& req) {
    auto lkj = Lkj(req, node);
    if (!lkj.ok()) return JsonError(lkj.status());
    return Download("text/csv; charset=utf-8",
                    absl::StrCat("lkj-", lkj->satker(), "-", lkj->tahun(), ".csv"), LkjCsv(*lkj));
  });

  // ?kind=&satker=&tahun= as ExportRequest; the CSV as a download.
  http->Get("/api/v1/export", [node](const HttpRequest& req) {
    const std::string word = Param(req, "kind");
    const std::optional<v1::FileKind> kind = values::EnumFromWord<v1::FileKind>(word);
    if (!kind.has_value()) {
      return JsonError(absl::InvalidArgumentError(absl::StrCat(
          "choose the kind of file (", values::EnumWordsList<v1::FileKind>(), ")")));
    }
    auto tahun = IntParam(req, "tahun", 0);
    if (!tahun.ok()) return JsonError(tahun.status());
    v1::ExportRequest request;
    request.set_file_kind(*kind);
    request.set_satker(Param(req, "satker"));
    request.set_tahun(*tahun);
    auto exported = codec::ExportFile(*node->replica()->NewReadView(), request);
    if (!exported.ok()) return JsonError(exported.status());
    return Download("text/csv; charset=utf-8",
                    absl::StrCat(word, request.satker().empty() ? "" : "-", request.satker(),
                                 ".csv"),
                    exported->csv());
  });
}

}  // namespace kinerja::daemon::konsol
