// The world's nodes, events and faults; its network is in network.cc, its workload in
// workload.cc and its checker in checker.cc.
#include "tests/sim/world.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/daemon/node/satker_row.h"

namespace kinerja::sim {

int64_t SimClock::NowMillis() {
  return World::kEpochMs + world_->now_ms() + node_->clock_offset_ms;
}

// ---- SimLink --------------------------------------------------------------------------------

namespace {

daemon::UpstreamOptions SimUpstreamOptions() {
  daemon::UpstreamOptions o;
  o.interval = absl::Seconds(30);  // Pulls less often than kinerjad: fewer idle sessions.
  return o;
}

absl::Time VirtualTime(int64_t now_ms) { return absl::FromUnixMillis(World::kEpochMs + now_ms); }

}  // namespace

SimLink::SimLink(World* world, SimNode* node, storage::Replica* replica,
                 daemon::RegistryFn registry, uint64_t seed)
    : world_(world),
      id_(world->NextLinkId()),
      node_(node),
      replica_(replica),
      registry_(std::move(registry)),
      schedule_(SimUpstreamOptions(), seed) {
  node_->link = this;
}

SimLink::~SimLink() {
  if (node_->link == this) node_->link = nullptr;
}

void SimLink::Start() {
  started_ = true;
  Arm();
}

void SimLink::Stop() {
  started_ = false;
  ++generation_;
}

void SimLink::Poke() {
  schedule_.Poke();
  Arm();
}

absl::StatusOr<daemon::SyncStats> SimLink::SyncNow(absl::Duration) {
  return absl::FailedPreconditionError("the simulated link runs sessions on virtual time only");
}

void SimLink::Arm() {
  if (!started_ || in_session) return;
  const absl::Time due = schedule_.NextDue();
  int64_t due_ms = world_->now_ms();
  if (due != absl::InfinitePast()) {
    // Rounded up: a tick before the due time would find nothing due and arm again.
    due_ms = absl::ToUnixMillis(due) - World::kEpochMs;
    if (VirtualTime(due_ms) < due) ++due_ms;
  }
  const uint64_t gen = ++generation_;
  world_->At(std::max(world_->now_ms(), due_ms), [n = node_, id = id_, gen] {
    if (n->link != nullptr && n->link->id() == id) n->link->Tick(gen);
  });
}

void SimLink::Tick(uint64_t generation) {
  // A tick armed before the latest is stale (a destroyed link's ticks never get here).
  if (generation != generation_ || !started_ || in_session) return;
  const absl::Time now = VirtualTime(world_->now_ms());
  if (!schedule_.Due(now)) {
    Arm();
    return;
  }
  schedule_.Began();
  in_session = true;
  world_->StartSession(this, node_);
}

void SimLink::Ended(const absl::Status& status, const daemon::SyncStats& stats,
                    const storage::VersionVector& upstream_vv) {
  in_session = false;
  const absl::Time now = VirtualTime(world_->now_ms());
  if (status.ok()) {
    state_.reachable = true;
    state_.last_success = now;
    state_.last_error.clear();
    state_.upstream_vv = upstream_vv;
    ++state_.sessions;
    schedule_.Succeeded(now);
  } else {
    state_.reachable = false;
    state_.last_error = std::string(status.message());
    ++state_.failures;
    if (status.code() == absl::StatusCode::kPermissionDenied || stats.refused) ++state_.refused;
    schedule_.Failed(now);
  }
  world_->Trace(absl::StrCat("link ", node_->name, " ended: ",
                             status.ok() ? "OK" : status.ToString(), " sent=", stats.sent_changes,
                             " recv=", stats.received_changes));
  Arm();
}

// ---- World ----------------------------------------------------------------------------------

World::World(const SimOptions& options) : options_(options), rng_(options.seed) {}

World::~World() {
  sessions_.clear();
  for (auto& n : nodes_) n->node.reset();
}

void World::At(int64_t when_ms, std::function<void()> fn) {
  events_.emplace(std::make_pair(when_ms, event_seq_++), std::move(fn));
}

void World::Trace(const std::string& line) {
  const std::string stamped = absl::StrFormat("%9.3f %s", now_ms_ / 1000.0, line);
  for (unsigned char c : stamped) {
    trace_hash_ ^= c;
    trace_hash_ *= 1099511628211ull;
  }
  trace_hash_ ^= '\n';
  trace_hash_ *= 1099511628211ull;
  if (options_.trace) std::printf("%s\n", stamped.c_str());
  recent_.push_back(stamped);
  if (recent_.size() > 60) recent_.pop_front();
}

void World::BuildTopology() {
  registry_.push_back(daemon::Satker("RI", v1::TINGKAT_NASIONAL, ""));
  auto add = [&](const std::string& name, const std::string& satker, v1::Role role) {
    auto n = std::make_unique<SimNode>();
    n->index = static_cast<int>(nodes_.size());
    n->name = name;
    n->satker = satker;
    n->role = role;
    NewDisk(n.get());
    n->clock = std::make_unique<SimClock>(this, n.get());
    n->incarnation = rng_() & 0xffffffffffffull;
    nodes_.push_back(std::move(n));
  };
  add("RI", "RI", v1::ROLE_NATIONAL);
  const int provinces = 1 + static_cast<int>(rng_() % 3);
  for (int p = 0; p < provinces; ++p) {
    const std::string prov = absl::StrCat(11 + p);
    registry_.push_back(daemon::Satker(prov, v1::TINGKAT_PROVINSI, "RI"));
    add(prov, prov, v1::ROLE_PROVINCE);
    const int offices = 1 + static_cast<int>(rng_() % 3);
    for (int o = 0; o < offices; ++o) {
      const std::string office = absl::StrCat(prov, "0", 1 + o);
      registry_.push_back(daemon::Satker(office, v1::TINGKAT_KABKOTA, prov));
      add(office, office, v1::ROLE_OFFICE);
      if (rng_() % 10 < 4) add(office + "b", office, v1::ROLE_OFFICE);  // A second laptop.
    }
  }
  topology_ = std::make_unique<daemon::Registry>(*daemon::Registry::Build(registry_));
  std::string shape;
  for (const auto& n : nodes_) absl::StrAppend(&shape, " ", n->name);
  Trace(absl::StrCat("topology:", shape));
}

SimNode* World::ParentOf(const SimNode* n) {
  std::string parent;
  for (const v1::Satker& s : registry_) {
    if (s.kode() == n->satker) parent = s.induk();
  }
  for (auto& m : nodes_) {
    if (!parent.empty() && m->satker == parent) return m.get();
  }
  return nullptr;
}

void World::NewDisk(SimNode* n) {
  n->env.reset();
  n->fs = std::make_shared<testing::PowerLossFileSystem>(testing::NewInMemoryFileSystem());
  n->env = testing::NewEnvWithoutSleepOver(n->fs);
  n->io_error_rate = 0;
}

std::string World::DataDir(const SimNode* n) const {
  return absl::StrCat("/sim/", n->name, "/", n->disk_generation);
}

void World::WithoutIoErrors(SimNode* n, const std::function<void()>& read) {
  if (n->io_error_rate == 0) return read();
  n->fs->SetIoErrorRate(0, 0);
  read();
  n->fs->SetIoErrorRate(n->io_error_rate, rng_());
}

daemon::NodeOptions World::OptionsFor(SimNode* n) {
  daemon::NodeOptions o;
  o.node = n->satker;
  o.role = n->role;
  o.data_dir = DataDir(n);
  o.registry = registry_;
  if (n->role != v1::ROLE_NATIONAL) {
    o.upstream_address = absl::StrCat("sim:", ParentOf(n)->name);
    const uint64_t link_seed = rng_();
    o.upstream_link = [this, n, link_seed](storage::Replica* replica, daemon::RegistryFn registry) {
      return std::make_unique<SimLink>(this, n, replica, std::move(registry), link_seed);
    };
  }
  o.log_sink = [this, name = n->name](daemon::LogLevel level, absl::string_view,
                                      absl::string_view message) {
    const char* tag = level == daemon::LogLevel::kInfo      ? "I"
                      : level == daemon::LogLevel::kWarning ? "W"
                                                            : "E";
    Trace(absl::StrCat("log ", name, " ", tag, " ", message));
  };
  o.release_memory_after_import = false;
  o.replica.clock = n->clock.get();
  o.replica.env = n->env.get();
  o.replica.incarnation = n->incarnation;
  o.replica.file_opening_threads = 1;  // Thread start-up dominated each open.
  o.replica.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  o.replica.auto_compactions = false;  // See ReplicaOptions::auto_compactions.
  return o;
}

void World::OpenNode(SimNode* n) {
  auto node = daemon::Node::Open(OptionsFor(n));
  if (!node.ok()) {
    if (faults_on_ && (n->io_error_rate > 0 || n->fs->crashed() ||
                       node.status().message().find("injected") != std::string::npos ||
                       node.status().message().find("space") != std::string::npos)) {
      // A disk fault refused the open: an operator would try again.
      Trace(absl::StrCat("open ", n->name, " failed: ", node.status().ToString()));
      At(now_ms_ + 5000, [this, n] {
        if (n->node == nullptr) OpenNode(n);
      });
      return;
    }
    Fail("node opens", absl::StrCat(n->name, ": ", node.status().ToString()));
    return;
  }
  n->node = *std::move(node);
  origin_satker_[n->replica_id()] = n->satker;
  Trace(absl::StrCat("open ", n->name, " as ", n->replica_id()));
  RecordRecoveredWrites(n);
  if (!n->node->replica()->recovery_report().empty()) {
    Trace(absl::StrCat("open ", n->name, ": ", n->node->replica()->recovery_report()));
  }
  n->node->Start();
}

void World::RecordRecoveredWrites(SimNode* n) {
  storage::Replica* r = n->node->replica();
  const std::string rid = r->replica_id();
  uint64_t known = r->version_vector().Get(rid);
  while (known > 0 && written_.count({rid, known}) == 0) --known;
  if (known < r->version_vector().Get(rid)) {
    Trace(absl::StrCat("open ", n->name, ": own changes #", known + 1, "..#",
                       r->version_vector().Get(rid), " of a write that failed came back"));
    RecordWrites(n, known, /*acknowledged=*/false);
  }
}

void World::Crash(SimNode* n, Down how) {
  if (n->node == nullptr) return;
  AbortSessionsOf(n);
  const std::string rid = n->replica_id();
  const bool reinstall = how == Down::kReinstall;
  if (reinstall) {
    // Changes that no other node holds go with the disk: its own, acknowledged only by this
    // replica, and any other it was the last to hold (a hub wiped after the office that
    // wrote a change was wiped too). Losing them is not the system's fault. A node that is
    // down at this moment counts as not holding them, so this errs towards excusing.
    for (auto& [id, w] : written_) {
      if (w.lost) continue;
      if (id.first != rid) {
        bool here = false;
        WithoutIoErrors(n, [&] {
          auto c = n->node->replica()->GetChange(id.first, id.second);
          here = c.ok() && c->has_value();
        });
        if (!here) continue;
      }
      bool elsewhere = false;
      for (auto& m : nodes_) {
        if (m.get() == n || m->node == nullptr) continue;
        WithoutIoErrors(m.get(), [&] {
          auto c = m->node->replica()->GetChange(id.first, id.second);
          if (c.ok() && c->has_value()) elsewhere = true;
        });
      }
      if (!elsewhere) w.lost = true;
    }
  }
  // The process dies: from here on nothing it does reaches the disk (a store's close, which
  // would flush its memtables, writes nothing).
  n->fs->CrashAtOperation(1);
  n->node.reset();
  n->fs->CrashAtOperation(0);
  const char* what = "crash ";
  switch (how) {
    case Down::kKill:
      if (faults_on_) Count("crash_restart");
      break;
    case Down::kPowerLoss:
      n->fs->PowerLoss();
      Count("power_loss");
      what = "power loss ";
      break;
    case Down::kTornWal:
    case Down::kGarbageWal: {
      const bool torn = how == Down::kTornWal;
      absl::Status st = torn ? n->fs->PowerLossTearingWal(DataDir(n), (rng_() % 100) / 100.0)
                             : n->fs->PowerLossGarblingWal(DataDir(n), 1 + rng_() % 200, rng_());
      if (!st.ok()) n->fs->PowerLoss();  // No WAL yet: a plain power loss.
      Count(torn ? "torn_wal" : "garbage_wal");
      what = torn ? "power loss tearing the WAL " : "power loss garbling the WAL ";
      break;
    }
    case Down::kReinstall:
      ForgetAcks(n);
      ++n->disk_generation;
      NewDisk(n);
      n->incarnation = rng_() & 0xffffffffffffull;
      Count("reinstall");
      what = "reinstall ";
      break;
  }
  Trace(absl::StrCat(what, n->name));
}

void World::ScheduleFaults() {
  const int64_t end = options_.fault_seconds * 1000;
  auto when = [&] { return static_cast<int64_t>(rng_() % end); };
  // Crashes, power losses and reinstalls, each followed by a restart.
  const int crashes = static_cast<int>(rng_() % 6);
  for (int i = 0; i < crashes; ++i) {
    SimNode* n = nodes_[rng_() % nodes_.size()].get();
    // The national node has no upstream to get its data back from: it is never reinstalled
    // (a reinstalled national never regains its previous incarnation's changes, which its
    // children hold but never send up; see the report of issue 10).
    const int kind = static_cast<int>(rng_() % 10);
    Down how = kind < 3 ? Down::kKill : kind < 6 ? Down::kPowerLoss : kind < 7 ? Down::kTornWal
                                     : kind < 8 ? Down::kGarbageWal : Down::kReinstall;
    if (how == Down::kReinstall && n->role == v1::ROLE_NATIONAL) how = Down::kPowerLoss;
    const int64_t t = when();
    const int64_t down = 1000 + static_cast<int64_t>(rng_() % 60000);
    // Some crashes strike in the middle of the work: from the k-th write operation on, the
    // dying process changes nothing on the disk, for the last moments before it is gone.
    if (rng_() % 3 == 0) {
      const uint64_t k = 1 + rng_() % 100;
      const int64_t before = 1 + static_cast<int64_t>(rng_() % 5000);
      At(std::max<int64_t>(0, t - before), [this, n, k] {
        if (n->node == nullptr) return;
        n->fs->CrashAtOperation(k);
        Count("crash_at_operation");
        Trace(absl::StrCat("crash point ", n->name, " at write operation +", k));
      });
    }
    At(t, [this, n, how] { Crash(n, how); });
    At(t + down, [this, n] {
      if (n->node == nullptr) OpenNode(n);
    });
  }
  // Disk full and I/O error windows on one node's disk.
  const int disk_faults = static_cast<int>(rng_() % 3);
  for (int i = 0; i < disk_faults; ++i) {
    SimNode* n = nodes_[rng_() % nodes_.size()].get();
    const bool full = rng_() % 2 == 0;
    const double rate = (1 + rng_() % 20) / 100.0;
    const int64_t t = when();
    const int64_t len = 2000 + static_cast<int64_t>(rng_() % 60000);
    At(t, [this, n, full, rate] {
      if (full) {
        n->fs->SetDiskFull(true);
        Count("disk_full");
      } else {
        n->io_error_rate = rate;
        n->fs->SetIoErrorRate(rate, rng_());
        Count("io_errors");
      }
      Trace(absl::StrCat(full ? "disk full " : "I/O errors ", n->name));
    });
    At(t + len, [this, n, full] {
      if (!faults_on_) return;  // The heal already ended it.
      if (full) {
        n->fs->SetDiskFull(false);
      } else {
        n->io_error_rate = 0;
        n->fs->SetIoErrorRate(0, 0);
      }
      Trace(absl::StrCat(full ? "disk space back " : "I/O errors over ", n->name));
    });
  }
  // Partitions of one child's link: both ways, or only up, or only down.
  const int partitions = static_cast<int>(rng_() % 6);
  for (int i = 0; i < partitions; ++i) {
    SimNode* n = nodes_[1 + rng_() % (nodes_.size() - 1)].get();
    const int dir = static_cast<int>(rng_() % 3);
    const int64_t t = when();
    const int64_t len = 5000 + static_cast<int64_t>(rng_() % 90000);
    At(t, [this, n, dir, t, len] {
      partition_until_[n->index] = t + len;
      partition_dir_[n->index] = dir;
      Count(dir == 0 ? "partition" : "partition_one_way");
      Trace(absl::StrCat("partition ", n->name, dir == 0 ? " both" : dir == 1 ? " up" : " down",
                         " for ", len, "ms"));
    });
  }
  // Clocks: offsets up to +-7 days, a far-future peer, backward jumps.
  for (auto& n : nodes_) {
    if (rng_() % 3 == 0) {
      n->clock_offset_ms = static_cast<int64_t>(rng_() % (14 * 86400000ull)) - 7 * 86400000ll;
      Count("clock_offset");
    }
  }
  if (rng_() % 2 == 0) {
    SimNode* n = nodes_[rng_() % nodes_.size()].get();
    n->clock_offset_ms = 3 * 365 * 86400000ll;
    Count("clock_far_future");
  }
  const int jumps = static_cast<int>(rng_() % 4);
  for (int i = 0; i < jumps; ++i) {
    SimNode* n = nodes_[rng_() % nodes_.size()].get();
    const int64_t back = 1000 + static_cast<int64_t>(rng_() % 86400000ull);
    At(when(), [this, n, back] {
      n->clock_offset_ms -= back;
      Count("clock_backward_jump");
      Trace(absl::StrCat("clock ", n->name, " back ", back, "ms"));
    });
  }
  // One compromised office or hub in some runs.
  if (rng_() % 2 == 0) {
    SimNode* n = nodes_[1 + rng_() % (nodes_.size() - 1)].get();
    n->adversary = true;
    adversary_hub_ = n->role == v1::ROLE_PROVINCE;
    Trace(absl::StrCat("adversary ", n->name));
  }
  p_cut_ = (rng_() % 100) / 1000.0;       // Up to 10% of messages cut.
  p_lost_ack_ = (rng_() % 100) / 1000.0;  // Up to 10% of acks lost (and their stream).
  p_forge_ = 0.05 + (rng_() % 30) / 100.0;
  p_spike_ = (rng_() % 50) / 1000.0;
}

void World::Heal() {
  faults_on_ = false;
  partition_until_.clear();
  Trace("heal: faults off, every node restarted, links up");
  for (auto& n : nodes_) {
    n->fs->SetDiskFull(false);
    n->io_error_rate = 0;
    n->fs->SetIoErrorRate(0, 0);
    Crash(n.get(), Down::kKill);
    OpenNode(n.get());
  }
}

SimResult World::Run() {
  BuildTopology();
  for (auto& n : nodes_) OpenNode(n.get());
  ScheduleFaults();
  ScheduleWorkload();
  const int64_t fault_end = options_.fault_seconds * 1000;
  const int64_t heal_end = fault_end + options_.heal_seconds * 1000;
  bool healed = false;
  At(fault_end, [&] {
    Heal();
    healed = true;
  });
  while (!events_.empty() && failures_.empty()) {
    auto it = events_.begin();
    if (it->first.first > heal_end) break;
    now_ms_ = it->first.first;
    std::function<void()> fn = std::move(it->second);
    events_.erase(it);
    ++events_run_;
    fn();
  }
  now_ms_ = heal_end;
  SimResult result;
  result.seed = options_.seed;
  if (failures_.empty() && healed) Check(&result);
  if (!healed && failures_.empty()) Fail("run", "the heal phase never began");
  result.failed = !failures_.empty();
  for (const Verdict& v : failures_) result.verdicts.push_back(v);
  result.trace_hash = trace_hash_;
  result.fault_counts = fault_counts_;
  result.report = first_failure_report_;
  result.events = events_run_;
  return result;
}

void World::Fail(const std::string& invariant, const std::string& detail) {
  Trace(absl::StrCat("FAILED ", invariant, ": ", detail));
  if (failures_.empty()) {
    std::string report = absl::StrCat("seed 0x", absl::Hex(options_.seed, absl::kZeroPad16),
                                      ": invariant \"", invariant, "\" failed: ", detail,
                                      "\nlast events:\n");
    for (const std::string& line : recent_) absl::StrAppend(&report, "  ", line, "\n");
    absl::StrAppend(&report, "replay: ", ReplayCommand(options_.seed), "\n");
    first_failure_report_ = report;
  }
  failures_.push_back(Verdict{invariant, Outcome::kFailed, detail});
}

std::string ReplayCommand(uint64_t seed) {
  return absl::StrCat("kinerja_sim --seed=0x", absl::Hex(seed, absl::kZeroPad16), " --trace");
}

SimResult RunSimulation(const SimOptions& options) {
  World world(options);
  return world.Run();
}

}  // namespace kinerja::sim
