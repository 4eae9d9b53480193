// The deterministic simulator's entry point (issue 10, "Prove it under faults and attack"):
// one 64-bit seed draws a three-tier topology, a workload and fault rates; real Nodes (engine,
// policies, registry, rollups, replicas on RocksDB over an in-memory Env) run in one thread
// over virtual time; a heal phase follows; then the checker judges the invariants.
#ifndef KINERJA_TESTS_SIM_SIMULATION_H_
#define KINERJA_TESTS_SIM_SIMULATION_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kinerja::sim {

// Deliberate bugs the simulator can plant in its own wrappers (never in production code), to
// show that the checker catches them.
struct Bugs {
  // A Sync that lies: a parent's acks claim the batch's changes applied although the batch was
  // dropped, and its hellos claim the child's changes already held.
  bool lying_sync = false;
  // The parent's session policy allows every change and range.
  bool allow_all = false;
  // The parent acknowledges a batch before applying it; a crash in between loses it.
  bool ack_before_apply = false;
  // The parent's hello claims to hold nothing, so the child sends everything again, also
  // what the parent acknowledged long ago (a Sync that forgets what it holds).
  bool forgetful_hello = false;
};

struct SimOptions {
  uint64_t seed = 1;
  // Print every trace line to stdout as it happens. Default: false.
  bool trace = false;
  Bugs bugs;
  // Virtual length of the fault phase, in seconds. Default: 300.
  int64_t fault_seconds = 300;
  // Bound on the heal phase (faults off, nodes restarted, links up), in virtual seconds.
  // Default: 600.
  int64_t heal_seconds = 600;
};

enum class Outcome { kOk, kFailed, kUnknown };

// One invariant's verdict.
struct Verdict {
  std::string invariant;
  Outcome outcome = Outcome::kOk;
  std::string detail;  // What failed, or why it is unknown.
};

struct SimResult {
  uint64_t seed = 0;
  uint64_t trace_hash = 0;  // FNV-1a over every trace line: equal runs give equal hashes.
  bool failed = false;
  std::vector<Verdict> verdicts;
  std::map<std::string, uint64_t> fault_counts;  // How often each fault kind fired.
  // On failure: the invariant, the last events before it and the replay command.
  std::string report;
  uint64_t events = 0;
};

SimResult RunSimulation(const SimOptions& options);

// Every fault kind a run can fire, as SimResult::fault_counts names them.
inline constexpr const char* kFaultKinds[] = {
    "clock_backward_jump", "clock_far_future", "clock_offset",      "concurrent_sessions",
    "crash_at_operation",  "crash_restart",    "cut_down",          "cut_up",
    "disk_full",           "forge_hello_node", "forge_hello_replica", "forge_key",
    "forge_order",         "forge_origin",     "forge_own_origin",  "forge_range",
    "forge_seq",
    "forge_value",         "garbage_wal",      "io_errors",         "late_message",
    "latency_spike",       "lost_ack",         "partition",         "partition_one_way",
    "power_loss",          "registry_change",  "reinstall",         "resolution",
    "torn_wal"};

// "kinerja_sim --seed=0x... --trace".
std::string ReplayCommand(uint64_t seed);

}  // namespace kinerja::sim

#endif  // KINERJA_TESTS_SIM_SIMULATION_H_
