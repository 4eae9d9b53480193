// The console's JSON API without a browser: a real Node in a temporary directory behind a real
// HttpServer on a free loopback port, asked over HTTP. Checks the JSON shape (proto field
// names, money as strings of digits), the mapping of errors to HTTP codes with one sentence,
// the same authorisation as kinerjactl, a read-only login refused every write, and the pages'
// headers.
#include "daemon/konsol/konsol.h"

#include <httplib.h>

#include <memory>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kHeader[] =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

class KonsolApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NodeOptions o;
    o.node = "3603";
    o.role = v1::ROLE_OFFICE;
    o.data_dir = dir_.Sub("3603");
    o.registry = {Satker("RI", v1::TINGKAT_NASIONAL, ""), Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                  Satker("3603", v1::TINGKAT_KABKOTA, "36"),
                  Satker("3604", v1::TINGKAT_KABKOTA, "36")};
    o.replica.sync = false;
    auto node = Node::Open(std::move(o));
    ASSERT_TRUE(node.ok()) << node.status();
    node_ = *std::move(node);
    auto http = HttpServer::Bind("127.0.0.1:0");
    ASSERT_TRUE(http.ok()) << http.status();
    http_ = *std::move(http);
    // Stands in for the access filter: a request with X-Test-Role logs in with that role.
    http_->SetFilter([](HttpRequest* req) -> std::optional<HttpResponse> {
      if (!req->Header("x-test-role").empty()) {
        req->user = "ani";
        req->role = req->Header("x-test-role");
      }
      return std::nullopt;
    });
    InstallKonsol(http_.get(), node_.get(), KonsolOptions{.default_author = "penguji"});
    http_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", http_->port());
  }
  void TearDown() override {
    if (http_ != nullptr) http_->Stop();
  }

  httplib::Result Import(const std::string& csv, const std::string& query,
                         const httplib::Headers& headers = {}) {
    return client_->Post(absl::StrCat("/api/v1/import?kind=anggaran&file_name=a.csv", query),
                         headers, csv, "text/csv");
  }

  testing::TempDir dir_;
  std::unique_ptr<Node> node_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(KonsolApiTest, StatusIsTheProtoAsJsonWithCountersAsStrings) {
  auto r = client_->Get("/api/v1/status");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"), StartsWith("application/json"));
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_THAT(r->body, HasSubstr("\"node\":\"3603\""));
  EXPECT_THAT(r->body, HasSubstr("\"role\":\"ROLE_OFFICE\""));
  // Every field is printed, a zero too; uint64 as a string of digits.
  EXPECT_THAT(r->body, HasSubstr("\"waiting_up\":\"0\""));
}

TEST_F(KonsolApiTest, ImportThenRollupPrintsMoneyAsDigitStrings) {
  const std::string csv = absl::StrCat(
      kHeader, "3603,2024,CQ,Program,6709,L01,Kegiatan,TAHUNAN,\"238,339,761,000\","
               "\"231,658,704,797\"\n");
  auto imported = Import(csv, "");
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 200) << imported->body;
  EXPECT_THAT(imported->body, HasSubstr("\"created\":\"2\""));
  auto r = client_->Get("/api/v1/rollup?satker=3603&tahun=2024");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"pagu\":\"238339761000\""));
  EXPECT_THAT(r->body, HasSubstr("\"realisasi\":\"231658704797\""));
  EXPECT_THAT(r->body, HasSubstr("\"penyerapan\":\"97.20\""));
  // No money anywhere as a JSON number (a float in a browser).
  EXPECT_FALSE(std::regex_search(r->body, std::regex("\"(pagu|realisasi)\":[0-9]"))) << r->body;
}

TEST_F(KonsolApiTest, DryRunWritesNothingAndListsTheErrorsLineAndColumn) {
  const std::string bad = absl::StrCat(kHeader,
                                       "3603,2024,CQ,Program,6709,L01,Kegiatan,TAHUNAN,1000,0\n"
                                       "3603,2024,CQ,Program,6710,L01,Kegiatan,TAHUNAN,1000,0\n"
                                       "3603,2024,CQ,Program,6711,L01,Kegiatan,TAHUNAN,12.5,0\n");
  auto preview = Import(bad, "&dry_run=true");
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_THAT(preview->body, HasSubstr("\"line\":4"));
  EXPECT_THAT(preview->body, HasSubstr("\"column\":9"));
  auto status = client_->Get("/api/v1/status");
  ASSERT_TRUE(status);
  EXPECT_THAT(status->body, HasSubstr("\"changes_held\":\"0\""));
  // The same file imported for real: refused whole, 400 with one sentence.
  auto refused = Import(bad, "");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, StartsWith("{\"error\": \""));
  EXPECT_THAT(refused->body, HasSubstr("a.csv:4"));
}

TEST_F(KonsolApiTest, AnOfficeWritesOnlyItsOwnSatkerAsWithKinerjactl) {
  auto r = Import(absl::StrCat(kHeader, "3604,2024,CQ,Program,6709,L01,Kegiatan,TAHUNAN,1000,0\n"),
                  "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"error\""));
}

TEST_F(KonsolApiTest, AReadOnlyLoginMayNotWrite) {
  const httplib::Headers lihat{{"X-Test-Role", "lihat"}};
  auto r = Import(absl::StrCat(kHeader, "3603,2024,CQ,Program,6709,L01,Kegiatan,TAHUNAN,1000,0\n"),
                  "", lihat);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(r->body, HasSubstr("lihat"));
  auto sync = client_->Post("/api/v1/sync", lihat, "{}", "application/json");
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->status, 403);
  auto resolve = client_->Post("/api/v1/resolve", lihat, "{\"key\":\"x\"}", "application/json");
  ASSERT_TRUE(resolve);
  EXPECT_EQ(resolve->status, 403);
  auto status = client_->Get("/api/v1/status", lihat);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);  // Reading is allowed.
  EXPECT_THAT(status->body, HasSubstr("\"changes_held\":\"0\""));
}

TEST_F(KonsolApiTest, ErrorsMapToHttpCodesWithOneSentence) {
  auto bad_year = client_->Get("/api/v1/rollup?tahun=dua");
  ASSERT_TRUE(bad_year);
  EXPECT_EQ(bad_year->status, 400);
  EXPECT_EQ(bad_year->body, "{\"error\": \"parameter tahun must be a whole number, not \\\"dua\\\"\"}");
  auto no_kind = client_->Post("/api/v1/import?kind=bukan", "x", "text/csv");
  ASSERT_TRUE(no_kind);
  EXPECT_EQ(no_kind->status, 400);
  EXPECT_THAT(no_kind->body, HasSubstr("anggaran"));
  auto bad_json = client_->Post("/api/v1/resolve", "{\"key\": 5, \"nope\": 1}", "application/json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_THAT(bad_json->body, HasSubstr("ResolveRequest"));
  auto get = client_->Get("/api/v1/record");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 400);
}

TEST_F(KonsolApiTest, LkjDownloadsAsXlsxAndCsv) {
  ASSERT_EQ(Import(absl::StrCat(kHeader, "3603,2024,CQ,Program,6709,L01,Kegiatan,TAHUNAN,1000,"
                                         "500\n"),
                   "")
                ->status,
            200);
  auto xlsx = client_->Get("/api/v1/lkj.xlsx?satker=3603&tahun=2024");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_THAT(xlsx->get_header_value("Content-Type"), HasSubstr("spreadsheetml"));
  EXPECT_THAT(xlsx->get_header_value("Content-Disposition"), HasSubstr("lkj-3603-2024.xlsx"));
  EXPECT_THAT(xlsx->body, StartsWith("PK"));
  auto csv = client_->Get("/api/v1/lkj.csv?satker=3603&tahun=2024");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_THAT(csv->body, HasSubstr("Total,,,1000,500,50.00,"));
}

TEST_F(KonsolApiTest, PagesAreEmbeddedWithTypesCachingAndAStrictPolicy) {
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = index->get_header_value("Content-Security-Policy");
  EXPECT_THAT(csp, HasSubstr("default-src 'self'"));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(index->body, HasSubstr("lang=\"id\""));
  // No inline script: every <script> names a file of the node.
  EXPECT_FALSE(std::regex_search(index->body, std::regex("<script(?![^>]*src=\"/konsol/)")));
  auto js = client_->Get("/konsol/js/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "no-cache");
  const std::string etag = js->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = client_->Get("/konsol/js/app.js", httplib::Headers{{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  auto css = client_->Get("/konsol/konsol.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  auto missing = client_->Get("/konsol/nothing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

}  // namespace
}  // namespace kinerja::daemon
