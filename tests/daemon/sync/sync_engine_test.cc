#include "daemon/sync/sync_engine.h"

#include <deque>
#include <random>

#include "absl/strings/str_cat.h"
#include "daemon/sync/session_policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

using storage::Mutation;
using storage::Replica;
using ::testing::HasSubstr;

// A hello from `node`'s replica `replica_id`, in protocol 1.
v1::SyncMessage Hello(const std::string& node, const std::string& replica_id) {
  v1::SyncMessage hello;
  hello.mutable_hello()->set_node(node);
  hello.mutable_hello()->set_replica_id(replica_id);
  hello.mutable_hello()->set_protocol_version(1);
  return hello;
}

v1::Satker S(const std::string& kode, v1::Tingkat t, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_tingkat(t);
  s.set_induk(induk);
  return s;
}

std::shared_ptr<const Registry> TestRegistry() {
  auto r =
      Registry::Build({S("RI", v1::TINGKAT_NASIONAL, ""), S("36", v1::TINGKAT_PROVINSI, "RI"),
                       S("3604", v1::TINGKAT_KABKOTA, "36"), S("3603", v1::TINGKAT_KABKOTA, "36"),
                       S("51", v1::TINGKAT_PROVINSI, "RI"), S("5104", v1::TINGKAT_KABKOTA, "51")});
  EXPECT_TRUE(r.ok());
  return std::make_shared<const Registry>(*r);
}

class SyncEngineTest : public ::testing::Test {
 protected:
  std::unique_ptr<Replica> Open(const std::string& name, const std::string& satker) {
    auto r =
        Replica::Open(dir_.Sub(name), storage::ReplicaOptions{.satker = satker, .sync = false});
    EXPECT_TRUE(r.ok()) << r.status();
    return std::move(*r);
  }

  // Writes the record `key` names, with `text` as its name or note: every received value must
  // be its key's record.
  static void Put(Replica* r, const std::string& key, const std::string& text) {
    PutRaw(r, key, RecordFor(key, text).SerializeAsString());
  }

  static void PutRaw(Replica* r, const std::string& key, const std::string& value) {
    ASSERT_TRUE(r->Write({Mutation{key, value}}, "test").ok());
  }

  // The record of a pagu, reference satker or catatan key, carrying `text`.
  static v1::Record RecordFor(const std::string& key, const std::string& text) {
    auto parsed = storage::ParseKey(key);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    v1::Record r;
    switch (parsed->section) {
      case storage::KeySection::kRecord: {
        v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
        p->set_satker(parsed->satker);
        p->set_tahun(parsed->tahun);
        p->set_kegiatan_kode(parsed->ids.at(0));
        p->set_kegiatan(text);
        break;
      }
      case storage::KeySection::kReference:
        r.mutable_satker()->set_kode(parsed->ids.at(0));
        r.mutable_satker()->set_nama(text);
        break;
      case storage::KeySection::kCatatan:
        r.mutable_catatan()->set_satker(parsed->satker);
        r.mutable_catatan()->set_penulis(parsed->writer);
        r.mutable_catatan()->set_topik(parsed->ids.at(0));
        r.mutable_catatan()->set_teks(text);
        break;
    }
    return r;
  }

  static std::string Pagu(const std::string& satker, const std::string& id) {
    return storage::RecordKey(satker, 2024, storage::kKindPagu, {id, "-"});
  }

  // The text Put wrote under `key`, if visible.
  static std::optional<std::string> Visible(const Replica& r, const std::string& key) {
    std::optional<std::string> raw = RawVisible(r, key);
    if (!raw.has_value()) return std::nullopt;
    v1::Record record;
    EXPECT_TRUE(record.ParseFromString(*raw)) << key;
    switch (record.entity_case()) {
      case v1::Record::kAnggaranPagu:
        return record.anggaran_pagu().kegiatan();
      case v1::Record::kSatker:
        return record.satker().nama();
      case v1::Record::kCatatan:
        return record.catatan().teks();
      default:
        return *raw;
    }
  }

  static std::optional<std::string> RawVisible(const Replica& r, const std::string& key) {
    return *r.NewReadView()->Get(key);
  }

  // Runs one session between a child and its parent over an in-memory link that is cut after
  // `cut_after` delivered messages (never if negative). Returns the first error, CANCELLED
  // if cut, or OK once both sides are done.
  absl::Status Session(Replica* child, const std::string& child_node, Replica* parent,
                       const std::string& parent_node, int cut_after = -1,
                       SyncEngineOptions options = {}, std::mt19937_64* rng = nullptr,
                       const SessionPolicy* forged_child_policy = nullptr) {
    RegistrySessionPolicy honest(registry_, child_node, parent_node, SyncEngine::Side::kChild);
    const SessionPolicy& child_policy = forged_child_policy ? *forged_child_policy : honest;
    RegistrySessionPolicy parent_policy(registry_, parent_node, child_node,
                                        SyncEngine::Side::kParent);
    SyncEngine c(child, SyncEngine::Side::kChild, child_node, parent_node, &child_policy, options);
    SyncEngine p(parent, SyncEngine::Side::kParent, parent_node, child_node, &parent_policy,
                 options);
    std::deque<v1::SyncMessage> up, down;
    for (auto& m : c.Start()) up.push_back(std::move(m));
    int delivered = 0;
    while (!up.empty() || !down.empty()) {
      if (cut_after >= 0 && delivered == cut_after) return absl::CancelledError("link cut");
      const bool to_parent = down.empty() || (!up.empty() && (rng == nullptr || (*rng)() % 2));
      std::deque<v1::SyncMessage>& q = to_parent ? up : down;
      v1::SyncMessage m = std::move(q.front());
      q.pop_front();
      ++delivered;
      SyncEngine& receiver = to_parent ? p : c;
      auto out = receiver.OnMessage(m);
      if (!out.ok()) {
        last_stats_parent_ = p.stats();
        return out.status();
      }
      for (auto& o : *out) (to_parent ? down : up).push_back(std::move(o));
    }
    last_stats_child_ = c.stats();
    last_stats_parent_ = p.stats();
    if (!c.done() || !p.done()) return absl::InternalError("session stalled");
    return absl::OkStatus();
  }

  // Opens a session at `parent` (node `parent_node`) with the child `child_node` and feeds it
  // the child's Hello and then `batch` as batch 1, the way a forged child would. Returns the
  // parent's answer to the batch; *stats gets the parent's stats.
  absl::Status SendToParent(Replica* parent, const std::string& parent_node,
                            const std::string& child_node, const v1::ChangeBatch& batch,
                            SyncStats* stats = nullptr) {
    RegistrySessionPolicy policy(registry_, parent_node, child_node, SyncEngine::Side::kParent);
    SyncEngine p(parent, SyncEngine::Side::kParent, parent_node, child_node, &policy, {});
    v1::SyncMessage hello = Hello(child_node, child_node + ".00000000abcd");
    EXPECT_TRUE(p.OnMessage(hello).ok());
    v1::SyncMessage m;
    m.mutable_batch()->set_batch_no(1);
    *m.mutable_batch()->mutable_batch() = batch;
    absl::Status st = p.OnMessage(m).status();
    if (stats != nullptr) *stats = p.stats();
    return st;
  }

  // Change `seq` of `r`'s own origin, as held.
  static v1::Change Held(const Replica& r, uint64_t seq) {
    auto c = r.GetChange(r.replica_id(), seq);
    EXPECT_TRUE(c.ok() && c->has_value());
    return **c;
  }

  static v1::OriginRange Range(const std::string& origin, uint64_t first, uint64_t last) {
    v1::OriginRange r;
    r.set_origin(origin);
    r.set_first(first);
    r.set_last(last);
    return r;
  }

  testing::TempDir dir_;
  std::shared_ptr<const Registry> registry_ = TestRegistry();
  SyncStats last_stats_child_;
  SyncStats last_stats_parent_;
};

TEST_F(SyncEngineTest, OfficeDataGoesUpAndScopeComesDown) {
  auto office = Open("office", "3604");
  auto other_office = Open("other", "3603");
  auto hub = Open("hub", "36");
  auto national = Open("national", "RI");
  Put(office.get(), Pagu("3604", "1"), "serang");
  Put(other_office.get(), Pagu("3603", "1"), "tangerang");
  Put(national.get(), storage::ReferenceKey("RI", storage::kRefSatker, {"3604"}), "registry");
  Put(hub.get(), storage::CatatanKey("3604", "36", "LKj"), "note on 3604");
  Put(hub.get(), storage::CatatanKey("3603", "36", "LKj"), "note on 3603");
  Put(hub.get(), Pagu("36", "own"), "hub's own record");

  ASSERT_TRUE(Session(hub.get(), "36", national.get(), "RI").ok());
  ASSERT_TRUE(Session(other_office.get(), "3603", hub.get(), "36").ok());
  ASSERT_TRUE(Session(office.get(), "3604", hub.get(), "36").ok());
  EXPECT_EQ(last_stats_child_.sent_changes, 1u);
  ASSERT_TRUE(Session(hub.get(), "36", national.get(), "RI").ok());

  EXPECT_EQ(Visible(*national, Pagu("3604", "1")), "serang");  // Forwarded, origin kept.
  EXPECT_EQ(Visible(*national, Pagu("3603", "1")), "tangerang");
  EXPECT_EQ(Visible(*office, storage::ReferenceKey("RI", storage::kRefSatker, {"3604"})),
            "registry");
  EXPECT_EQ(Visible(*office, storage::CatatanKey("3604", "36", "LKj")), "note on 3604");
  EXPECT_EQ(Visible(*office, Pagu("3603", "1")), std::nullopt);  // Another office's record.
  EXPECT_EQ(Visible(*office, storage::CatatanKey("3603", "36", "LKj")), std::nullopt);
  EXPECT_EQ(Visible(*office, Pagu("36", "own")), std::nullopt);
  auto c = national->GetChange(office->replica_id(), 1);
  ASSERT_TRUE(c.ok() && c->has_value());
  // The office's vector accounts for every seq of the hub, even those out of its scope.
  EXPECT_EQ(office->version_vector().Get(hub->replica_id()),
            hub->version_vector().Get(hub->replica_id()));
}

TEST_F(SyncEngineTest, ForgedOriginFromChildIsRefusedAndNothingApplied) {
  auto impostor = Open("impostor", "3603");  // Holds 3603 data...
  auto hub = Open("hub", "36");
  Put(impostor.get(), Pagu("3603", "1"), "forged");
  // ...but authenticates as 3604, and sends everything it holds.
  // Its hello would be refused for naming a 3603 replica; a forged hello gets it past that
  // (SendToParent), to its change.
  v1::ChangeBatch all;
  *all.add_changes() = Held(*impostor, 1);
  absl::Status st = SendToParent(hub.get(), "36", "3604", all);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(st.message(), HasSubstr(impostor->replica_id() + "#1"));
  EXPECT_EQ(hub->version_vector().Get(impostor->replica_id()), 0u);
}

TEST_F(SyncEngineTest, WriterRuleRefusesAnotherOfficesKey) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "ok"), "mine");
  Put(office.get(), Pagu("3603", "1"), "not mine");
  absl::Status st = Session(office.get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(st.message(), HasSubstr("3603/2024/pagu/1"));
  EXPECT_EQ(Visible(*hub, Pagu("3604", "ok")), std::nullopt);  // Same batch: nothing applied.
}

TEST_F(SyncEngineTest, ChildRefusesOutOfScopeChangeFromParent) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(hub.get(), storage::CatatanKey("3603", "36", "x"), "about another office");
  RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
  SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
  auto hello = c.Start();
  v1::SyncMessage parent_hello = Hello("36", hub->replica_id());
  ASSERT_TRUE(c.OnMessage(parent_hello).ok());  // Nothing to upload: Done goes out.
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  auto change = hub->GetChange(hub->replica_id(), 1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = **change;
  auto st = c.OnMessage(batch);
  EXPECT_EQ(st.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(st.status().message(), HasSubstr("outside the scope of 3604"));
}

TEST_F(SyncEngineTest, HelloFromWrongNodeIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  RegistrySessionPolicy parent_policy(registry_, "36", "3604", SyncEngine::Side::kParent);
  SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &parent_policy, {});
  v1::SyncMessage hello;
  hello.mutable_hello()->set_node("3603");
  hello.mutable_hello()->set_protocol_version(1);
  EXPECT_EQ(p.OnMessage(hello).status().code(), absl::StatusCode::kPermissionDenied);
}

// The hello's software version is shown to operators: a version string, or the hello is refused.
TEST_F(SyncEngineTest, HelloWithAnythingButAVersionStringIsRefused) {
  auto hub = Open("hub", "36");
  for (const std::string& version : {std::string("0.1.0-dev"), std::string(""),
                                     std::string("<script>"), std::string(65, '1')}) {
    SCOPED_TRACE(version);
    RegistrySessionPolicy policy(registry_, "36", "3604", SyncEngine::Side::kParent);
    SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &policy, {});
    v1::SyncMessage hello = Hello("3604", "3604.00000000abcd");
    hello.mutable_hello()->set_software_version(version);
    auto st = p.OnMessage(hello);
    const bool good = version.size() <= 64 && version.find('<') == std::string::npos;
    EXPECT_EQ(st.ok(), good) << st.status();
    EXPECT_EQ(p.stats().peer_software_version, good ? version : "");
  }
}

TEST_F(SyncEngineTest, HelloOfAnotherProtocolVersionIsRefusedNamingBoth) {
  auto hub = Open("hub", "36");
  for (uint32_t version : {0u, kSyncProtocolVersion + 1}) {
    RegistrySessionPolicy parent_policy(registry_, "36", "3604", SyncEngine::Side::kParent);
    SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &parent_policy, {});
    v1::SyncMessage hello;
    hello.mutable_hello()->set_node("3604");
    hello.mutable_hello()->set_replica_id("3604.00000000abcd");
    hello.mutable_hello()->set_protocol_version(version);
    const absl::Status st = p.OnMessage(hello).status();
    EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
    EXPECT_THAT(st.message(), ::testing::HasSubstr(absl::StrCat("3604 speaks version ", version)));
    EXPECT_THAT(st.message(),
                ::testing::HasSubstr(absl::StrCat("(36) speaks version ", kSyncProtocolVersion)));
  }
}

TEST_F(SyncEngineTest, CutSessionsResumeAndConverge) {
  for (int seed = 1; seed <= 15; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    testing::TempDir dir;
    std::mt19937_64 rng(seed);
    auto open = [&](const std::string& name, const std::string& satker) {
      return std::move(
          *Replica::Open(dir.Sub(name), storage::ReplicaOptions{.satker = satker, .sync = false}));
    };
    auto laptop1 = open("l1", "3604");
    auto laptop2 = open("l2", "3604");
    auto other = open("o", "3603");
    auto hub = open("hub", "36");
    for (int i = 0; i < 200; ++i) {
      Replica* w = i % 3 == 0 ? laptop1.get() : i % 3 == 1 ? laptop2.get() : other.get();
      const std::string satker = w->satker();
      Put(w, Pagu(satker, absl::StrCat("k", rng() % 40)), absl::StrCat("v", i));
      if (i % 50 == 0) Put(hub.get(), storage::CatatanKey(satker, "36", absl::StrCat(i)), "note");
    }
    SyncEngineOptions small{
        .max_batch_changes = 1 + rng() % 7, .max_batch_bytes = 1 << 20, .window = 1 + rng() % 4};
    struct Pair {
      Replica* child;
      std::string node;
    };
    std::vector<Pair> pairs = {
        {laptop1.get(), "3604"}, {laptop2.get(), "3604"}, {other.get(), "3603"}};
    // Every child syncs over flaky links until two clean rounds pass.
    for (int round = 0; round < 3; ++round) {
      for (const Pair& pr : pairs) {
        for (int attempt = 0;; ++attempt) {
          ASSERT_LT(attempt, 500);
          const int cut = round < 2 ? static_cast<int>(rng() % 12) : -1;
          absl::Status st = Session(pr.child, pr.node, hub.get(), "36", cut, small, &rng);
          if (st.ok()) break;
          ASSERT_EQ(st.code(), absl::StatusCode::kCancelled) << st;
        }
      }
    }
    EXPECT_EQ(*laptop1->Digest(), *laptop2->Digest());
    EXPECT_EQ(laptop1->conflict_count(), laptop2->conflict_count());
    for (const Pair& pr : pairs) {
      auto view = hub->NewReadView();
      ASSERT_TRUE(view->Scan(storage::SatkerPrefix(pr.node),
                             [&](absl::string_view k, absl::string_view v) {
                               EXPECT_EQ(RawVisible(*pr.child, std::string(k)), std::string(v))
                                   << k;
                               return absl::OkStatus();
                             })
                      .ok());
      EXPECT_EQ(pr.child->version_vector(), hub->version_vector());
    }
    EXPECT_EQ(Visible(*laptop1, Pagu("3603", "k0")), std::nullopt);
  }
}

TEST_F(SyncEngineTest, RecordOfAnotherSatkerUnderOwnKeyIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "honest");
  // 3604's own key, but the record says it is 3603's: the rollups would add it to 3603.
  v1::Record forged = RecordFor(Pagu("3604", "9999"), "forged");
  forged.mutable_anggaran_pagu()->set_satker("3603");
  forged.mutable_anggaran_pagu()->set_pagu_rupiah(777'000'000'000);
  PutRaw(office.get(), Pagu("3604", "9999"), forged.SerializeAsString());

  absl::Status st = Session(office.get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#2"));
  EXPECT_THAT(st.message(), HasSubstr("3603/2024/pagu/9999"));
  EXPECT_TRUE(last_stats_parent_.refused);
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
  EXPECT_EQ(Visible(*hub, Pagu("3604", "1")), std::nullopt);  // Same batch: nothing applied.
}

TEST_F(SyncEngineTest, SatkerRecordUnderPaguKeyIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  PutRaw(office.get(), Pagu("3604", "1"),
         RecordFor(storage::ReferenceKey("RI", storage::kRefSatker, {"3604"}), "a satker")
             .SerializeAsString());
  SyncStats stats;
  absl::Status st = SendToParent(
      hub.get(), "36", "3604",
      [&] {
        v1::ChangeBatch b;
        *b.add_changes() = Held(*office, 1);
        return b;
      }(),
      &stats);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#1"));
  EXPECT_TRUE(stats.refused);
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
}

TEST_F(SyncEngineTest, UndecodableValueIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  PutRaw(office.get(), Pagu("3604", "1"), "\xff\xff\xff not a record");
  absl::Status st = Session(office.get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#1"));
  EXPECT_THAT(st.message(), HasSubstr("does not decode"));
  EXPECT_TRUE(last_stats_parent_.refused);
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
}

TEST_F(SyncEngineTest, ChildRangeForSiblingOfficesOriginIsRefused) {
  auto hub = Open("hub", "36");
  const std::string sibling = "3603.00000000abcd";
  v1::ChangeBatch b;
  *b.add_covered() = Range(sibling, 1, 1000);
  SyncStats stats;
  absl::Status st = SendToParent(hub.get(), "36", "3604", b, &stats);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_THAT(st.message(), HasSubstr(sibling + " [1, 1000]"));
  EXPECT_TRUE(stats.refused);
  EXPECT_EQ(hub->version_vector().Get(sibling), 0u);
}

TEST_F(SyncEngineTest, ChildRangeForNationalOriginIsRefused) {
  auto hub = Open("hub", "36");
  const std::string national = "RI.0000000000aa";
  v1::ChangeBatch b;
  *b.add_covered() = Range(national, 1, 1000);
  absl::Status st = SendToParent(hub.get(), "36", "3604", b);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_THAT(st.message(), HasSubstr(national + " [1, 1000]"));
  EXPECT_EQ(hub->version_vector().Get(national), 0u);
}

TEST_F(SyncEngineTest, ChildRangeThatPassesOverItsOwnSeqsIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  for (int i = 1; i <= 3; ++i) Put(office.get(), Pagu("3604", absl::StrCat(i)), "v");
  v1::ChangeBatch b;
  *b.add_changes() = Held(*office, 1);
  *b.add_covered() = Range(office->replica_id(), 1, 3);  // #2 and #3 never sent.
  absl::Status st = SendToParent(hub.get(), "36", "3604", b);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + " [1, 3]"));
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
  // The honest account of the same change is accepted.
  b.mutable_covered(0)->set_last(1);
  EXPECT_TRUE(SendToParent(hub.get(), "36", "3604", b).ok());
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 1u);
}

TEST_F(SyncEngineTest, ChangesOutOfOrderAreRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "first");
  Put(office.get(), Pagu("3604", "2"), "second");
  v1::ChangeBatch b;
  *b.add_changes() = Held(*office, 2);
  *b.add_changes() = Held(*office, 1);
  *b.add_covered() = Range(office->replica_id(), 1, 2);
  absl::Status st = SendToParent(hub.get(), "36", "3604", b);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#1"));
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
  EXPECT_EQ(Visible(*hub, Pagu("3604", "2")), std::nullopt);
}

TEST_F(SyncEngineTest, OriginWithoutIncarnationIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "v");
  v1::ChangeBatch b;
  *b.add_changes() = Held(*office, 1);
  b.mutable_changes(0)->set_origin("3604");
  absl::Status st = SendToParent(hub.get(), "36", "3604", b);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_THAT(st.message(), HasSubstr("change 3604#1"));
  EXPECT_EQ(hub->version_vector().Get("3604"), 0u);
}

// An office whose own log went back (a damaged WAL, a restored backup): same replica id,
// fewer changes of its own origin than the hub holds, and different content at the reused
// seqs. Both ends must refuse before anything moves.
TEST_F(SyncEngineTest, PeerHoldingMoreOfOwnOriginIsRefusedBeforeAnythingMoves) {
  auto office =
      Replica::Open(dir_.Sub("office"),
                    storage::ReplicaOptions{.satker = "3604", .sync = false, .incarnation = 0x77});
  ASSERT_TRUE(office.ok());
  auto hub = Open("hub", "36");
  Put(office->get(), Pagu("3604", "1"), "first");
  Put(office->get(), Pagu("3604", "2"), "second");
  Put(office->get(), Pagu("3604", "3"), "third");
  ASSERT_TRUE(Session(office->get(), "3604", hub.get(), "36").ok());
  office->reset();
  auto rolled_back =
      Replica::Open(dir_.Sub("rolled_back"),
                    storage::ReplicaOptions{.satker = "3604", .sync = false, .incarnation = 0x77});
  ASSERT_TRUE(rolled_back.ok());
  Put(rolled_back->get(), Pagu("3604", "1"), "first");
  Put(rolled_back->get(), Pagu("3604", "2"), "other content at a reused seq");
  Put(hub.get(), storage::CatatanKey("3604", "36", "LKj"), "note on 3604");
  const std::string origin = (*rolled_back)->replica_id();

  absl::Status st = Session(rolled_back->get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(st.message(), HasSubstr(origin));
  EXPECT_THAT(st.message(), HasSubstr("up to seq 3"));
  EXPECT_THAT(st.message(), HasSubstr("only up to seq 2"));
  EXPECT_EQ(hub->accounted(origin), 3u);
  EXPECT_EQ(Visible(*hub, Pagu("3604", "2")), "second");  // The hub's figures are unchanged.
  EXPECT_EQ(Visible(**rolled_back, storage::CatatanKey("3604", "36", "LKj")), std::nullopt);
}

// The log went back and the office wrote as many changes again: the counts agree, the
// content does not. The parent's Hello names the HLC of its last change of the child's origin.
TEST_F(SyncEngineTest, OwnSeqsWrittenAgainWithOtherContentAreRefused) {
  storage::ReplicaOptions options{.satker = "3604", .sync = false, .incarnation = 0x55};
  auto office = Replica::Open(dir_.Sub("office"), options);
  ASSERT_TRUE(office.ok());
  auto hub = Open("hub", "36");
  Put(office->get(), Pagu("3604", "1"), "first");
  Put(office->get(), Pagu("3604", "2"), "second");
  ASSERT_TRUE(Session(office->get(), "3604", hub.get(), "36").ok());
  office->reset();
  auto rolled_back = Replica::Open(dir_.Sub("rolled_back"), options);
  ASSERT_TRUE(rolled_back.ok());
  Put(rolled_back->get(), Pagu("3604", "1"), "first");
  Put(rolled_back->get(), Pagu("3604", "2"), "other content at a reused seq");

  absl::Status st = Session(rolled_back->get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(st.message(), HasSubstr("other content at seq 2"));
  EXPECT_EQ(Visible(*hub, Pagu("3604", "2")), "second");
  EXPECT_EQ((*rolled_back)->Write({Mutation{Pagu("3604", "3"), "x"}}, "test").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Only a replica writes its own origin. A parent sending a change of the child's origin that the
// child never wrote (found by the simulator: a compromised hub re-numbered an echoed change to
// the child's next seq, which the child then held as its own) is a peer holding more of the
// child's origin than it does: refused, nothing applied, and writing stops, since the next
// write would take that seq.
TEST_F(SyncEngineTest, ParentSendingAChangeOfTheChildsOwnOriginItNeverWroteIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "one");
  const std::string origin = office->replica_id();
  for (bool forged : {false, true}) {
    SCOPED_TRACE(forged ? "forged seq 2" : "echo of seq 1");
    RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
    SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
    c.Start();
    v1::SyncMessage parent_hello = Hello("36", hub->replica_id());
    *parent_hello.mutable_hello()->mutable_version_vector() = office->version_vector().ToProto();
    ASSERT_TRUE(c.OnMessage(parent_hello).ok());
    v1::SyncMessage batch;
    batch.mutable_batch()->set_batch_no(1);
    v1::Change change = Held(*office, 1);
    if (forged) {
      change.set_seq(2);
      change.set_value(RecordFor(Pagu("3604", "1"), "forged").SerializeAsString());
    }
    *batch.mutable_batch()->mutable_batch()->add_changes() = change;
    auto st = c.OnMessage(batch);
    if (!forged) {
      EXPECT_TRUE(st.ok()) << st.status();
      continue;
    }
    EXPECT_EQ(st.status().code(), absl::StatusCode::kFailedPrecondition) << st.status();
    EXPECT_THAT(st.status().message(), HasSubstr(origin));
  }
  EXPECT_EQ(office->version_vector().Get(origin), 1u);
  EXPECT_EQ(Visible(*office, Pagu("3604", "1")), "one");
  EXPECT_EQ(office->Write({Mutation{Pagu("3604", "2"), "x"}}, "test").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Changes a child uploads in a session are not sent back to it in that session's download,
// although its hello (sent before it wrote them) did not count them.
TEST_F(SyncEngineTest, ParentDoesNotSendAChildItsOwnUploadsBack) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "one");
  Put(office.get(), Pagu("3604", "2"), "two");
  Put(hub.get(), storage::CatatanKey("3604", "36", "LKj"), "note on 3604");
  RegistrySessionPolicy policy(registry_, "36", "3604", SyncEngine::Side::kParent);
  SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &policy, {});
  v1::SyncMessage hello = Hello("3604", office->replica_id());
  ASSERT_TRUE(p.OnMessage(hello).ok());
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = Held(*office, 1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = Held(*office, 2);
  ASSERT_TRUE(p.OnMessage(batch).ok());
  v1::SyncMessage done;
  done.mutable_done()->set_batches(1);
  done.mutable_done()->set_changes(2);
  auto down = p.OnMessage(done);
  ASSERT_TRUE(down.ok()) << down.status();
  int sent = 0;
  for (const v1::SyncMessage& m : *down) {
    for (const v1::Change& c : m.batch().batch().changes()) {
      EXPECT_NE(c.origin(), office->replica_id()) << c.key();
      ++sent;
    }
  }
  EXPECT_EQ(sent, 1);  // The hub's note only.
}

TEST_F(SyncEngineTest, ParentRefusesChildHoldingMoreOfTheParentsOwnOrigin) {
  auto office = Open("office", "3604");
  auto hub = Replica::Open(
      dir_.Sub("hub"), storage::ReplicaOptions{.satker = "36", .sync = false, .incarnation = 9});
  ASSERT_TRUE(hub.ok());
  Put(hub->get(), storage::CatatanKey("3604", "36", "a"), "one");
  Put(hub->get(), storage::CatatanKey("3604", "36", "b"), "two");
  ASSERT_TRUE(Session(office.get(), "3604", hub->get(), "36").ok());
  hub->reset();
  auto restored =
      Replica::Open(dir_.Sub("restored"),
                    storage::ReplicaOptions{.satker = "36", .sync = false, .incarnation = 9});
  ASSERT_TRUE(restored.ok());
  Put(restored->get(), storage::CatatanKey("3604", "36", "a"), "one");
  Put(office.get(), Pagu("3604", "1"), "new figure");

  absl::Status st = Session(office.get(), "3604", restored->get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(st.message(), HasSubstr("up to seq 2"));
  EXPECT_THAT(st.message(), HasSubstr("only up to seq 1"));
  EXPECT_EQ(Visible(**restored, Pagu("3604", "1")), std::nullopt);  // Nothing received.
}

// A child's hello is a claim: a compromised office saying it holds more of its hub's own origin
// than the hub does must not halt the hub's writes for good. The session is refused; writing
// goes on (the hub's upstream is the one whose word stops it).
TEST_F(SyncEngineTest, ChildClaimingMoreOfTheParentsOwnOriginRefusesOnlyItsSession) {
  auto hub = Open("hub", "36");
  Put(hub.get(), storage::CatatanKey("3604", "36", "a"), "one");
  RegistrySessionPolicy policy(registry_, "36", "3604", SyncEngine::Side::kParent);
  SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &policy, {});
  v1::SyncMessage hello = Hello("3604", "3604.00000000abcd");
  auto* e = hello.mutable_hello()->mutable_version_vector()->add_entries();
  e->set_origin(hub->replica_id());
  e->set_seq(1000);
  auto st = p.OnMessage(hello);
  EXPECT_EQ(st.status().code(), absl::StatusCode::kFailedPrecondition) << st.status();
  EXPECT_THAT(st.status().message(), HasSubstr("up to seq 1000"));
  EXPECT_EQ(hub->own_origin_regression(), std::nullopt);
  auto written =
      hub->Write({storage::Mutation{storage::CatatanKey("3604", "36", "b"), "two"}}, "test");
  EXPECT_TRUE(written.ok()) << written.status();
}

TEST_F(SyncEngineTest, AckRaisingThePeersVectorPastOwnOriginIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "one");
  RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
  SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
  c.Start();
  v1::SyncMessage parent_hello = Hello("36", hub->replica_id());
  ASSERT_TRUE(c.OnMessage(parent_hello).ok());  // Batch 1 goes up.
  v1::SyncMessage ack;
  ack.mutable_ack()->set_batch_no(1);
  auto* e = ack.mutable_ack()->mutable_version_vector()->add_entries();
  e->set_origin(office->replica_id());
  e->set_seq(5);
  auto st = c.OnMessage(ack);
  EXPECT_EQ(st.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(st.status().message(), HasSubstr("up to seq 5"));
  EXPECT_THAT(st.status().message(), HasSubstr("only up to seq 1"));
}

TEST_F(SyncEngineTest, EmptyMessageIsInvalid) {
  auto hub = Open("hub", "36");
  RegistrySessionPolicy policy(registry_, "36", "3604", SyncEngine::Side::kParent);
  SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &policy, {});
  EXPECT_EQ(p.OnMessage(v1::SyncMessage()).status().code(), absl::StatusCode::kInvalidArgument);
}

// The hello's replica id is checked against the certificate like its node (DESIGN.md: "hello
// node and replica id ... a claim until the certificate and the registry back it").
TEST_F(SyncEngineTest, HelloWithAnotherSatkersReplicaIdIsRefused) {
  auto hub = Open("hub", "36");
  for (const std::string& claimed : {std::string("3603.00000000abcd"), std::string("3604"),
                                     std::string(""), std::string("36.00000000abcd")}) {
    SCOPED_TRACE(claimed);
    RegistrySessionPolicy policy(registry_, "36", "3604", SyncEngine::Side::kParent);
    SyncEngine p(hub.get(), SyncEngine::Side::kParent, "36", "3604", &policy, {});
    v1::SyncMessage hello = Hello("3604", claimed);
    auto out = p.OnMessage(hello);
    EXPECT_EQ(out.status().code(), absl::StatusCode::kPermissionDenied) << out.status();
    EXPECT_THAT(out.status().message(), HasSubstr("not a replica id of 3604"));
  }
  // The child checks its parent's hello the same way.
  auto office = Open("office", "3604");
  RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
  SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
  c.Start();
  v1::SyncMessage parent_hello = Hello("36", "51.00000000abcd");
  EXPECT_EQ(c.OnMessage(parent_hello).status().code(), absl::StatusCode::kPermissionDenied);
}

// National adds satker 3699 under 36 and, in the same batch, a note on it: the note is
// authorised against the registry as the batch's earlier change leaves it.
TEST_F(SyncEngineTest, NewSatkerAndANoteOnItInOneBatchAreAccepted) {
  auto national = Open("national", "RI");
  auto hub = Open("hub", "36");
  const std::string entry_key = storage::ReferenceKey("RI", storage::kRefSatker, {"3699"});
  v1::Record entry;
  entry.mutable_satker()->set_kode("3699");
  entry.mutable_satker()->set_nama("KPU Kabupaten Baru");
  entry.mutable_satker()->set_tingkat(v1::TINGKAT_KABKOTA);
  entry.mutable_satker()->set_induk("36");
  PutRaw(national.get(), entry_key, entry.SerializeAsString());
  Put(national.get(), storage::CatatanKey("3699", "RI", "LKj"), "note on 3699");

  // The hub's registry does not know 3699 yet; national sends both changes in one batch.
  RegistrySessionPolicy child_policy(registry_, "36", "RI", SyncEngine::Side::kChild);
  SyncEngine c(hub.get(), SyncEngine::Side::kChild, "36", "RI", &child_policy, {});
  c.Start();
  v1::SyncMessage parent_hello = Hello("RI", national->replica_id());
  ASSERT_TRUE(c.OnMessage(parent_hello).ok());
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = Held(*national, 1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = Held(*national, 2);
  auto st = c.OnMessage(batch);
  ASSERT_TRUE(st.ok()) << st.status();
  EXPECT_FALSE(c.stats().refused);
  EXPECT_EQ(Visible(*hub, storage::CatatanKey("3699", "RI", "LKj")), "note on 3699");
  EXPECT_EQ(hub->version_vector().Get(national->replica_id()), 2u);
}

// The overlay grants nothing the entry does not: a note on a satker the batch places under
// another province is still out of 36's scope.
TEST_F(SyncEngineTest, NewSatkerOfAnotherProvinceDoesNotWidenScope) {
  auto national = Open("national", "RI");
  auto hub = Open("hub", "36");
  v1::Record entry;
  entry.mutable_satker()->set_kode("5199");
  entry.mutable_satker()->set_tingkat(v1::TINGKAT_KABKOTA);
  entry.mutable_satker()->set_induk("51");
  PutRaw(national.get(), storage::ReferenceKey("RI", storage::kRefSatker, {"5199"}),
         entry.SerializeAsString());
  Put(national.get(), storage::CatatanKey("5199", "RI", "LKj"), "note on 5199");
  RegistrySessionPolicy child_policy(registry_, "36", "RI", SyncEngine::Side::kChild);
  v1::ChangeBatch b;
  *b.add_changes() = Held(*national, 1);
  *b.add_changes() = Held(*national, 2);
  absl::Status st = child_policy.CheckReceivedBatch(b);
  EXPECT_EQ(st.code(), absl::StatusCode::kPermissionDenied) << st;
  EXPECT_THAT(st.message(), HasSubstr("outside the scope of 36"));
}

// Issue "Close the holes" (11): a received change whose money would wrap a sum is refused
// whole, naming the change and its key, and counted as a refusal.
TEST_F(SyncEngineTest, ReceivedPaguBeyondTheMoneyBoundIsRefusedAndNothingApplied) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "honest");
  v1::Record huge = RecordFor(Pagu("3604", "2"), "huge");
  huge.mutable_anggaran_pagu()->set_pagu_rupiah(INT64_MAX);
  PutRaw(office.get(), Pagu("3604", "2"), huge.SerializeAsString());
  absl::Status st = Session(office.get(), "3604", hub.get(), "36");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#2"));
  EXPECT_THAT(st.message(), HasSubstr(Pagu("3604", "2")));
  EXPECT_TRUE(last_stats_parent_.refused);
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
}

// Issue "Close the holes" (17): a received key or author past its bound is refused.
TEST_F(SyncEngineTest, ReceivedAuthorPastItsBoundIsRefused) {
  auto office = Open("office", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "v");
  v1::ChangeBatch b;
  *b.add_changes() = Held(*office, 1);
  b.mutable_changes(0)->set_author(std::string(300, 'a'));
  SyncStats stats;
  absl::Status st = SendToParent(hub.get(), "36", "3604", b, &stats);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr(office->replica_id() + "#1"));
  EXPECT_THAT(st.message(), HasSubstr("author"));
  EXPECT_TRUE(stats.refused);
  EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
}


// Found by kinerja_sim (seed 0x1f9 at the time): a compromised hub's range over an office's own
// origin pushed the office's vector past its log, so its next change took seq 1001 and every
// later session was refused. A parent's range of the child's own satker may pass over nothing.
TEST_F(SyncEngineTest, ParentRangeOverChildsOwnSatkerIsRefused) {
  auto office = Open("office", "3604");
  auto laptop = Open("laptop", "3604");
  auto hub = Open("hub", "36");
  Put(office.get(), Pagu("3604", "1"), "one");
  const std::string laptop_origin = laptop->replica_id();
  for (const std::string& origin : {office->replica_id(), laptop_origin}) {
    SCOPED_TRACE(origin);
    RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
    SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
    c.Start();
    v1::SyncMessage parent_hello = Hello("36", hub->replica_id());
    *parent_hello.mutable_hello()->mutable_version_vector() = office->version_vector().ToProto();
    auto up = c.OnMessage(parent_hello);
    ASSERT_TRUE(up.ok()) << up.status();
    v1::SyncMessage batch;
    batch.mutable_batch()->set_batch_no(1);
    const uint64_t first = office->version_vector().Get(origin) + 1;
    *batch.mutable_batch()->mutable_batch()->add_covered() = Range(origin, first, 1000);
    auto st = c.OnMessage(batch);
    EXPECT_EQ(st.status().code(), absl::StatusCode::kPermissionDenied) << st.status();
    EXPECT_THAT(st.status().message(), HasSubstr(absl::StrCat(origin, " [", first, ", 1000]")));
  }
  EXPECT_EQ(office->version_vector().Get(office->replica_id()), 1u);
  EXPECT_EQ(office->version_vector().Get(laptop_origin), 0u);
  // A range of another satker's origin (the hub's notes on other offices) still passes.
  RegistrySessionPolicy child_policy(registry_, "3604", "36", SyncEngine::Side::kChild);
  SyncEngine c(office.get(), SyncEngine::Side::kChild, "3604", "36", &child_policy, {});
  c.Start();
  v1::SyncMessage parent_hello = Hello("36", hub->replica_id());
  *parent_hello.mutable_hello()->mutable_version_vector() = office->version_vector().ToProto();
  ASSERT_TRUE(c.OnMessage(parent_hello).ok());
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  *batch.mutable_batch()->mutable_batch()->add_covered() = Range(hub->replica_id(), 1, 3);
  auto st = c.OnMessage(batch);
  EXPECT_TRUE(st.ok()) << st.status();
  EXPECT_EQ(office->version_vector().Get(hub->replica_id()), 3u);
}

// The same one tier up: national's range over an origin of one of the hub's offices, whose
// every change the hub holds, is refused; over another province's office it passes.
TEST_F(SyncEngineTest, ParentRangeOverAnOriginOfTheHubsSubtreeIsRefused) {
  auto hub = Open("hub", "36");
  auto national = Open("national", "RI");
  auto office = Open("office", "3604");
  auto other = Open("other", "5104");
  auto session = [&] {
    auto policy = std::make_unique<RegistrySessionPolicy>(registry_, "36", "RI",
                                                          SyncEngine::Side::kChild);
    auto engine = std::make_unique<SyncEngine>(hub.get(), SyncEngine::Side::kChild, "36", "RI",
                                               policy.get(), SyncEngineOptions{});
    engine->Start();
    v1::SyncMessage parent_hello = Hello("RI", national->replica_id());
    *parent_hello.mutable_hello()->mutable_version_vector() = hub->version_vector().ToProto();
    EXPECT_TRUE(engine->OnMessage(parent_hello).ok());
    return std::make_pair(std::move(policy), std::move(engine));
  };
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  *batch.mutable_batch()->mutable_batch()->add_covered() = Range(office->replica_id(), 1, 1000);
  {
    auto [policy, engine] = session();
    auto st = engine->OnMessage(batch);
    EXPECT_EQ(st.status().code(), absl::StatusCode::kPermissionDenied) << st.status();
    EXPECT_THAT(st.status().message(), HasSubstr(absl::StrCat(office->replica_id(), " [1, 1000]")));
    EXPECT_EQ(hub->version_vector().Get(office->replica_id()), 0u);
  }
  *batch.mutable_batch()->mutable_batch()->mutable_covered(0) = Range(other->replica_id(), 1, 3);
  auto [policy, engine] = session();
  auto st = engine->OnMessage(batch);
  EXPECT_TRUE(st.ok()) << st.status();
  EXPECT_EQ(hub->version_vector().Get(other->replica_id()), 3u);
}

}  // namespace
}  // namespace kinerja::daemon
