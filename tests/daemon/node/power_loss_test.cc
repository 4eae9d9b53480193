// Power loss at every write (issue 10): three workloads of a node — an import, applying a
// child's sync batches, resolving conflicts with their rollups — each run once per mutating
// file operation, cut just before it, the power lost (every byte not synced gone; in variants
// the newest WAL's unsynced tail torn or garbage, or only the process killed and every byte
// kept), the node reopened on what is left. Every reopen must succeed and lose nothing that was
// acknowledged: an import is all or nothing, an acknowledged batch or resolve is held byte for
// byte, the rollups equal their recomputation, the version vector is dense, and the node goes
// on (the rest redone, new writes taken). Also a node's very first open, cut at each write.
// Each test prints, per workload, its mutating operations N and the crash points checked.
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/node/node.h"
#include "daemon/sync/session_policy.h"
#include "daemon/sync/sync_engine.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "storage/hlc.h"
#include "tests/daemon/node/satker_row.h"
#include "tests/daemon/rollup/rollup_test_util.h"
#include "tests/testing/power_loss_fs.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::daemon {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr char kHeader[] =
    "satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,kegiatan,periode,pagu,"
    "realisasi\n";

// An anggaran file of `rows` budget lines of 3604, rincian R<first>.., pagu `pagu` rupiah
// each (in the file's 1.000.000 style).
v1::ImportRequest Anggaran(int first, int rows, const std::string& pagu) {
  std::string content = kHeader;
  for (int i = first; i < first + rows; ++i) {
    absl::StrAppend(&content, "3604,2024,CQ,Program,RA", i % 7, ",R", i, ",Kegiatan ", i % 7,
                    ",TAHUNAN,", pagu, ",\n");
  }
  v1::ImportRequest import;
  import.set_file_kind(v1::FILE_KIND_ANGGARAN);
  import.set_file_name(absl::StrCat("anggaran-", first, ".csv"));
  import.set_content(std::move(content));
  import.set_author("test");
  return import;
}

// Every visible record of `replica`, by key.
std::map<std::string, std::string> Visible(const storage::Replica& replica) {
  std::map<std::string, std::string> records;
  EXPECT_TRUE(replica.NewReadView()
                  ->Scan("",
                         [&](absl::string_view key, absl::string_view value) {
                           records[std::string(key)] = std::string(value);
                           return absl::OkStatus();
                         })
                  .ok());
  return records;
}

// The version vector is dense: every seq it accounts for is held, and nothing else is.
void ExpectDense(const storage::Replica& replica) {
  uint64_t total = 0;
  const storage::VersionVector vv = replica.version_vector();
  for (const auto& [origin, seq] : vv.entries()) {
    total += seq;
    for (uint64_t s = 1; s <= seq; ++s) {
      auto change = replica.GetChange(origin, s);
      ASSERT_TRUE(change.ok()) << change.status();
      ASSERT_TRUE(change->has_value()) << origin << "#" << s << " is accounted but not held";
    }
  }
  EXPECT_EQ(replica.changes_held(), total) << vv.DebugString();
}

void ExpectRollupsRecomputed(const storage::Replica& replica) {
  rollup::ExpectRowsEqual(rollup::Stored(replica), rollup::Recompute(replica), "rollups");
}

// Small batches, so that a child's session is several of them.
SyncEngineOptions SessionOptions() {
  SyncEngineOptions o;
  o.max_batch_changes = 25;
  o.window = 4;
  return o;
}

// Runs a whole session between a child's and a parent's engine in memory, keeping what the
// child sent in `sent_up` (if not null). OK once both ends are done.
absl::Status RunSession(SyncEngine* child, SyncEngine* parent,
                        std::vector<v1::SyncMessage>* sent_up) {
  std::deque<v1::SyncMessage> up, down;
  for (v1::SyncMessage& m : child->Start()) up.push_back(std::move(m));
  while (!up.empty() || !down.empty()) {
    if (!up.empty()) {
      if (sent_up != nullptr) sent_up->push_back(up.front());
      auto replies = parent->OnMessage(up.front());
      up.pop_front();
      if (!replies.ok()) return replies.status();
      for (v1::SyncMessage& m : *replies) down.push_back(std::move(m));
    }
    if (!down.empty()) {
      auto replies = child->OnMessage(down.front());
      down.pop_front();
      if (!replies.ok()) return replies.status();
      for (v1::SyncMessage& m : *replies) up.push_back(std::move(m));
    }
  }
  if (!child->done() || !parent->done()) return absl::InternalError("the session did not end");
  return absl::OkStatus();
}

// Copies to `to` every change of `from` it lacks, as a sync would, without the session.
void Ship(Node& from, Node& to) {
  auto cursor = from.replica()->NewChangeCursor(to.replica()->version_vector(), nullptr);
  while (!cursor->done()) {
    v1::ChangeBatch batch;
    ASSERT_TRUE(cursor->Next(1000, 4 << 20, &batch).ok());
    auto applied = to.replica()->Apply(batch);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
}

// One disk that loses power, and the nodes on it.
struct Disk {
  std::shared_ptr<testing::PowerLossFileSystem> fs =
      std::make_shared<testing::PowerLossFileSystem>(testing::NewInMemoryFileSystem());
  std::unique_ptr<rocksdb::Env> env = testing::NewEnvWithoutSleepOver(fs);
};

// How a crash run ends: a power loss (unsynced bytes dropped; the newest WAL's unsynced tail
// dropped, torn or garbage), or only the process dying, every byte it wrote kept (kill -9).
enum class WalTail { kDropped, kTorn, kGarbage, kProcessCrashOnly };

// The fixture; its members are public for the workloads below.
class PowerLossTest : public ::testing::Test {
 public:
  // A node of `satker` on `env` (in memory: nothing reaches the real disk). RocksDB's info log
  // is written there too; at WARN it holds few lines, so the crash points are the data's.
  NodeOptions Options(const std::string& satker, v1::Role role, const std::string& dir,
                      rocksdb::Env* env, uint64_t incarnation) {
    NodeOptions o;
    o.node = satker;
    o.role = role;
    o.data_dir = dir_.Sub(dir);
    o.registry = {Satker("RI", v1::TINGKAT_NASIONAL, ""), Satker("36", v1::TINGKAT_PROVINSI, "RI"),
                  Satker("3604", v1::TINGKAT_KABKOTA, "36")};
    o.replica.clock = &clock_;
    o.replica.env = env;
    o.replica.incarnation = incarnation;
    o.replica.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
    return o;
  }

  std::unique_ptr<Node> Open(NodeOptions options) {
    auto node = Node::Open(std::move(options));
    EXPECT_TRUE(node.ok()) << node.status();
    return node.ok() ? *std::move(node) : nullptr;
  }

  // Runs workload W (Setup, then Act under test, then Check and Redo after a reopen) once to
  // count Act's mutating operations (the node's close included), then once per crash point.
  // Returns the number of crash points checked.
  template <typename W>
  int CrashAtEveryWrite(const std::string& name, WalTail tail) {
    uint64_t n = 0;
    {
      Disk disk;
      W w(this, &disk);
      std::unique_ptr<Node> node = w.Setup();
      if (node == nullptr) return 0;
      const uint64_t before = disk.fs->mutating_operations();
      w.Act(node.get());
      EXPECT_TRUE(w.AllAcknowledged()) << name << ": the run without a crash failed";
      node.reset();
      n = disk.fs->mutating_operations() - before;
    }
    int checked = 0;
    for (uint64_t k = 1; k <= n; ++k) {
      SCOPED_TRACE(absl::StrCat(name, ": crash at mutating operation ", k, " of ", n));
      Disk disk;
      W w(this, &disk);
      std::unique_ptr<Node> node = w.Setup();
      if (node == nullptr) break;
      disk.fs->CrashAtOperation(k);
      w.Act(node.get());
      node.reset();  // The process died.
      switch (tail) {
        case WalTail::kDropped:
          disk.fs->PowerLoss();
          break;
        case WalTail::kTorn:
          EXPECT_TRUE(disk.fs->PowerLossTearingWal(w.dir(), 0.5).ok());
          break;
        case WalTail::kGarbage:
          EXPECT_TRUE(disk.fs->PowerLossGarblingWal(w.dir(), 64, k).ok());
          break;
        case WalTail::kProcessCrashOnly:
          disk.fs->CrashAtOperation(0);
          break;
      }
      std::unique_ptr<Node> reopened = w.Reopen();
      if (reopened == nullptr) break;
      if (tail == WalTail::kDropped) {
        // Only unsynced bytes went: no WAL is damaged, and saying so would send the operator
        // after acknowledged writes that were never lost.
        EXPECT_EQ(reopened->replica()->recovery_report(), "");
      }

      w.Check(reopened.get());
      w.Redo(reopened.get());
      ++checked;
      if (HasFailure()) break;  // One crash point's failure is enough to read.
    }
    std::printf("%s: %llu mutating operations, %d crash points checked\n", name.c_str(),
                static_cast<unsigned long long>(n), checked);
    return checked;
  }

  // Office 3604 (on a disk of its own that never fails) with two imports, and the messages it
  // sends its province 36 in a session (hello, batches of 25 changes, done), recorded once.
  void BuildChildSession() {
    if (child_ != nullptr) return;
    child_disk_ = std::make_unique<Disk>();
    child_ = Open(Options("3604", v1::ROLE_OFFICE, "child-3604", child_disk_->env.get(), 0xc));
    ASSERT_NE(child_, nullptr);
    ASSERT_TRUE(child_->Import(Anggaran(1, 150, "1.000.000")).ok());
    ASSERT_TRUE(child_->Import(Anggaran(200, 150, "4.500.000")).ok());
    child_visible_ = Visible(*child_->replica());
    Disk disk;
    std::unique_ptr<Node> parent =
        Open(Options("36", v1::ROLE_PROVINCE, "reference-36", disk.env.get(), 0x36a));
    ASSERT_NE(parent, nullptr);
    absl::Status st = Session(parent.get(), &child_messages_);
    ASSERT_TRUE(st.ok()) << st;
  }

  // A whole session of the child with `parent`.
  absl::Status Session(Node* parent, std::vector<v1::SyncMessage>* sent_up) {
    RegistrySessionPolicy child_policy(child_->registry(), "3604", "36", SyncEngine::Side::kChild);
    SyncEngine child(child_->replica(), SyncEngine::Side::kChild, "3604", "36", &child_policy,
                     SessionOptions());
    auto parent_policy = parent->PolicyForChild("3604");
    if (!parent_policy.ok()) return parent_policy.status();
    SyncEngine engine(parent->replica(), SyncEngine::Side::kParent, "36", "3604",
                      parent_policy->get(), SessionOptions());
    return RunSession(&child, &engine, sent_up);
  }

  testing::TempDir dir_;
  storage::ManualClock clock_{kT0};
  // What the import workload leaves when it is not cut: its records, whole.
  std::map<std::string, std::string> import_whole_;
  // The child session the sync workload applies, recorded once (BuildChildSession).
  std::unique_ptr<Disk> child_disk_;
  std::unique_ptr<Node> child_;
  std::map<std::string, std::string> child_visible_;
  std::vector<v1::SyncMessage> child_messages_;
};

// 1. An import big enough to commit in two batches (a commit batch is 4,096 changes; the
// replica has no option to make it smaller), after an earlier import that must survive.
class ImportWorkload {
 public:
  static constexpr int kRows = 4500;
  ImportWorkload(PowerLossTest* t, Disk* disk) : t_(t), disk_(disk) {}
  std::string dir() const { return t_->dir_.Sub("3604"); }

  std::unique_ptr<Node> Setup() {
    std::unique_ptr<Node> node = Reopen();
    if (node == nullptr) return nullptr;
    EXPECT_TRUE(node->Import(Anggaran(100000, 3, "7.000.000")).ok());
    before_ = Visible(*node->replica());
    return node;
  }
  void Act(Node* node) {
    auto imported = node->Import(Anggaran(1, kRows, "1.000.000"));
    acknowledged_ = imported.ok();
    if (imported.ok()) {
      EXPECT_EQ(imported->created(), static_cast<uint64_t>(kRows));
      // The first run is the one without a crash: what the import leaves, whole.
      if (t_->import_whole_.empty()) t_->import_whole_ = Visible(*node->replica());
    }
  }
  bool AllAcknowledged() const { return acknowledged_; }
  std::unique_ptr<Node> Reopen() {
    return t_->Open(t_->Options("3604", v1::ROLE_OFFICE, "3604", disk_->env.get(), 0x3604a));
  }
  void Check(Node* node) {
    now_ = Visible(*node->replica());
    const std::map<std::string, std::string>& whole = t_->import_whole_;
    if (acknowledged_) {
      EXPECT_TRUE(now_ == whole) << "the import was acknowledged, then lost";
    }
    EXPECT_TRUE(now_ == before_ || now_ == whole)
        << "an import is all or nothing: " << now_.size() - before_.size() << " of " << kRows
        << " records held after the power loss";
    for (const auto& [key, value] : before_) {
      auto it = now_.find(key);
      ASSERT_NE(it, now_.end()) << "the earlier import lost " << key;
      EXPECT_EQ(it->second, value) << key;
    }
    ExpectRollupsRecomputed(*node->replica());
    ExpectDense(*node->replica());
  }
  void Redo(Node* node) {
    // An import that was not held is imported again and then holds whole; new writes go on.
    if (now_ == before_) {
      auto again = node->Import(Anggaran(1, kRows, "1.000.000"));
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_TRUE(Visible(*node->replica()) == t_->import_whole_);
    }
    auto next = node->Import(Anggaran(1, 2, "2.000.000"));
    ASSERT_TRUE(next.ok()) << next.status();
    EXPECT_EQ(next->changed(), 2u);
    ExpectRollupsRecomputed(*node->replica());
    ExpectDense(*node->replica());
  }

 private:
  PowerLossTest* const t_;
  Disk* const disk_;
  bool acknowledged_ = false;
  std::map<std::string, std::string> before_, now_;
};

TEST_F(PowerLossTest, ImportLosesNothingAcknowledgedAtAnyCrashPoint) {
  EXPECT_GT(CrashAtEveryWrite<ImportWorkload>("import", WalTail::kDropped), 0);
}

// Unsynced writes that survive: a commit cut between its batches must be undone at the open.
TEST_F(PowerLossTest, ImportLosesNothingAcknowledgedAtAnyProcessCrashPoint) {
  EXPECT_GT(CrashAtEveryWrite<ImportWorkload>("import, process crash only",
                                              WalTail::kProcessCrashOnly),
            0);
}

// The import's staging is written without sync: a power cut tears it mid-record.
TEST_F(PowerLossTest, ImportWithATornWalTailLosesNothingAcknowledged) {
  EXPECT_GT(CrashAtEveryWrite<ImportWorkload>("import, torn WAL tail", WalTail::kTorn), 0);
}

// 2. Province 36 applying a session of its office 3604: hello, 12 batches, done. A batch is
// acknowledged when the parent's engine returns its ack.
class SyncWorkload {
 public:
  SyncWorkload(PowerLossTest* t, Disk* disk) : t_(t), disk_(disk) {}
  std::string dir() const { return t_->dir_.Sub("36"); }

  std::unique_ptr<Node> Setup() {
    t_->BuildChildSession();
    if (t_->child_messages_.empty()) return nullptr;
    return Reopen();
  }
  void Act(Node* node) {
    auto policy = node->PolicyForChild("3604");
    ASSERT_TRUE(policy.ok()) << policy.status();
    SyncEngine engine(node->replica(), SyncEngine::Side::kParent, "36", "3604", policy->get(),
                      SessionOptions());
    for (const v1::SyncMessage& m : t_->child_messages_) {
      auto replies = engine.OnMessage(m);
      if (!replies.ok()) break;  // The session ends with the failed apply.
      for (const v1::SyncMessage& r : *replies) {
        if (r.has_ack()) acked_.push_back(r.ack().batch_no());
      }
    }
    done_ = engine.done();
  }
  bool AllAcknowledged() const {
    size_t batches = 0;
    for (const v1::SyncMessage& m : t_->child_messages_) batches += m.has_batch();
    return done_ && acked_.size() == batches && batches > 2;
  }
  std::unique_ptr<Node> Reopen() {
    return t_->Open(t_->Options("36", v1::ROLE_PROVINCE, "36", disk_->env.get(), 0x36a));
  }
  void Check(Node* node) {
    const storage::Replica& replica = *node->replica();
    std::unique_ptr<storage::ReadView> view = replica.NewReadView();
    for (const v1::SyncMessage& m : t_->child_messages_) {
      if (!m.has_batch() || std::find(acked_.begin(), acked_.end(), m.batch().batch_no()) ==
                                acked_.end()) {
        continue;
      }
      for (const v1::Change& c : m.batch().batch().changes()) {
        auto held = replica.GetChange(c.origin(), c.seq());
        ASSERT_TRUE(held.ok()) << held.status();
        ASSERT_TRUE(held->has_value()) << "acknowledged, then lost: " << c.origin() << "#" << c.seq();
        EXPECT_EQ((*held)->SerializeAsString(), c.SerializeAsString()) << c.key();
        auto visible = view->Get(c.key());
        ASSERT_TRUE(visible.ok() && visible->has_value()) << c.key();
        EXPECT_EQ(**visible, t_->child_visible_.at(c.key())) << c.key();
      }
    }
    ExpectRollupsRecomputed(replica);
    ExpectDense(replica);
  }
  void Redo(Node* node) {
    // The next session resumes from what the parent holds and brings it all.
    absl::Status st = t_->Session(node, nullptr);
    ASSERT_TRUE(st.ok()) << st;
    EXPECT_TRUE(Visible(*node->replica()) == t_->child_visible_);
    const std::string origin = t_->child_->replica()->replica_id();
    EXPECT_EQ(node->replica()->version_vector().Get(origin),
              t_->child_->replica()->version_vector().Get(origin));
    ExpectRollupsRecomputed(*node->replica());
    ExpectDense(*node->replica());
  }

 private:
  PowerLossTest* const t_;
  Disk* const disk_;
  std::vector<uint64_t> acked_;
  bool done_ = false;
};

TEST_F(PowerLossTest, ApplyingAChildsBatchesLosesNothingAcknowledgedAtAnyCrashPoint) {
  EXPECT_GT(CrashAtEveryWrite<SyncWorkload>("peer batches", WalTail::kDropped), 0);
}

TEST_F(PowerLossTest, ApplyingAChildsBatchesLosesNothingWhateverBecomesOfTheUnsyncedWalTail) {
  EXPECT_GT(CrashAtEveryWrite<SyncWorkload>("peer batches, torn WAL tail", WalTail::kTorn), 0);
  EXPECT_GT(CrashAtEveryWrite<SyncWorkload>("peer batches, garbage WAL tail", WalTail::kGarbage),
            0);
  EXPECT_GT(CrashAtEveryWrite<SyncWorkload>("peer batches, process crash only",
                                            WalTail::kProcessCrashOnly),
            0);
}

// 3. Conflicts resolved one by one: office 3604's replicas A and B both changed the same 8
// budget lines; A resolves each (keeping A's or B's value in turn) and its rollups follow.
class ResolveWorkload {
 public:
  static constexpr int kConflicts = 8;
  ResolveWorkload(PowerLossTest* t, Disk* disk) : t_(t), disk_(disk) {}
  std::string dir() const { return t_->dir_.Sub("3604a"); }

  std::unique_ptr<Node> Setup() {
    std::unique_ptr<Node> a = Reopen();
    b_ = t_->Open(t_->Options("3604", v1::ROLE_OFFICE, "3604b", other_.env.get(), 0xb));
    if (a == nullptr || b_ == nullptr) return nullptr;
    EXPECT_TRUE(a->Import(Anggaran(1, 40, "1.000.000")).ok());
    Ship(*a, *b_);
    EXPECT_TRUE(a->Import(Anggaran(1, kConflicts, "2.000.000")).ok());
    EXPECT_TRUE(b_->Import(Anggaran(1, kConflicts, "3.000.000")).ok());
    Ship(*b_, *a);
    EXPECT_EQ(a->replica()->conflict_count(), static_cast<uint64_t>(kConflicts));
    return a;
  }
  void Act(Node* node) {
    int i = 0;
    for (const auto& [key, state] : Conflicts(*node)) {
      v1::ResolveRequest request;
      request.set_key(key);
      request.set_author("test");
      for (const v1::Head& h : state.heads()) *request.add_heads() = h.id();
      const v1::ChangeId& pick = state.heads(i++ % 2).id();
      *request.mutable_pick() = pick;
      auto picked = node->replica()->GetChange(pick.origin(), pick.seq());
      ASSERT_TRUE(picked.ok() && picked->has_value());
      intended_[key] = (*picked)->value();
      if (!node->Resolve(request).ok()) break;  // The process died.
      acked_[key] = intended_[key];
    }
  }
  bool AllAcknowledged() const { return acked_.size() == kConflicts; }
  std::unique_ptr<Node> Reopen() {
    return t_->Open(t_->Options("3604", v1::ROLE_OFFICE, "3604a", disk_->env.get(), 0xa));
  }
  void Check(Node* node) {
    std::unique_ptr<storage::ReadView> view = node->replica()->NewReadView();
    for (const auto& [key, value] : intended_) {
      auto state = view->GetKeyState(key);
      ASSERT_TRUE(state.ok() && state->has_value()) << key;
      auto visible = view->Get(key);
      ASSERT_TRUE(visible.ok() && visible->has_value()) << key;
      if (acked_.count(key) != 0) {
        EXPECT_EQ((*state)->heads_size(), 1) << "acknowledged resolve lost: " << key;
        EXPECT_EQ(**visible, value) << key;
      } else if ((*state)->heads_size() == 1) {  // Written, not acknowledged: whole or not.
        EXPECT_EQ(**visible, value) << key;
      } else {
        EXPECT_EQ((*state)->heads_size(), 2) << key;
      }
    }
    ExpectRollupsRecomputed(*node->replica());
    ExpectDense(*node->replica());
  }
  void Redo(Node* node) {
    for (const auto& [key, state] : Conflicts(*node)) {
      v1::ResolveRequest request;
      request.set_key(key);
      request.set_author("test");
      for (const v1::Head& h : state.heads()) *request.add_heads() = h.id();
      *request.mutable_pick() = state.heads(0).id();
      auto resolved = node->Resolve(request);
      ASSERT_TRUE(resolved.ok()) << resolved.status();
    }
    EXPECT_EQ(node->replica()->conflict_count(), 0u);
    auto next = node->Import(Anggaran(100, 1, "9.000.000"));
    ASSERT_TRUE(next.ok()) << next.status();
    ExpectRollupsRecomputed(*node->replica());
    ExpectDense(*node->replica());
  }

 private:
  static std::vector<std::pair<std::string, v1::KeyState>> Conflicts(const Node& node) {
    std::vector<std::pair<std::string, v1::KeyState>> conflicts;
    EXPECT_TRUE(const_cast<Node&>(node)
                    .replica()
                    ->NewReadView()
                    ->ScanConflicts("",
                                    [&](absl::string_view key, const v1::KeyState& state) {
                                      conflicts.emplace_back(std::string(key), state);
                                      return absl::OkStatus();
                                    })
                    .ok());
    return conflicts;
  }

  PowerLossTest* const t_;
  Disk* const disk_;
  Disk other_;  // B's disk, which never fails.
  std::unique_ptr<Node> b_;
  std::map<std::string, std::string> intended_, acked_;
};

TEST_F(PowerLossTest, ResolvingConflictsLosesNothingAcknowledgedAtAnyCrashPoint) {
  EXPECT_GT(CrashAtEveryWrite<ResolveWorkload>("resolution with rollups", WalTail::kDropped), 0);
}

TEST_F(PowerLossTest, ResolvingConflictsLosesNothingWhateverBecomesOfTheUnsyncedWalTail) {
  EXPECT_GT(CrashAtEveryWrite<ResolveWorkload>("resolution, torn WAL tail", WalTail::kTorn), 0);
  EXPECT_GT(
      CrashAtEveryWrite<ResolveWorkload>("resolution, garbage WAL tail", WalTail::kGarbage), 0);
  EXPECT_GT(CrashAtEveryWrite<ResolveWorkload>("resolution, process crash only",
                                               WalTail::kProcessCrashOnly),
            0);
}

// 0. A node's very first open, which creates its data directory, cut at each of its writes:
// the next open must succeed, on what was left or on a new directory.
TEST_F(PowerLossTest, FirstOpenCutAtAnyWriteOpensAgain) {
  const std::string dir = "first";
  uint64_t n = 0;
  {
    Disk disk;
    std::unique_ptr<Node> node =
        Open(Options("3604", v1::ROLE_OFFICE, dir, disk.env.get(), 0x3604f));
    ASSERT_NE(node, nullptr);
    node.reset();
    n = disk.fs->mutating_operations();
  }
  int checked = 0;
  for (uint64_t k = 1; k <= n; ++k) {
    SCOPED_TRACE(absl::StrCat("first open: crash at mutating operation ", k, " of ", n));
    Disk disk;
    disk.fs->CrashAtOperation(k);
    {
      auto cut = Node::Open(Options("3604", v1::ROLE_OFFICE, dir, disk.env.get(), 0x3604f));
    }
    disk.fs->PowerLoss();
    std::unique_ptr<Node> node =
        Open(Options("3604", v1::ROLE_OFFICE, dir, disk.env.get(), 0x3604f));
    if (node == nullptr) break;
    ASSERT_TRUE(node->Import(Anggaran(1, 2, "1.000.000")).ok());
    ExpectDense(*node->replica());
    ++checked;
  }
  std::printf("first open: %llu mutating operations, %d crash points checked\n",
              static_cast<unsigned long long>(n), checked);
}

}  // namespace
}  // namespace kinerja::daemon
