// The web console at national scale: 514 offices in 38 provinces, a year of data each (the
// sizes of rollup_bench, bench/national_year.h), in a national Node behind kinerjad's HTTP
// server with the console installed (daemon/konsol), asked over loopback HTTP as a browser
// asks it. Prints median and p99 of:
//   - the Rollup API (GET /api/v1/rollup) for national, a province and an office;
//   - a Rollup page load: the HTML, its stylesheet, the shell's modules, the status, the Rollup
//     page's modules and its rollup call, one after another on one connection (what the
//     browser fetches; drawing is the browser's and not measured here).
//
//   konsol_bench [--offices 514] [--provinces 38] [--queries 200]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bench/national_year.h"
#include "daemon/http/http_server.h"
#include "daemon/konsol/konsol.h"
#include "daemon/node/node.h"

namespace kinerja::bench {
namespace {

int Main(int argc, char** argv) {
  int offices = 514, provinces = 38, queries = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    int* target = std::strcmp(argv[i], "--offices") == 0     ? &offices
                  : std::strcmp(argv[i], "--provinces") == 0 ? &provinces
                  : std::strcmp(argv[i], "--queries") == 0   ? &queries
                                                             : nullptr;
    if (target == nullptr || !absl::SimpleAtoi(argv[i + 1], target)) {
      std::fprintf(stderr, "usage: %s [--offices N] [--provinces N] [--queries N]\n", argv[0]);
      return 2;
    }
  }
  daemon::NodeOptions options;
  options.node = "RI";
  options.role = v1::ROLE_NATIONAL;
  options.registry = {Satker("RI", v1::TINGKAT_NASIONAL, "")};
  for (int p = 1; p <= provinces; ++p) {
    options.registry.push_back(Satker(Province(p), v1::TINGKAT_PROVINSI, "RI"));
  }
  for (int o = 1; o <= offices; ++o) {
    options.registry.push_back(
        Satker(Office(o), v1::TINGKAT_KABKOTA, Province(1 + (o - 1) % provinces)));
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / "kinerja-konsol-bench").string();
  std::filesystem::remove_all(dir);
  options.data_dir = dir;
  options.replica.sync = false;  // Loading is not what is measured here (rollup_bench does).
  options.log_level = daemon::LogLevel::kWarning;
  auto node = daemon::Node::Open(options);
  if (!node.ok()) {
    std::fprintf(stderr, "open: %s\n", node.status().ToString().c_str());
    return 1;
  }
  const auto load_start = Clock::now();
  uint64_t total = 0;
  for (int o = 1; o <= offices; ++o) {
    const std::vector<v1::Change> changes = OfficeYear(Office(o), o);
    for (size_t i = 0; i < changes.size(); i += 1000) {
      v1::ChangeBatch batch;
      for (size_t j = i; j < std::min(changes.size(), i + 1000); ++j) *batch.add_changes() = changes[j];
      auto st = (*node)->replica()->Apply(batch);
      if (!st.ok()) {
        std::fprintf(stderr, "apply: %s\n", st.status().ToString().c_str());
        return 1;
      }
    }
    total += changes.size();
  }
  std::printf("loaded %llu changes of %d offices in %d provinces in %.1f s\n",
              static_cast<unsigned long long>(total), offices, provinces,
              Ms(load_start, Clock::now()) / 1000);

  auto http = daemon::HttpServer::Bind("127.0.0.1:0");
  if (!http.ok()) {
    std::fprintf(stderr, "bind: %s\n", http.status().ToString().c_str());
    return 1;
  }
  daemon::InstallKonsol(http->get(), node->get(), daemon::KonsolOptions());
  (*http)->Start();
  httplib::Client client("127.0.0.1", (*http)->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // As browsers do.


  bool failed = false;
  auto get = [&](const std::string& path) -> size_t {
    auto r = client.Get(path);
    if (!r || r->status != 200) {
      std::fprintf(stderr, "GET %s: %d\n", path.c_str(), r ? r->status : -1);
      failed = true;
      return 0;
    }
    return r->body.size();
  };

  std::printf("\n%-40s %10s %10s %12s\n", "over loopback HTTP", "median ms", "p99 ms", "bytes");
  for (const auto& [label, satker] :
       std::vector<std::pair<std::string, std::string>>{{"Rollup API, national (RI)", "RI"},
                                                        {"Rollup API, a province (P01)", Province(1)},
                                                        {"Rollup API, an office (K001)", Office(1)}}) {
    const std::string path = absl::StrCat("/api/v1/rollup?satker=", satker, "&tahun=2024");
    size_t bytes = 0;
    const Latency l = Measure(queries, [&] { bytes = get(path); });
    std::printf("%-40s %10.2f %10.2f %12zu\n", label.c_str(), l.median, l.p99, bytes);
  }
  // What a first visit to #/rollup fetches: the shell, its two modules, the status, the
  // Rollup page's module and the one it imports, the rollup. (GET /api/v1/session belongs to
  // the access filter and is not installed here.)
  const std::vector<std::string> page = {
      "/", "/konsol/konsol.css", "/konsol/js/app.js", "/konsol/js/api.js",
      "/konsol/js/format.js", "/api/v1/status", "/konsol/js/rollup.js", "/konsol/js/chart.js",
      "/api/v1/rollup?satker=RI&tahun=2024"};
  size_t page_bytes = 0;
  const Latency l = Measure(queries, [&] {
    page_bytes = 0;
    for (const std::string& p : page) page_bytes += get(p);
  });
  std::printf("%-40s %10.2f %10.2f %12zu\n", "Rollup page load, national (9 GETs)", l.median,
              l.p99, page_bytes);
  (*http)->Stop();
  node->reset();
  std::filesystem::remove_all(dir);
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
