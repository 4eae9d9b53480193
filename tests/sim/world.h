// The simulator's world: nodes, the in-memory network between children and parents, the
// event queue over virtual time, the workload, the faults and the reference model the checker
// reads. Internal to tests/sim; RunSimulation (simulation.h) is the public way in.
#ifndef KINERJA_TESTS_SIM_WORLD_H_
#define KINERJA_TESTS_SIM_WORLD_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "daemon/node/node.h"
#include "daemon/sync/child_session.h"
#include "daemon/sync/upstream_link.h"
#include "daemon/sync/upstream_schedule.h"
#include "rocksdb/env.h"
#include "storage/hlc.h"
#include "tests/sim/simulation.h"
#include "tests/testing/power_loss_fs.h"

namespace kinerja::sim {

class World;
struct SimNode;

// A node's physical clock: virtual time plus the node's offset (clock faults move it).
class SimClock final : public storage::PhysicalClock {
 public:
  SimClock(const World* world, const SimNode* node) : world_(world), node_(node) {}
  int64_t NowMillis() override;

 private:
  const World* const world_;
  const SimNode* const node_;
};

// The in-memory UpstreamLink: the same UpstreamSchedule kinerjad runs, stepped by the
// world's events instead of a thread.
class SimLink final : public daemon::UpstreamLink {
 public:
  SimLink(World* world, SimNode* node, storage::Replica* replica, daemon::RegistryFn registry,
          uint64_t seed);
  ~SimLink() override;

  void Start() override;
  void Stop() override;
  void Poke() override;
  // Nothing waits in a single-threaded world: FAILED_PRECONDITION.
  [[nodiscard]] absl::StatusOr<daemon::SyncStats> SyncNow(absl::Duration timeout) override;
  LinkState link_state() const override { return state_; }

  // Arms the next tick at the schedule's next due time.
  void Arm();
  // A session of this link ended (`status`), with its child end's stats.
  uint64_t id() const { return id_; }
  void Ended(const absl::Status& status, const daemon::SyncStats& stats,
             const storage::VersionVector& upstream_vv);

  storage::Replica* replica() const { return replica_; }
  const daemon::RegistryFn& registry() const { return registry_; }
  bool in_session = false;

 private:
  void Tick(uint64_t generation);

  World* const world_;
  const uint64_t id_;  // Unique in the world: a tick of a destroyed link finds no link of it.
  SimNode* const node_;
  storage::Replica* const replica_;
  const daemon::RegistryFn registry_;
  daemon::UpstreamSchedule schedule_;
  LinkState state_;
  bool started_ = false;
  uint64_t generation_ = 0;  // Ticks armed earlier than the latest are stale.
};

struct SimNode {
  int index = 0;
  std::string name;    // Unique in the world: the satker, plus "b" for a second replica.
  std::string satker;  // The node's satker code.
  v1::Role role = v1::ROLE_UNSPECIFIED;
  // Its "disk", which knows what a power loss keeps: survives crashes, not reinstalls.
  std::shared_ptr<testing::PowerLossFileSystem> fs;
  std::unique_ptr<rocksdb::Env> env;  // Over `fs`.
  double io_error_rate = 0;  // Of `fs`, while an I/O error window is open.
  std::unique_ptr<daemon::Node> node;  // Null while down.
  std::unique_ptr<SimClock> clock;
  SimLink* link = nullptr;  // Set while its node is up and has an upstream.
  int64_t clock_offset_ms = 0;
  uint64_t incarnation = 0;
  int disk_generation = 0;  // Raised by every reinstall: a new directory.
  bool adversary = false;   // Forges its outgoing messages during the fault phase.
  std::string replica_id() const { return node ? node->replica()->replica_id() : ""; }
};

using ChangeIdent = std::pair<std::string, uint64_t>;  // (origin, seq)

// One sync session between a child node and its parent over the in-memory network.
struct Session {
  uint64_t id = 0;
  int64_t started_ms = 0;
  int child_disk = 0, parent_disk = 0;  // Their disk generations when the session began.
  SimNode* child = nullptr;
  SimNode* parent = nullptr;
  std::unique_ptr<daemon::ChildSession> child_end;  // Null once that end is over.
  std::unique_ptr<daemon::SessionPolicy> parent_policy;
  std::unique_ptr<daemon::SyncEngine> parent_end;  // Null once that end is over.
  bool child_done = false;         // The child end finished its part; awaits the status.
  int64_t up_clear_ms = 0;         // Deliveries stay in order per direction.
  int64_t down_clear_ms = 0;
  int64_t child_heard_ms = 0;      // Last message the child end received.
  int64_t parent_heard_ms = 0;
  bool up_blackhole = false;       // One direction silently lost (a one-way partition).
  bool down_blackhole = false;
  // ack_before_apply: messages the parent will handle once its early acks are out.
  std::deque<v1::SyncMessage> deferred;
  // The changes of each batch sent up and down, by batch number, until acknowledged.
  std::map<uint64_t, std::vector<ChangeIdent>> sent_up, sent_down;
};

class World {
 public:
  explicit World(const SimOptions& options);
  ~World();

  SimResult Run();

  int64_t now_ms() const { return now_ms_; }
  // Virtual epoch: 2026-01-01T00:00:00Z.
  static constexpr int64_t kEpochMs = 1767225600000;

  // Events.
  void At(int64_t when_ms, std::function<void()> fn);
  void Trace(const std::string& line);
  void Count(const std::string& fault) { ++fault_counts_[fault]; }

  // Sessions (network.cc).
  void StartSession(SimLink* link, SimNode* child);
  void AbortSessionsOf(SimNode* node);

  std::mt19937_64& rng() { return rng_; }
  uint64_t NextLinkId() { return next_link_id_++; }
  bool faults_on() const { return faults_on_; }

 private:
  friend class SimLink;

  // Topology and nodes (world.cc).
  void BuildTopology();
  daemon::NodeOptions OptionsFor(SimNode* n);
  // A new empty disk for `n`.
  void NewDisk(SimNode* n);
  std::string DataDir(const SimNode* n) const;
  void OpenNode(SimNode* n);
  // How a node goes down: its process killed (the disk keeps every byte written), the power
  // lost (the disk keeps what was synced), the power lost while the WAL's unsynced tail was
  // half written or written with garbage, or a reinstall (an empty disk, a new incarnation).
  enum class Down { kKill, kPowerLoss, kTornWal, kGarbageWal, kReinstall };
  void Crash(SimNode* n, Down how);
  // Runs `read` on node `n`'s replica with its disk's injected I/O errors paused: the
  // simulator's own bookkeeping reads must not fail.
  void WithoutIoErrors(SimNode* n, const std::function<void()>& read);
  SimNode* ParentOf(const SimNode* n);
  void ScheduleFaults();
  void Heal();

  // Network (network.cc).
  void Send(Session* s, bool up, v1::SyncMessage m);
  void Deliver(uint64_t session, bool up, const v1::SyncMessage& m);
  void ParentHandle(Session* s, const v1::SyncMessage& m);
  void EndParent(Session* s, const absl::Status& status);
  void EndChild(Session* s, const absl::Status& status);
  void Watchdog(uint64_t session);
  void MaybeFinish(Session* s);
  int64_t Latency();
  bool Partitioned(const SimNode* child, bool up) const;
  // Checks a hello or ack against what its sender really holds (the model's "Sync never
  // claims more than it holds").
  void CheckClaim(const SimNode* sender, const v1::SyncMessage& m);
  void Forge(SimNode* sender, SimNode* receiver, v1::SyncMessage* m);
  void LieAsParent(Session* s, v1::SyncMessage* m);

  // Workload (workload.cc).
  void ScheduleWorkload();
  void WorkloadStep();
  void ImportRows(SimNode* n);
  void DeleteOne(SimNode* n);
  void ResolveOne(SimNode* n);
  void RenameSatker(SimNode* n);
  // A write that failed may still have reached the disk (its WAL record appended, its sync
  // failed): the reopened node holds it. Records those of `n`'s own changes, unacknowledged.
  void RecordRecoveredWrites(SimNode* n);
  // Records the changes node `n` wrote since its own seq was `before`.
  void RecordWrites(SimNode* n, uint64_t before, bool acknowledged);

  // Checker (checker.cc).
  void Check(SimResult* result);
  bool Holds(const std::string& node_satker, const std::string& key) const;
  void Fail(const std::string& invariant, const std::string& detail);
  // The re-send bound: an engine sent batch `m` (`up` or down) in session `s`; an ack `m`
  // reached the end that sent the batch it names; node `wiped` was reinstalled.
  void SentBatch(Session* s, bool up, const v1::SyncMessage& m);
  void AckReached(Session* s, bool up, const v1::SyncMessage& m);
  void ForgetAcks(const SimNode* wiped);

  const SimOptions options_;
  std::mt19937_64 rng_;
  int64_t now_ms_ = 0;
  uint64_t event_seq_ = 0;
  std::map<std::pair<int64_t, uint64_t>, std::function<void()>> events_;
  uint64_t trace_hash_ = 1469598103934665603ull;
  std::deque<std::string> recent_;  // The last trace lines, for a failure's report.
  std::map<std::string, uint64_t> fault_counts_;
  uint64_t events_run_ = 0;
  bool faults_on_ = true;

  std::vector<v1::Satker> registry_;
  std::unique_ptr<daemon::Registry> topology_;  // Built from registry_: who is whose parent.
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::map<uint64_t, std::unique_ptr<Session>> sessions_;
  uint64_t next_session_ = 1;
  uint64_t next_link_id_ = 1;
  // Partitions per child node index: until when, and whether one-way (which direction).
  std::map<int, int64_t> partition_until_;
  std::map<int, int> partition_dir_;  // 0 both, 1 up lost, 2 down lost.

  // Fault rates, drawn from the seed.
  bool adversary_hub_ = false;  // The compromised node is a province hub.
  double p_cut_ = 0, p_lost_ack_ = 0, p_forge_ = 0, p_spike_ = 0;

  // Reference model.
  struct Written {
    std::string bytes;      // The change as its origin stored it.
    std::string key;
    bool acknowledged = false;  // The Node call that wrote it returned OK.
    bool lost = false;  // Every node that held it had its disk wiped (see World::Crash).
  };
  std::map<std::pair<std::string, uint64_t>, Written> written_;
  std::map<std::string, std::string> origin_satker_;  // Replica id -> satker.
  // Per (child node index, direction up): every change its engine sent, and those in a
  // batch whose ack reached it, with the time the first such ack did.
  std::map<std::pair<int, bool>, std::set<ChangeIdent>> sent_ever_;
  std::map<std::pair<int, bool>, std::map<ChangeIdent, int64_t>> acked_sent_;  // -> when.
  uint64_t resent_changes_ = 0;
  uint64_t rollup_rows_checked_ = 0;
  std::vector<Verdict> failures_;
  std::string first_failure_report_;
};

}  // namespace kinerja::sim

#endif  // KINERJA_TESTS_SIM_WORLD_H_
