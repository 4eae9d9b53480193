// Storage benchmark: durable apply throughput of the replica (changes/s, sync on) for batches
// of 1, 100 and 1000 changes, local write throughput, and the speed of enumerating the
// changes a peer lacks over 1,000,000 stored changes. Prints a table; asserts nothing.
//
//   storage_bench [--dir DIR] [--scan_changes N] [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "daemon/codec/record_key.h"
#include "kinerja/v1/domain.pb.h"
#include "storage/entity_key.h"
#include "storage/replica.h"

namespace kinerja::storage {
namespace {

constexpr char kOrigin[] = "3604.00000000beef";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// A monthly budget realisation of satker 3604, as an office would write it.
v1::Change BudgetChange(uint64_t seq) {
  const int line = static_cast<int>((seq - 1) / 12);
  const int month = static_cast<int>((seq - 1) % 12);
  v1::Record record;
  auto* r = record.mutable_anggaran_realisasi();
  r->set_satker("3604");
  r->set_tahun(2024);
  r->set_program_kode(line % 2 == 0 ? "CQ" : "WA");
  r->set_kegiatan_kode(absl::StrCat(3000 + line / 40));
  r->set_rincian_kode(absl::StrFormat("525%03d", line % 40));
  r->set_periode(static_cast<v1::Periode>(v1::PERIODE_B01 + month));
  r->set_realisasi_rupiah(1'000'000 + static_cast<int64_t>(seq) * 7919 % 90'000'000);
  v1::Change c;
  c.set_origin(kOrigin);
  c.set_seq(seq);
  c.set_hlc((uint64_t{1'700'000'000'000} + seq) << 16);
  c.set_key(*codec::KeyForRecord(record));
  c.set_value(record.SerializeAsString());
  c.set_author("bench");
  return c;
}

std::unique_ptr<Replica> OpenFresh(const std::string& dir, const std::string& satker, bool sync) {
  std::filesystem::remove_all(dir);
  ReplicaOptions options;
  options.satker = satker;
  options.sync = sync;
  auto r = Replica::Open(dir, options);
  if (!r.ok()) {
    std::fprintf(stderr, "open %s: %s\n", dir.c_str(), r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

// Applies `total` changes in batches of `batch_size`; returns changes/s.
double ApplyRun(Replica* replica, uint64_t first_seq, uint64_t total, size_t batch_size) {
  std::vector<v1::ChangeBatch> batches;
  for (uint64_t seq = first_seq; seq < first_seq + total;) {
    v1::ChangeBatch b;
    for (size_t i = 0; i < batch_size && seq < first_seq + total; ++i) {
      *b.add_changes() = BudgetChange(seq++);
    }
    batches.push_back(std::move(b));
  }
  const auto start = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    auto st = replica->Apply(b);
    if (!st.ok()) {
      std::fprintf(stderr, "apply: %s\n", st.status().ToString().c_str());
      std::exit(1);
    }
  }
  return static_cast<double>(total) / Seconds(start);
}

int Main(int argc, char** argv) {
  std::string dir = (std::filesystem::temp_directory_path() / "kinerja-storage-bench").string();
  uint64_t scan_changes = 1'000'000;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else if (std::strcmp(argv[i], "--scan_changes") == 0 && i + 1 < argc) {
      if (!absl::SimpleAtoi(argv[++i], &scan_changes)) return 2;
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else {
      std::fprintf(stderr, "usage: %s [--dir DIR] [--scan_changes N] [--quick]\n", argv[0]);
      return 2;
    }
  }
  std::printf("storage_bench: dir=%s, value ~%zu bytes, key ~%zu bytes\n", dir.c_str(),
              BudgetChange(1).value().size(), BudgetChange(1).key().size());

  std::printf("\n%-34s %12s %14s\n", "durable apply (sync on)", "changes", "changes/s");
  struct Case {
    size_t batch;
    uint64_t total;
  };
  const std::vector<Case> cases =
      quick ? std::vector<Case>{{1, 200}, {100, 10'000}, {1000, 50'000}}
            : std::vector<Case>{{1, 2'000}, {100, 100'000}, {1000, 300'000}};
  for (const Case& c : cases) {
    auto replica = OpenFresh(dir + "/apply", "36", /*sync=*/true);
    const double rate = ApplyRun(replica.get(), 1, c.total, c.batch);
    std::printf("%-34s %12llu %14.0f\n", absl::StrCat("  batch of ", c.batch).c_str(),
                static_cast<unsigned long long>(c.total), rate);
  }

  {
    auto replica = OpenFresh(dir + "/write", "3604", /*sync=*/true);
    const uint64_t total = quick ? 20'000 : 200'000;
    const size_t batch = 1000;
    std::vector<Mutation> ms;
    const auto start = std::chrono::steady_clock::now();
    for (uint64_t seq = 1; seq <= total; ++seq) {
      v1::Change c = BudgetChange(seq);
      ms.push_back(Mutation{c.key(), c.value()});
      if (ms.size() == batch || seq == total) {
        if (auto st = replica->Write(ms, "bench"); !st.ok()) {
          std::fprintf(stderr, "write: %s\n", st.status().ToString().c_str());
          return 1;
        }
        ms.clear();
      }
    }
    std::printf("%-34s %12llu %14.0f\n", "local write, batch of 1000",
                static_cast<unsigned long long>(total),
                static_cast<double>(total) / Seconds(start));
  }

  std::printf("\n%-34s %12s %14s %10s\n", "changes a peer lacks", "stored", "changes/s", "seconds");
  auto replica = OpenFresh(dir + "/scan", "36", /*sync=*/false);
  const uint64_t stored = quick ? 100'000 : scan_changes;
  const auto load_start = std::chrono::steady_clock::now();
  ApplyRun(replica.get(), 1, stored, 1000);
  std::printf("  (loaded %llu changes in %.1f s)\n", static_cast<unsigned long long>(stored),
              Seconds(load_start));
  struct ScanCase {
    const char* name;
    uint64_t peer_has;
    ScopeFn scope;
  };
  const std::string in_scope_kegiatan = "3604/2024/belanja/3001/";
  const std::vector<ScanCase> scans = {
      {"  peer has nothing", 0, nullptr},
      {"  peer has half", stored / 2, nullptr},
      {"  scoped: one kegiatan of 25", 0,
       [&](const v1::Change& c) { return c.key().rfind(in_scope_kegiatan, 0) == 0; }},
  };
  for (const ScanCase& s : scans) {
    VersionVector peer;
    peer.Set(kOrigin, s.peer_has);
    const auto start = std::chrono::steady_clock::now();
    auto cursor = replica->NewChangeCursor(peer, s.scope);
    v1::ChangeBatch batch;
    while (!cursor->done()) {
      if (!cursor->Next(1000, 1 << 20, &batch).ok()) return 1;
    }
    const double secs = Seconds(start);
    const uint64_t passed = cursor->yielded() + cursor->skipped();
    std::printf("%-34s %12llu %14.0f %10.2f   (yielded %llu)\n", s.name,
                static_cast<unsigned long long>(stored), static_cast<double>(passed) / secs, secs,
                static_cast<unsigned long long>(cursor->yielded()));
  }
  replica.reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace kinerja::storage

int main(int argc, char** argv) { return kinerja::storage::Main(argc, argv); }
