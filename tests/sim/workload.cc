// The workload the seed draws: imports of anggaran rows through Node::Import (the same CSV a
// user imports), edits of the same rows from both laptops of an office (concurrent edits),
// deletes and resolutions through Node::Resolve, and registry changes at the national node
// (renaming a satker, which replicates everywhere).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/entity_key.h"
#include "tests/sim/world.h"

namespace kinerja::sim {
namespace {

// 1234567 -> "1.234.567", the import's rupiah format.
std::string Rupiah(uint64_t v) {
  std::string digits = absl::StrCat(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

const char* TingkatWord(v1::Tingkat t) {
  switch (t) {
    case v1::TINGKAT_NASIONAL:
      return "nasional";
    case v1::TINGKAT_PROVINSI:
      return "provinsi";
    default:
      return "kabkota";
  }
}

}  // namespace

void World::ScheduleWorkload() {
  const int64_t end = options_.fault_seconds * 1000;
  for (int64_t t = 0; t < end;) {
    t += 500 + static_cast<int64_t>(rng_() % 6000);
    At(t, [this] { WorkloadStep(); });
  }
}

void World::WorkloadStep() {
  SimNode* n = nodes_[rng_() % nodes_.size()].get();
  if (n->node == nullptr) return;
  const int op = static_cast<int>(rng_() % 10);
  if (n->role == v1::ROLE_NATIONAL) {
    if (op < 4) RenameSatker(n);
    return;
  }
  if (n->role != v1::ROLE_OFFICE) return;
  if (op < 6) {
    ImportRows(n);
  } else if (op < 8) {
    ResolveOne(n);
  } else {
    DeleteOne(n);
  }
}

void World::RecordWrites(SimNode* n, uint64_t before, bool acknowledged) {
  storage::Replica* r = n->node->replica();
  const std::string rid = r->replica_id();
  const uint64_t after = r->version_vector().Get(rid);
  WithoutIoErrors(n, [&] {
    for (uint64_t seq = before + 1; seq <= after; ++seq) {
      auto c = r->GetChange(rid, seq);
      if (!c.ok() || !c->has_value()) {
        Fail("a written change is held by its writer",
             absl::StrCat(rid, "#", seq, c.ok() ? "" : absl::StrCat(": ", c.status().ToString())));
        return;
      }
      written_[{rid, seq}] = Written{(*c)->SerializeAsString(), (*c)->key(), acknowledged, false};
    }
  });
}

void World::ImportRows(SimNode* n) {
  storage::Replica* r = n->node->replica();
  const uint64_t before = r->version_vector().Get(r->replica_id());
  std::string csv =
      "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
      "realisasi\n";
  const int rows = 1 + static_cast<int>(rng_() % 3);
  for (int i = 0; i < rows; ++i) {
    const uint64_t pagu = (1 + rng_() % 5000) * 1000;
    const uint64_t realisasi = pagu * (rng_() % 101) / 100;
    absl::StrAppend(&csv, n->satker, ",2024,CQ,Program,RA0", 1 + rng_() % 6, ",,Kegiatan ",
                    rng_() % 4, ",TAHUNAN,", Rupiah(pagu), ",", Rupiah(realisasi), "\n");
  }
  v1::ImportRequest req;
  req.set_file_kind(v1::FILE_KIND_ANGGARAN);
  req.set_file_name("anggaran.csv");
  req.set_content(csv);
  req.set_author(n->name);
  auto res = n->node->Import(req);
  RecordWrites(n, before, res.ok());
  Trace(absl::StrCat("import ", n->name, " rows=", rows, ": ",
                     res.ok() ? absl::StrCat("created ", res->created(), " changed ",
                                             res->changed())
                              : res.status().ToString()));
}

void World::DeleteOne(SimNode* n) {
  storage::Replica* r = n->node->replica();
  auto view = r->NewReadView();
  std::vector<std::string> keys;
  (void)view->Scan(storage::SatkerPrefix(n->satker),
                   [&](absl::string_view k, absl::string_view) {
                     keys.emplace_back(k);
                     return absl::OkStatus();
                   });
  if (keys.empty()) return;
  const std::string key = keys[rng_() % keys.size()];
  auto state = view->GetKeyState(key);
  if (!state.ok() || !state->has_value()) return;
  v1::ResolveRequest req;
  req.set_key(key);
  req.set_remove(true);
  req.set_author(n->name);
  for (const v1::Head& h : (*state)->heads()) *req.add_heads() = h.id();
  const uint64_t before = r->version_vector().Get(r->replica_id());
  auto res = n->node->Resolve(req);
  RecordWrites(n, before, res.ok());
  Trace(absl::StrCat("delete ", n->name, " ", key, ": ", res.ok() ? "OK" : res.status().ToString()));
}

void World::ResolveOne(SimNode* n) {
  storage::Replica* r = n->node->replica();
  auto view = r->NewReadView();
  std::string key;
  v1::KeyState state;
  (void)view->ScanConflicts(storage::SatkerPrefix(n->satker),
                            [&](absl::string_view k, const v1::KeyState& s) {
                              key = std::string(k);
                              state = s;
                              return storage::StopScan();
                            });
  if (key.empty()) {
    ImportRows(n);  // Nothing to resolve: an edit instead.
    return;
  }
  v1::ResolveRequest req;
  req.set_key(key);
  req.set_author(n->name);
  for (const v1::Head& h : state.heads()) *req.add_heads() = h.id();
  *req.mutable_pick() = state.heads(static_cast<int>(rng_() % state.heads_size())).id();
  const uint64_t before = r->version_vector().Get(r->replica_id());
  auto res = n->node->Resolve(req);
  RecordWrites(n, before, res.ok());
  Count("resolution");
  Trace(absl::StrCat("resolve ", n->name, " ", key, " (", state.heads_size(), " heads): ",
                     res.ok() ? "OK" : res.status().ToString()));
}

void World::RenameSatker(SimNode* n) {
  const v1::Satker& s = registry_[rng_() % registry_.size()];
  storage::Replica* r = n->node->replica();
  const uint64_t before = r->version_vector().Get(r->replica_id());
  v1::ImportRequest req;
  req.set_file_kind(v1::FILE_KIND_SATKER);
  req.set_file_name("satker.csv");
  req.set_content(absl::StrCat("kode,nama,tingkat,induk\n", s.kode(), ",KPU ", s.kode(), " v",
                               rng_() % 1000, ",", TingkatWord(s.tingkat()), ",", s.induk(),
                               "\n"));
  req.set_author(n->name);
  auto res = n->node->Import(req);
  RecordWrites(n, before, res.ok());
  Count("registry_change");
  Trace(absl::StrCat("rename ", s.kode(), " at ", n->name, ": ",
                     res.ok() ? "OK" : res.status().ToString()));
}

}  // namespace kinerja::sim
