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
#include "daemon/authz/authz.h"
#include "daemon/codec/record_key.h"
#include "daemon/rollup/rollup_observer.h"
#include "daemon/rollup/rollup_query.h"
#include "storage/entity_key.h"
#include "storage/replica.h"

namespace kinerja::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string Province(int p) { return absl::StrFormat("P%02d", p); }
std::string Office(int o) { return absl::StrFormat("K%03d", o); }

v1::Satker Satker(const std::string& kode, v1::Tingkat t, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_nama(absl::StrCat("KPU ", kode));
  s.set_tingkat(t);
  s.set_induk(induk);
  return s;
}

// One office's year as the changes its replica would have written.
std::vector<v1::Change> OfficeYear(const std::string& office, int index) {
  std::vector<v1::Record> records;
  const v1::Periode periods[] = {
      v1::PERIODE_TAHUNAN, v1::PERIODE_TW1, v1::PERIODE_TW2, v1::PERIODE_TW3, v1::PERIODE_TW4,
      v1::PERIODE_B01,     v1::PERIODE_B02, v1::PERIODE_B03, v1::PERIODE_B04, v1::PERIODE_B05,
      v1::PERIODE_B06,     v1::PERIODE_B07, v1::PERIODE_B08, v1::PERIODE_B09, v1::PERIODE_B10,
      v1::PERIODE_B11,     v1::PERIODE_B12};
  for (int i = 0; i < 30; ++i) {
    v1::Record r;
    auto* ind = r.mutable_indikator();
    ind->set_satker(office);
    ind->set_tahun(2024);
    ind->set_dokumen(v1::DOKUMEN_PK);
    ind->set_sasaran_kode(absl::StrCat("SS", i / 3 + 1));
    ind->set_sasaran("Terwujudnya penyelenggaraan pemilu yang efektif dan efisien");
    ind->set_indikator_kode(absl::StrCat("IK", i + 1));
    ind->set_indikator("Persentase laporan yang akuntabel dan tepat waktu");
    ind->mutable_target()->set_angka_e4(1'000'000);
    ind->mutable_target()->set_satuan("%");
    ind->mutable_target()->set_teks("100%");
    records.push_back(r);
    for (v1::Periode p : periods) {
      v1::Record x;
      auto* real = x.mutable_realisasi_indikator();
      real->set_satker(office);
      real->set_tahun(2024);
      real->set_indikator_kode(absl::StrCat("IK", i + 1));
      real->set_periode(p);
      real->mutable_realisasi()->set_angka_e4(900'000 + ((i + index) % 3) * 100'000);
      real->mutable_realisasi()->set_satuan("%");
      records.push_back(x);
    }
  }
  for (int l = 0; l < 40; ++l) {
    const std::string program = l < 30 ? "CQ" : "WA";
    const std::string kegiatan = absl::StrCat(6700 + l / 4);
    const std::string rincian = absl::StrFormat("%03d", l % 4);
    v1::Record r;
    auto* pagu = r.mutable_anggaran_pagu();
    pagu->set_satker(office);
    pagu->set_tahun(2024);
    pagu->set_program_kode(program);
    pagu->set_program(program == "CQ" ? "Penyelenggaraan Pemilu" : "Dukungan Manajemen");
    pagu->set_kegiatan_kode(kegiatan);
    pagu->set_rincian_kode(rincian);
    pagu->set_kegiatan("Pelaksanaan kegiatan");
    pagu->set_pagu_rupiah(120'000'000 + l * 1'000'000 + index * 1000);
    records.push_back(r);
    for (int m = 0; m < 12; ++m) {
      v1::Record x;
      auto* b = x.mutable_anggaran_realisasi();
      b->set_satker(office);
      b->set_tahun(2024);
      b->set_program_kode(program);
      b->set_kegiatan_kode(kegiatan);
      b->set_rincian_kode(rincian);
      b->set_periode(static_cast<v1::Periode>(v1::PERIODE_B01 + m));
      b->set_realisasi_rupiah(9'000'000 + m * 10'000 + l);
      records.push_back(x);
    }
  }
  std::vector<v1::Change> changes;
  const std::string origin = absl::StrFormat("%s.%012x", office, 0xabc000 + index);
  uint64_t seq = 0;
  for (const auto& r : records) {
    v1::Change c;
    c.set_origin(origin);
    c.set_seq(++seq);
    c.set_hlc((uint64_t{1'700'000'000'000} + seq) << 16);
    c.set_key(*codec::KeyForRecord(r));
    c.set_value(r.SerializeAsString());
    c.set_author("bench");
    changes.push_back(std::move(c));
  }
  return changes;
}

struct Latency {
  double median, p99;
};

Latency Measure(int n, const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto a = Clock::now();
    fn();
    ms.push_back(Ms(a, Clock::now()));
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

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
