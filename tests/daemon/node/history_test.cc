// KeyHistory (AdminService.History, kinerjactl history): every version of a key a replica
// holds, found by walking back from its heads, with the bases each superseded.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/registry.h"
#include "daemon/codec/record_key.h"
#include "daemon/node/record_queries.h"
#include "gtest/gtest.h"
#include "storage/replica.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

v1::Record Pagu(int64_t rupiah) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker("3604");
  p->set_tahun(2024);
  p->set_program_kode("CQ");
  p->set_program("Program");
  p->set_kegiatan_kode("RA01");
  p->set_kegiatan("Kegiatan");
  p->set_pagu_rupiah(rupiah);
  return r;
}

std::string Id(const v1::ChangeId& id) { return absl::StrCat(id.origin(), "#", id.seq()); }

std::vector<std::string> Ids(const google::protobuf::RepeatedPtrField<v1::ChangeId>& ids) {
  std::vector<std::string> out;
  for (const v1::ChangeId& id : ids) out.push_back(Id(id));
  std::sort(out.begin(), out.end());
  return out;
}

class HistoryTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::Replica> Open(const std::string& name) {
    storage::ReplicaOptions o;
    o.satker = "3604";
    o.sync = false;
    auto r = storage::Replica::Open(dir_.Sub(name), o);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : nullptr;
  }
  // Everything `to` lacks from `from`.
  static void SyncInto(const storage::Replica& from, storage::Replica* to) {
    auto cursor = from.NewChangeCursor(to->version_vector(), nullptr);
    while (!cursor->done()) {
      v1::ChangeBatch b;
      ASSERT_TRUE(cursor->Next(1000, 1 << 20, &b).ok());
      auto st = to->Apply(b);
      ASSERT_TRUE(st.ok()) << st.status();
    }
  }
  static std::string Put(storage::Replica* r, const std::string& key, int64_t rupiah) {
    auto written = r->Write({storage::Mutation{key, Pagu(rupiah).SerializeAsString()}}, "staf");
    EXPECT_TRUE(written.ok()) << written.status();
    return written.ok() ? absl::StrCat((*written)[0].origin(), "#", (*written)[0].seq()) : "";
  }

  testing::TempDir dir_;
};

// Written, edited twice, edited on two laptops at once (a conflict), resolved: history lists
// the five versions oldest first, each with the bases it superseded and its successors.
TEST_F(HistoryTest, ListsEveryVersionOfAKeyEditedThenInConflictThenResolved) {
  auto a = Open("a");
  auto b = Open("b");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const std::string key = *codec::KeyForRecord(Pagu(1));
  const std::string v1 = Put(a.get(), key, 1'000'000);
  const std::string v2 = Put(a.get(), key, 2'000'000);
  const std::string v3 = Put(a.get(), key, 3'000'000);
  SyncInto(*a, b.get());
  const std::string va = Put(a.get(), key, 4'000'000);  // Both laptops edit v3.
  const std::string vb = Put(b.get(), key, 5'000'000);
  SyncInto(*b, a.get());
  SyncInto(*a, b.get());

  v1::HistoryRequest request;
  request.set_key(key);
  auto conflict = KeyHistory(*a, request);
  ASSERT_TRUE(conflict.ok()) << conflict.status();
  ASSERT_EQ(conflict->versions_size(), 5);
  EXPECT_TRUE(conflict->versions(3).head());
  EXPECT_TRUE(conflict->versions(4).head());

  auto registry = Registry::Build({Satker("RI", v1::TINGKAT_NASIONAL, ""),
                                   Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                                   Satker("3604", v1::TINGKAT_KABKOTA, "36")});
  ASSERT_TRUE(registry.ok()) << registry.status();
  v1::ResolveRequest resolve;
  resolve.set_key(key);
  resolve.set_author("kasubbag");
  for (const int i : {3, 4}) *resolve.add_heads() = conflict->versions(i).version().id();
  *resolve.mutable_pick() = conflict->versions(3).version().id();
  auto resolved = ResolveConflict(a.get(), *registry, "3604", resolve);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  const std::string vr = absl::StrCat(resolved->change().origin(), "#", resolved->change().seq());
  SyncInto(*a, b.get());

  for (const storage::Replica* r : {a.get(), b.get()}) {
    auto history = KeyHistory(*r, request);
    ASSERT_TRUE(history.ok()) << history.status();
    EXPECT_EQ(history->key(), key);
    ASSERT_EQ(history->versions_size(), 6);
    std::vector<std::string> order;
    for (const v1::HistoryVersion& v : history->versions()) order.push_back(Id(v.version().id()));
    // Oldest first; the two concurrent edits in hlc order.
    EXPECT_EQ(order[0], v1);
    EXPECT_EQ(order[1], v2);
    EXPECT_EQ(order[2], v3);
    EXPECT_EQ((std::vector<std::string>{order[3], order[4]} == std::vector<std::string>{va, vb}) ||
                  (std::vector<std::string>{order[3], order[4]} ==
                   std::vector<std::string>{vb, va}),
              true);
    EXPECT_EQ(order[5], vr);
    const auto& vs = history->versions();
    EXPECT_TRUE(Ids(vs[0].bases()).empty());
    EXPECT_EQ(Ids(vs[1].bases()), std::vector<std::string>{v1});
    EXPECT_EQ(Ids(vs[2].bases()), std::vector<std::string>{v2});
    EXPECT_EQ(Ids(vs[3].bases()), std::vector<std::string>{v3});
    EXPECT_EQ(Ids(vs[4].bases()), std::vector<std::string>{v3});
    std::vector<std::string> both = {va, vb};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(Ids(vs[5].bases()), both);
    EXPECT_EQ(Ids(vs[2].superseded_by()), both);
    EXPECT_EQ(Ids(vs[3].superseded_by()), std::vector<std::string>{vr});
    EXPECT_TRUE(vs[5].superseded_by().empty());
    for (int i = 0; i < 5; ++i) {
      EXPECT_FALSE(vs[i].head()) << i;
      EXPECT_FALSE(vs[i].version().winner()) << i;
    }
    EXPECT_TRUE(vs[5].head());
    EXPECT_TRUE(vs[5].version().winner());
    EXPECT_EQ(vs[5].version().author(), "kasubbag");
    EXPECT_EQ(vs[1].version().record().anggaran_pagu().pagu_rupiah(), 2'000'000);
    EXPECT_EQ(vs[5].version().record().anggaran_pagu().pagu_rupiah(),
              conflict->versions(3).version().record().anggaran_pagu().pagu_rupiah());
    EXPECT_EQ(vs[5].time_unix_ms(), static_cast<int64_t>(vs[5].version().hlc() >> 16));
    for (int i = 1; i < 6; ++i) EXPECT_LE(vs[i - 1].version().hlc(), vs[i].version().hlc());
  }
}

// A deleted key keeps its history; an unknown key is NOT_FOUND, no key INVALID_ARGUMENT.
TEST_F(HistoryTest, KeepsADeletedKeysVersionsAndRefusesUnknownKeys) {
  auto a = Open("a");
  ASSERT_NE(a, nullptr);
  const std::string key = *codec::KeyForRecord(Pagu(1));
  Put(a.get(), key, 1'000'000);
  ASSERT_TRUE(a->Write({storage::Mutation{key, std::nullopt}}, "staf").ok());
  v1::HistoryRequest request;
  request.set_key(key);
  auto history = KeyHistory(*a, request);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->versions_size(), 2);
  EXPECT_FALSE(history->versions(0).version().tombstone());
  EXPECT_TRUE(history->versions(1).version().tombstone());
  EXPECT_TRUE(history->versions(1).head());

  request.set_key("3604/2024/pagu/XX/YY");
  EXPECT_EQ(KeyHistory(*a, request).status().code(), absl::StatusCode::kNotFound);
  request.clear_key();
  EXPECT_EQ(KeyHistory(*a, request).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kinerja::daemon
