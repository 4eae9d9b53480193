#include "tests/fuzz/sync_fixture.h"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <utility>

#include "absl/strings/str_cat.h"
#include "kinerja/v1/domain.pb.h"
#include "storage/entity_key.h"

namespace kinerja::fuzz {
namespace {

[[noreturn]] void FixtureFailed(const std::string& what) {
  std::fprintf(stderr, "sync fixture: %s\n", what.c_str());
  std::abort();
}

void Check(const absl::Status& status, const char* what) {
  if (!status.ok()) FixtureFailed(absl::StrCat(what, ": ", status.ToString()));
}

v1::Satker S(const std::string& kode, v1::Tingkat tingkat, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_tingkat(tingkat);
  s.set_induk(induk);
  return s;
}

std::string PaguKey(const std::string& satker, const std::string& kegiatan) {
  return storage::RecordKey(satker, 2024, storage::kKindPagu, {kegiatan, "-"});
}

// The budget line `PaguKey(satker, kegiatan)` names, `pagu` rupiah.
std::string PaguValue(const std::string& satker, const std::string& kegiatan, int64_t pagu) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker(satker);
  p->set_tahun(2024);
  p->set_kegiatan_kode(kegiatan);
  p->set_kegiatan(absl::StrCat("kegiatan ", kegiatan));
  p->set_pagu_rupiah(pagu);
  return r.SerializeAsString();
}

void Put(storage::Replica* replica, const std::string& key, const std::string& value) {
  Check(replica->Write({storage::Mutation{key, value}}, "fixture").status(), "write");
}

}  // namespace

MemReplica::MemReplica(const std::string& satker, uint64_t incarnation)
    : env_(rocksdb::NewMemEnv(rocksdb::Env::Default())) {
  storage::ReplicaOptions options;
  options.satker = satker;
  options.clock = &clock_;
  options.env = env_.get();
  options.sync = false;
  options.incarnation = incarnation;
  auto replica = storage::Replica::Open(absl::StrCat("/fuzz/", satker), std::move(options));
  if (!replica.ok()) FixtureFailed(replica.status().ToString());
  replica_ = std::move(*replica);
}

MemReplica::~MemReplica() { replica_.reset(); }

ReplicaState StateOf(const storage::Replica& replica) {
  ReplicaState state;
  state.vv = replica.version_vector();
  absl::StatusOr<std::string> digest = replica.Digest();
  Check(digest.status(), "digest");
  state.digest = *digest;
  state.held = replica.changes_held();
  return state;
}

std::shared_ptr<const daemon::Registry> FixtureRegistry() {
  static const auto* const registry = [] {
    auto r = daemon::Registry::Build(
        {S("RI", v1::TINGKAT_NASIONAL, ""), S("36", v1::TINGKAT_PROVINSI, "RI"),
         S("3604", v1::TINGKAT_KABKOTA, "36"), S("3603", v1::TINGKAT_KABKOTA, "36"),
         S("51", v1::TINGKAT_PROVINSI, "RI"), S("5104", v1::TINGKAT_KABKOTA, "51")});
    if (!r.ok()) FixtureFailed(r.status().ToString());
    return new std::shared_ptr<const daemon::Registry>(
        std::make_shared<const daemon::Registry>(std::move(*r)));
  }();
  return *registry;
}

daemon::SyncEngineOptions FixtureEngineOptions() {
  daemon::SyncEngineOptions options;
  options.max_batch_changes = 2;
  options.max_batch_bytes = 4096;
  options.window = 2;
  return options;
}

SyncWorld::SyncWorld()
    : parent_policy_(FixtureRegistry(), kParentNode, kChildNode, daemon::SyncEngine::Side::kParent),
      child_policy_(FixtureRegistry(), kChildNode, kParentNode, daemon::SyncEngine::Side::kChild) {
  Put(parent(), PaguKey("36", "H1"), PaguValue("36", "H1", 5'000'000));
  v1::Record note;
  note.mutable_catatan()->set_satker("3604");
  note.mutable_catatan()->set_penulis("36");
  note.mutable_catatan()->set_topik("LKj");
  note.mutable_catatan()->set_teks("catatan untuk 3604");
  Put(parent(), storage::CatatanKey("3604", "36", "LKj"), note.SerializeAsString());
  Put(child(), PaguKey("3604", "A1"), PaguValue("3604", "A1", 1'000'000));
  Put(child(), PaguKey("3604", "A2"), PaguValue("3604", "A2", 2'357'012'000));
  absl::Status status;
  RunSession(&status);
  Check(status, "seed session");
  v1::Record note2 = note;
  note2.mutable_catatan()->set_topik("Renja");
  note2.mutable_catatan()->set_teks("catatan kedua untuk 3604");
  Put(parent(), storage::CatatanKey("3604", "36", "Renja"), note2.SerializeAsString());
  Put(child(), PaguKey("3604", "A3"), PaguValue("3604", "A3", 23'368'000));
  Put(child(), PaguKey("3604", "A1"), PaguValue("3604", "A1", 1'500'000));
}

std::unique_ptr<daemon::SyncEngine> SyncWorld::NewParentEngine() const {
  return std::make_unique<daemon::SyncEngine>(parent(), daemon::SyncEngine::Side::kParent,
                                              kParentNode, kChildNode, &parent_policy_,
                                              FixtureEngineOptions());
}

std::unique_ptr<daemon::SyncEngine> SyncWorld::NewChildEngine() const {
  return std::make_unique<daemon::SyncEngine>(child(), daemon::SyncEngine::Side::kChild, kChildNode,
                                              kParentNode, &child_policy_, FixtureEngineOptions());
}

std::vector<v1::SyncMessage> SyncWorld::RunSession(absl::Status* status) const {
  std::unique_ptr<daemon::SyncEngine> c = NewChildEngine();
  std::unique_ptr<daemon::SyncEngine> p = NewParentEngine();
  std::vector<v1::SyncMessage> sent_by_child;
  std::deque<v1::SyncMessage> up, down;
  for (v1::SyncMessage& m : c->Start()) up.push_back(std::move(m));
  *status = absl::OkStatus();
  // Deliver everything queued for the parent before answering the child: a fixed order.
  while (!up.empty() || !down.empty()) {
    const bool to_parent = !up.empty();
    std::deque<v1::SyncMessage>& queue = to_parent ? up : down;
    v1::SyncMessage m = std::move(queue.front());
    queue.pop_front();
    if (to_parent) sent_by_child.push_back(m);
    auto out = (to_parent ? *p : *c).OnMessage(m);
    if (!out.ok()) {
      *status = out.status();
      return sent_by_child;
    }
    for (v1::SyncMessage& o : *out) (to_parent ? down : up).push_back(std::move(o));
  }
  if (!c->done() || !p->done()) *status = absl::InternalError("session stalled");
  return sent_by_child;
}

}  // namespace kinerja::fuzz
