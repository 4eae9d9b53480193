// kinerja-sink's PostgreSQL side at national scale: 514 offices, each with the rollup rows
// national's feed carries for a year (a total with 12 months, 2 programs, indicator counts,
// 10 kegiatan the sink skips), applied through PgStore exactly as the sink applies streamed
// batches (one transaction per batch with the cursor, fsync on). Prints:
//  - catch-up: a fresh database fed the whole feed in batches of 500 (the feed's chunk size);
//  - updates: every office's rows revised, batches of 500;
//  - replay: the cursor reset to 0 and the whole history applied again (all no-ops);
//  - live: one office's revision (4 changes) at a time, the latency from the batch handed to
//    the sink to its commit in PostgreSQL, median and p99.
// The feed's own hop (national's stream over gRPC) is not included.
//
//   tests/sink/pg_temp.sh run build/bench/sink_bench [--offices 514] [--live 2000]
// (pg_temp.sh sets PGDSN; any other PostgreSQL: PGDSN="host=... dbname=..." sink_bench)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "sink/pg_store.h"

namespace kinerja::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Changes = sink::PgStore::Changes;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// The feed changes of one office's rows in `round` (0: created, then revisions).
void OfficeChanges(int office, int round, uint64_t* cursor, Changes* out) {
  const std::string satker = absl::StrFormat("K%03d", office);
  const int64_t bump = round * 1000;
  {
    v1::RollupChange* c = out->Add();
    c->set_cursor(++*cursor);
    c->set_row_key(absl::StrCat("2024/total/", satker));
    v1::BudgetFigures* f = c->mutable_row()->mutable_total();
    f->set_pagu_rupiah(5'000'000'000 + office * 1000);
    f->set_realisasi_rupiah(4'300'000'000 + bump);
    for (int m = 0; m < 12; ++m) {
      f->add_realisasi_bulan(360'000'000 + m + bump);
      f->add_laporan_bulan(40);
    }
    f->set_lines(40);
    f->set_records(520);
  }
  for (const char* program : {"CQ", "WA"}) {
    v1::RollupChange* c = out->Add();
    c->set_cursor(++*cursor);
    c->set_row_key(absl::StrCat("2024/program/", satker, "/", program));
    v1::ProgramRollup* p = c->mutable_row()->mutable_program();
    p->set_program_kode(program);
    p->set_program(program[0] == 'C' ? "Penyelenggaraan Pemilu" : "Dukungan Manajemen");
    p->mutable_figures()->set_pagu_rupiah(2'500'000'000 + office);
    p->mutable_figures()->set_realisasi_rupiah(2'150'000'000 + bump);
  }
  {
    v1::RollupChange* c = out->Add();
    c->set_cursor(++*cursor);
    c->set_row_key(absl::StrCat("2024/counts/", satker));
    v1::IndikatorCounts* n = c->mutable_row()->mutable_counts();
    n->set_jumlah(30);
    n->set_dengan_target(30);
    n->set_dengan_realisasi(30);
    n->set_tercapai(20 + round % 10);
  }
  for (int k = 0; k < (round == 0 ? 10 : 1); ++k) {  // Kinds the sink skips.
    v1::RollupChange* c = out->Add();
    c->set_cursor(++*cursor);
    c->set_row_key(absl::StrCat("2024/kegiatan/", satker, "/CQ/", 6700 + k));
    c->mutable_row()->mutable_kegiatan()->set_kegiatan_kode(absl::StrCat(6700 + k));
  }
}

// Applies `all` in batches of `batch`; returns the seconds it took and the latencies.
bool ApplyAll(sink::PgStore& store, const Changes& all, int batch, double* seconds,
              std::vector<double>* latencies) {
  const auto start = Clock::now();
  for (int i = 0; i < all.size(); i += batch) {
    Changes part;
    for (int j = i; j < std::min(all.size(), i + batch); ++j) *part.Add() = all.Get(j);
    const auto a = Clock::now();
    if (absl::Status st = store.Apply(part); !st.ok()) {
      std::fprintf(stderr, "sink_bench: %s\n", st.ToString().c_str());
      return false;
    }
    if (latencies != nullptr) latencies->push_back(Ms(a, Clock::now()));
  }
  *seconds = Ms(start, Clock::now()) / 1000;
  return true;
}

double Percentile(std::vector<double> v, int p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * p / 100)];
}

int Main(int argc, char** argv) {
  int offices = 514, live = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    int* target = std::strcmp(argv[i], "--offices") == 0 ? &offices
                  : std::strcmp(argv[i], "--live") == 0  ? &live
                                                         : nullptr;
    if (target == nullptr || !absl::SimpleAtoi(argv[i + 1], target) || *target <= 0) {
      std::fprintf(stderr, "usage: %s [--offices N] [--live N]\n", argv[0]);
      return 2;
    }
  }
  const char* dsn = std::getenv("PGDSN");
  if (dsn == nullptr) {
    std::fprintf(stderr, "sink_bench: set PGDSN (or run under tests/sink/pg_temp.sh run)\n");
    return 2;
  }
  sink::PgStoreOptions options;
  options.dsn = dsn;
  sink::PgStore store(options);
  if (absl::Status st = store.Connect(); !st.ok()) {
    std::fprintf(stderr, "sink_bench: %s\n", st.ToString().c_str());
    return 1;
  }

  uint64_t cursor = 0;
  Changes history;
  Changes created;
  for (int o = 1; o <= offices; ++o) OfficeChanges(o, 0, &cursor, &created);
  Changes revised;
  for (int o = 1; o <= offices; ++o) OfficeChanges(o, 1, &cursor, &revised);
  history.MergeFrom(created);
  history.MergeFrom(revised);

  std::printf("%-48s %9s %9s %11s %15s\n", "phase (batches of 500 unless said)", "changes",
              "seconds", "changes/s", "rows written/s");
  // Rows written per change kind: total 1 + 12 months, program 1, counts 1, kegiatan 0.
  auto rows_of = [](const Changes& cs) {
    int64_t rows = 0;
    for (const v1::RollupChange& c : cs) {
      rows += c.row().has_total() ? 13 : (c.row().has_kegiatan() ? 0 : 1);
    }
    return rows;
  };
  auto report = [](const char* what, const Changes& cs, int64_t rows, double s) {
    std::printf("%-48s %9d %9.2f %11.0f %15.0f\n", what, cs.size(), s, cs.size() / s, rows / s);
  };
  double s = 0;
  std::vector<double> batch_ms;
  if (!ApplyAll(store, created, 500, &s, &batch_ms)) return 1;
  report("catch-up: every office's rows created", created, rows_of(created), s);
  if (!ApplyAll(store, revised, 500, &s, &batch_ms)) return 1;
  report("updates: every office's rows revised", revised, rows_of(revised), s);
  std::printf("  commit latency of a 500-change batch: median %.1f ms, p99 %.1f ms\n",
              Percentile(batch_ms, 50), Percentile(batch_ms, 99));

  // Replay: the stored cursor back to 0 (as an operator would), the whole history again;
  // the row cursors make every change a no-op.
  try {
    pqxx::connection c(dsn);
    pqxx::work w(c);
    w.exec("UPDATE kinerja_feed_cursor SET cursor = 0");
    w.commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sink_bench: reset the cursor: %s\n", e.what());
    return 1;
  }
  if (!ApplyAll(store, history, 500, &s, nullptr)) return 1;
  report("replay after a cursor reset (no-ops)", history, 0, s);

  // Live: one office's revision at a time.
  std::vector<double> live_ms;
  for (int i = 0; i < live; ++i) {
    Changes one;
    OfficeChanges(1 + i % offices, 2 + i, &cursor, &one);
    double unused = 0;
    if (!ApplyAll(store, one, 500, &unused, &live_ms)) return 1;
  }
  std::printf(
      "live: %d single-office revisions (5 changes, 16 rows each): batch handed to the "
      "sink -> committed in PostgreSQL: median %.2f ms, p99 %.2f ms\n",
      live, Percentile(live_ms, 50), Percentile(live_ms, 99));
  return 0;
}

}  // namespace
}  // namespace kinerja::bench

int main(int argc, char** argv) { return kinerja::bench::Main(argc, argv); }
