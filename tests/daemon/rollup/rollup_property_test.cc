// Rollups equal a recomputation from the raw records, at every tier, after random writes,
// revisions, deletions and conflicts, synced in random order (issue: consolidation).
#include <random>

#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/record_key.h"
#include "daemon/rollup/rollup_query.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"
#include "tests/daemon/rollup/rollup_test_util.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::rollup {
namespace {

v1::Satker S(const std::string& kode, v1::Tingkat t, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_nama(absl::StrCat("Satker ", kode));
  s.set_tingkat(t);
  s.set_induk(induk);
  return s;
}

daemon::Registry Registry() {
  return *daemon::Registry::Build(
      {S("RI", v1::TINGKAT_NASIONAL, ""), S("36", v1::TINGKAT_PROVINSI, "RI"),
       S("3604", v1::TINGKAT_KABKOTA, "36"), S("3603", v1::TINGKAT_KABKOTA, "36")});
}

v1::Nilai RandomNilai(std::mt19937_64& rng) {
  v1::Nilai n;
  switch (rng() % 4) {
    case 0:
      n.set_kategori(rng() % 2 ? "WTP" : "WDP");
      break;
    case 1:
      n.set_angka_e4(0);
      break;
    default:
      n.set_angka_e4(static_cast<int64_t>(rng() % 2000000));
      n.set_satuan("%");
  }
  return n;
}

// A random record of `satker`, over a small key space so that writes revise each other.
v1::Record RandomRecord(std::mt19937_64& rng, const std::string& satker) {
  v1::Record r;
  const std::string kegiatan = absl::StrCat(3000 + rng() % 3);
  const std::string rincian = rng() % 2 ? "a" : "";
  const std::string program = rng() % 3 == 0 ? "WA" : "CQ";
  const int tahun = rng() % 4 == 0 ? 2023 : 2024;
  switch (rng() % 4) {
    case 0: {
      auto* p = r.mutable_anggaran_pagu();
      p->set_satker(satker);
      p->set_tahun(tahun);
      p->set_program_kode(program);
      p->set_program(rng() % 2 ? "Program A" : "Program B");
      p->set_kegiatan_kode(kegiatan);
      p->set_rincian_kode(rincian);
      p->set_kegiatan(rng() % 2 ? "Kegiatan X" : "Kegiatan Y");
      p->set_pagu_rupiah(static_cast<int64_t>(rng() % 1'000'000'000));
      break;
    }
    case 1: {
      auto* b = r.mutable_anggaran_realisasi();
      b->set_satker(satker);
      b->set_tahun(tahun);
      b->set_program_kode(program);
      b->set_kegiatan_kode(kegiatan);
      b->set_rincian_kode(rincian);
      const v1::Periode periods[] = {v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B12,
                                     v1::PERIODE_TAHUNAN};
      b->set_periode(periods[rng() % 4]);
      b->set_realisasi_rupiah(static_cast<int64_t>(rng() % 500'000'000) - 10'000'000);
      break;
    }
    case 2: {
      auto* i = r.mutable_indikator();
      i->set_satker(satker);
      i->set_tahun(tahun);
      i->set_dokumen(v1::DOKUMEN_PK);
      i->set_sasaran_kode("SS1");
      i->set_indikator_kode(absl::StrCat("IK", rng() % 3));
      if (rng() % 4) *i->mutable_target() = RandomNilai(rng);
      i->set_polaritas(rng() % 3 == 0 ? v1::POLARITAS_NEGATIF : v1::POLARITAS_POSITIF);
      break;
    }
    default: {
      auto* x = r.mutable_realisasi_indikator();
      x->set_satker(satker);
      x->set_tahun(tahun);
      x->set_indikator_kode(absl::StrCat("IK", rng() % 3));
      const v1::Periode periods[] = {v1::PERIODE_TAHUNAN, v1::PERIODE_TW2, v1::PERIODE_B05};
      x->set_periode(periods[rng() % 3]);
      *x->mutable_realisasi() = RandomNilai(rng);
    }
  }
  return r;
}

class Tiers {
 public:
  explicit Tiers(const std::string& dir) {
    for (auto [name, satker] : std::vector<std::pair<std::string, std::string>>{
             {"l1", "3604"}, {"l2", "3604"}, {"o3", "3603"}, {"hub", "36"}, {"nat", "RI"}}) {
      storage::ReplicaOptions options;
      options.satker = satker;
      options.sync = false;
      options.observer = &observer_;
      replicas[name] = std::move(*storage::Replica::Open(absl::StrCat(dir, "/", name), options));
    }
  }
  // Everything `from` holds that `to` lacks, within `to`'s scope if `scoped`.
  void Sync(const std::string& from, const std::string& to, bool scoped) {
    storage::ScopeFn scope;
    if (scoped) {
      scope = [this, satker = replicas[to]->satker()](const v1::Change& c) {
        return daemon::InScope(registry, satker, c.key());
      };
    }
    auto cursor = replicas[from]->NewChangeCursor(replicas[to]->version_vector(), scope);
    while (!cursor->done()) {
      v1::ChangeBatch batch;
      ASSERT_TRUE(cursor->Next(7, 1 << 20, &batch).ok());
      auto st = replicas[to]->Apply(batch);
      ASSERT_TRUE(st.ok()) << st.status();
    }
  }

  daemon::Registry registry = Registry();
  std::map<std::string, std::unique_ptr<storage::Replica>> replicas;

 private:
  RollupObserver observer_;
};

TEST(RollupPropertyTest, RollupsEqualRecomputationAtEveryTier) {
  for (int seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    testing::TempDir dir;
    std::mt19937_64 rng(seed);
    Tiers t(dir.path());
    const std::vector<std::pair<std::string, std::string>> links = {
        {"l1", "hub"}, {"l2", "hub"}, {"o3", "hub"}, {"hub", "nat"}};
    for (int step = 0; step < 300; ++step) {
      const int what = static_cast<int>(rng() % 10);
      if (what < 7) {
        const char* writers[] = {"l1", "l2", "o3"};
        storage::Replica& w = *t.replicas[writers[rng() % 3]];
        std::vector<storage::Mutation> ms;
        for (int n = 1 + static_cast<int>(rng() % 4); n > 0; --n) {
          const v1::Record r = RandomRecord(rng, w.satker());
          const std::string key = *codec::KeyForRecord(r);
          auto current = w.NewReadView()->GetKeyState(key);
          ASSERT_TRUE(current.ok());
          if (current->has_value() && rng() % 4 == 0) {
            ms.push_back({key, std::nullopt});  // A deletion.
          } else {
            ms.push_back({key, r.SerializeAsString()});
          }
          // One Write holds a key once.
          if (std::count_if(ms.begin(), ms.end(), [&](auto& m) { return m.key == key; }) > 1) {
            ms.pop_back();
          }
        }
        ASSERT_TRUE(w.Write(ms, "prop").ok());
      } else {
        const auto& [child, parent] = links[rng() % links.size()];
        if (rng() % 2) {
          t.Sync(child, parent, /*scoped=*/false);
        } else {
          t.Sync(parent, child, /*scoped=*/true);
        }
      }
      if (step % 50 == 49) {
        for (auto& [name, r] : t.replicas) {
          ExpectRowsEqual(Stored(*r), Recompute(*r), absl::StrCat(name, " at step ", step));
        }
      }
    }
    // Full sync: every tier agrees on the offices' figures.
    for (int round = 0; round < 2; ++round) {
      for (const auto& [child, parent] : links) t.Sync(child, parent, false);
      for (auto it = links.rbegin(); it != links.rend(); ++it) t.Sync(it->second, it->first, true);
    }
    for (auto& [name, r] : t.replicas) {
      ExpectRowsEqual(Stored(*r), Recompute(*r), absl::StrCat(name, " after full sync"));
    }
    for (const char* satker : {"3604", "3603"}) {
      v1::RollupRequest req;
      req.set_satker(satker);
      req.set_tahun(2024);
      auto at_nat = QueryRollup(*t.replicas["nat"]->NewReadView(), t.registry, "RI", req);
      auto at_hub = QueryRollup(*t.replicas["hub"]->NewReadView(), t.registry, "36", req);
      auto at_office =
          QueryRollup(*t.replicas[std::string(satker) == "3604" ? "l1" : "o3"]->NewReadView(),
                      t.registry, satker, req);
      ASSERT_TRUE(at_nat.ok() && at_hub.ok() && at_office.ok());
      EXPECT_EQ(at_nat->SerializeAsString(), at_hub->SerializeAsString()) << satker;
      EXPECT_EQ(at_nat->SerializeAsString(), at_office->SerializeAsString()) << satker;
    }
    v1::RollupRequest province;
    province.set_satker("36");
    province.set_tahun(2024);
    auto p = QueryRollup(*t.replicas["nat"]->NewReadView(), t.registry, "RI", province);
    ASSERT_TRUE(p.ok());
    int64_t sum = 0;
    for (const auto& row : p->satker_rows()) sum += row.pagu();
    EXPECT_EQ(sum, p->pagu());
  }
}

}  // namespace
}  // namespace kinerja::rollup
