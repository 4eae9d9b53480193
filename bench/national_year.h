// The national-scale data the benches share: satker codes of provinces and offices, and one
// office's year of records (indicators with their realisations and budget lines) as the
// changes its replica would have written, and the timing helpers. rollup_bench, konsol_bench and
// sink_feed_bench use the same sizes.
#ifndef KINERJA_BENCH_NATIONAL_YEAR_H_
#define KINERJA_BENCH_NATIONAL_YEAR_H_

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "daemon/codec/record_key.h"
#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/replication.pb.h"
#include "tests/daemon/node/satker_row.h"

namespace kinerja::bench {

using Clock = std::chrono::steady_clock;

inline double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// The registry row of satker `kode` (named "KPU <kode>") at tier `t` under `induk`.
using daemon::Satker;

struct Latency {
  double median, p99;  // Milliseconds.
};

// Runs `fn` `n` times; the median and 99th percentile of its wall time.
inline Latency Measure(int n, const std::function<void()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto a = Clock::now();
    fn();
    ms.push_back(Ms(a, Clock::now()));
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

inline std::string Province(int p) { return absl::StrFormat("P%02d", p); }
inline std::string Office(int o) { return absl::StrFormat("K%03d", o); }

// One office's year as the changes its replica would have written.
inline std::vector<v1::Change> OfficeYear(const std::string& office, int index) {
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

}  // namespace kinerja::bench

#endif  // KINERJA_BENCH_NATIONAL_YEAR_H_
