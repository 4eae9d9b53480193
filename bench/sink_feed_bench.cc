// kinerja-sink end to end at national scale: a national replica holding a year of 514 offices
// in 38 provinces (rollup_bench's data: 30 indicators x 17 periods, 40 budget lines x 12
// months each; 544,840 changes) is written in-process, then served by a real kinerjad
// (national, plaintext on loopback); kinerja-sink's follower catches up on its whole rollup
// feed over gRPC into PostgreSQL (fsync on) and the figures are checked against national's
// rollup. Prints feed changes/s, table rows/s, and per streamed batch (500 changes) the time
// from its arrival at the sink to its commit in PostgreSQL (median, p99).
//
//   tests/sink/pg_temp.sh run build/bench/sink_feed_bench [--offices 514] [--provinces 38]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/national_year.h"
#include "client/rpc/query_client.h"
#include "daemon/codec/record_key.h"
#include "daemon/rollup/rollup_observer.h"
#include "sink/feed_follower.h"
#include "sink/pg_store.h"
#include "sink/rollup_rows.h"
#include "storage/replica.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Percentile(std::vector<double> v, int p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, v.size() * p / 100)];
}

int Main(int argc, char** argv) {
  int offices = 514, provinces = 38;
  for (int i = 1; i + 1 < argc; i += 2) {
    int* target = std::strcmp(argv[i], "--offices") == 0     ? &offices
                  : std::strcmp(argv[i], "--provinces") == 0 ? &provinces
                                                             : nullptr;
    if (target == nullptr || !absl::SimpleAtoi(argv[i + 1], target) || *target <= 0) {
      std::fprintf(stderr, "usage: %s [--offices N] [--provinces N]\n", argv[0]);
      return 2;
    }
  }
  const char* dsn = std::getenv("PGDSN");
  if (dsn == nullptr) {
    std::fprintf(stderr, "sink_feed_bench: set PGDSN (or run under tests/sink/pg_temp.sh run)\n");
    return 2;
  }
  testing::KillChildrenOnSignals();
  testing::TempDir dir;
  {
    std::ofstream csv(dir.Sub("satker.csv"));
    csv << "kode,nama,tingkat,induk\nRI,KPU RI,nasional,\n";
    for (int p = 1; p <= provinces; ++p)
      csv << Province(p) << ",KPU " << Province(p) << ",provinsi,RI\n";
    for (int o = 1; o <= offices; ++o) {
      csv << Office(o) << ",KPU " << Office(o) << ",kabkota," << Province(1 + (o - 1) % provinces)
          << "\n";
    }
  }
  // National's replica, written in-process as its provinces' syncs would have.
  uint64_t changes_total = 0;
  {
    rollup::RollupObserver observer;
    storage::ReplicaOptions options;
    options.satker = "RI";
    options.observer = &observer;
    auto national = storage::Replica::Open(dir.Sub("data"), options);
    if (!national.ok()) {
      std::fprintf(stderr, "open: %s\n", national.status().ToString().c_str());
      return 1;
    }
    for (int o = 1; o <= offices; ++o) {
      const std::vector<v1::Change> changes = OfficeYear(Office(o), o);
      for (size_t i = 0; i < changes.size(); i += 1000) {
        v1::ChangeBatch batch;
        for (size_t j = i; j < std::min(changes.size(), i + 1000); ++j)
          *batch.add_changes() = changes[j];
        if (auto st = (*national)->Apply(batch); !st.ok()) {
          std::fprintf(stderr, "apply: %s\n", st.status().ToString().c_str());
          return 1;
        }
      }
      changes_total += changes.size();
    }
  }
  const int sync_port = testing::FreePort(), admin_port = testing::FreePort();
  const std::string admin = absl::StrCat("127.0.0.1:", admin_port);
  const std::string log = dir.Sub("kinerjad.log");
  auto kinerjad = testing::Subprocess::Start(
      {KINERJAD_PATH, "--node", "RI", "--role", "national", "--listen",
       absl::StrCat("127.0.0.1:", sync_port), "--admin-listen", admin, "--data-dir",
       dir.Sub("data"), "--registry", dir.Sub("satker.csv"), "--insecure"},
      log, log);
  if (!kinerjad.ok() ||
      !testing::WaitForLogLine(*kinerjad, log, 0, "ready:", absl::Seconds(60)).ok()) {
    std::fprintf(stderr, "kinerjad did not start: %s\n", testing::LogTail(log).c_str());
    return 1;
  }

  sink::PgStoreOptions store_options;
  store_options.dsn = dsn;
  sink::PgStore store(store_options);
  sink::FeedFollowerOptions options;
  options.feed_address = admin;
  options.follow = false;
  size_t feed_changes = 0;
  std::vector<double> batch_ms;
  Clock::time_point last = Clock::now();
  int64_t rows_written = 0;  // Table rows the applied changes write: a total writes 13.
  options.on_received = [&](const sink::PgStore::Changes& changes) {
    last = Clock::now();
    for (const v1::RollupChange& c : changes) {
      auto key = sink::ParseSinkRowKey(c);
      if (!key.ok()) continue;
      rows_written += key->table == sink::SinkTable::kSatker    ? 13
                      : key->table == sink::SinkTable::kIgnored ? 0
                                                                : 1;
    }
  };
  options.on_applied = [&](size_t n, uint64_t) {
    feed_changes += n;
    batch_ms.push_back(Ms(last, Clock::now()));
  };
  std::ostringstream sink_log;
  sink::FeedFollower follower(options, &store, &sink_log);
  const auto start = Clock::now();
  if (absl::Status st = follower.Run(); !st.ok()) {
    std::fprintf(stderr, "sink: %s\n%s", st.ToString().c_str(), sink_log.str().c_str());
    return 1;
  }
  const double seconds = Ms(start, Clock::now()) / 1000;

  int64_t rows = 0, pagu = 0;
  try {
    pqxx::connection c(dsn);
    pqxx::work w(c);
    rows = w.exec(
                "SELECT (SELECT count(*) FROM kinerja_rollup_satker) + (SELECT count(*) FROM "
                "kinerja_rollup_bulan) + (SELECT count(*) FROM kinerja_rollup_program) + "
                "(SELECT count(*) FROM kinerja_rollup_indikator)")[0][0]
               .as<int64_t>();
    pagu = w.exec("SELECT sum(pagu) FROM kinerja_rollup_satker WHERE tahun = 2024")[0][0]
               .as<int64_t>();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "read back: %s\n", e.what());
    return 1;
  }
  client::QueryClient query(admin);
  v1::RollupRequest req;
  req.set_satker("RI");
  req.set_tahun(2024);
  auto national = query.Rollup(req);
  if (!national.ok()) {
    std::fprintf(stderr, "rollup: %s\n", national.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "national: %llu changes from %d offices in %d provinces; its feed: %zu rollup "
      "changes\n",
      static_cast<unsigned long long>(changes_total), offices, provinces, feed_changes);
  std::printf(
      "sink catch-up over gRPC into PostgreSQL: %.2f s, %.0f feed changes/s, %lld table row "
      "writes (%.0f rows/s), %lld rows in the end\n",
      seconds, feed_changes / seconds, static_cast<long long>(rows_written), rows_written / seconds,
      static_cast<long long>(rows));
  std::printf(
      "per streamed batch, arrival at the sink -> committed in PostgreSQL: median %.1f ms, "
      "p99 %.1f ms (%zu batches)\n",
      Percentile(batch_ms, 50), Percentile(batch_ms, 99), batch_ms.size());
  std::printf("check: national pagu %lld, sum in PostgreSQL %lld: %s\n",
              static_cast<long long>(national->pagu()), static_cast<long long>(pagu),
              national->pagu() == pagu ? "equal" : "DIFFERENT");
  kinerjad->Terminate();
  return national->pagu() == pagu ? 0 : 1;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
