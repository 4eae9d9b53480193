// National-scale rollup benchmark: 514 offices in 38 provinces, a year of data each (30
// indicators x 17 periods, 40 budget lines x 12 months). Measures how long the national
// replica takes to ingest it all (authorisation, durable apply with rollups, batches of 1000,
// fsync on), then the latency of the rollup query for national, a province and an office
// (median and p99 over repeated calls, in-process: what QueryService runs per call).
//
//   rollup_bench [--offices 514] [--provinces 38] [--queries 200]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/national_year.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/record_key.h"
#include "daemon/rollup/rollup_observer.h"
#include "daemon/rollup/rollup_query.h"
#include "storage/entity_key.h"
#include "storage/replica.h"

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
  std::vector<v1::Satker> entries = {Satker("RI", v1::TINGKAT_NASIONAL, "")};
  for (int p = 1; p <= provinces; ++p) {
    entries.push_back(Satker(Province(p), v1::TINGKAT_PROVINSI, "RI"));
  }
  for (int o = 1; o <= offices; ++o) {
    entries.push_back(Satker(Office(o), v1::TINGKAT_KABKOTA, Province(1 + (o - 1) % provinces)));
  }
  const daemon::Registry registry = *daemon::Registry::Build(entries);

  const std::string dir =
      (std::filesystem::temp_directory_path() / "kinerja-rollup-bench").string();
  std::filesystem::remove_all(dir);
  rollup::RollupObserver observer;
  storage::ReplicaOptions options;
  options.satker = "RI";
  options.observer = &observer;
  auto national = std::move(*storage::Replica::Open(dir, options));

  uint64_t total = 0;
  double ingest_ms = 0;
  for (int o = 1; o <= offices; ++o) {
    const std::string office = Office(o);
    const std::vector<v1::Change> changes = OfficeYear(office, o);
    const std::string province = registry.Parent(office);
    const auto a = Clock::now();
    for (size_t i = 0; i < changes.size(); i += 1000) {
      v1::ChangeBatch batch;
      for (size_t j = i; j < std::min(changes.size(), i + 1000); ++j) {
        // What the national node checks for each change its province forwards.
        if (!daemon::CheckReceived(registry, "RI", province, daemon::Direction::kFromChild,
                                   changes[j])
                 .ok()) {
          std::fprintf(stderr, "authorisation refused a bench change\n");
          return 1;
        }
        *batch.add_changes() = changes[j];
      }
      auto st = national->Apply(batch);
      if (!st.ok()) {
        std::fprintf(stderr, "apply: %s\n", st.status().ToString().c_str());
        return 1;
      }
    }
    ingest_ms += Ms(a, Clock::now());
    total += changes.size();
  }
  std::printf(
      "national ingest: %llu changes from %d offices in %d provinces in %.1f s "
      "(%.0f changes/s; authorisation, rollups, fsync, batches of 1000)\n",
      static_cast<unsigned long long>(total), offices, provinces, ingest_ms / 1000,
      total / (ingest_ms / 1000));

  std::printf("\n%-34s %10s %10s %18s\n", "rollup query (in-process)", "median ms", "p99 ms",
              "pagu (check)");
  for (const auto& [label, satker] :
       std::vector<std::pair<std::string, std::string>>{{"national (RI)", "RI"},
                                                        {"a province (P01)", Province(1)},
                                                        {"an office (K001)", Office(1)}}) {
    v1::RollupRequest req;
    req.set_satker(satker);
    req.set_tahun(2024);
    int64_t pagu = 0;
    const Latency l = Measure(queries, [&] {
      auto r = rollup::QueryRollup(*national->NewReadView(), registry, "RI", req);
      if (r.ok()) pagu = r->pagu();
    });
    std::printf("%-34s %10.2f %10.2f %18lld\n", label.c_str(), l.median, l.p99,
                static_cast<long long>(pagu));
  }
  national.reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
