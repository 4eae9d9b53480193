// The world the sync fuzz targets run in: a province hub "36" whose parent-side engine takes
// the fuzzer's messages, its office "3604" (the child), both replicas on their own in-memory
// RocksDB Env with a fixed clock and fixed incarnations, so the seeded state is the same in
// every process and a finding replays exactly. The seed comes from a real session.
#ifndef KINERJA_TESTS_FUZZ_SYNC_FIXTURE_H_
#define KINERJA_TESTS_FUZZ_SYNC_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "daemon/authz/registry.h"
#include "daemon/sync/session_policy.h"
#include "daemon/sync/sync_engine.h"
#include "kinerja/v1/sync.pb.h"
#include "rocksdb/env.h"
#include "storage/hlc.h"
#include "storage/replica.h"
#include "storage/version_vector.h"

namespace kinerja::fuzz {

inline constexpr char kParentNode[] = "36";
inline constexpr char kChildNode[] = "3604";

// A clock that stands still: HLCs then depend only on the order of writes.
class FixedClock final : public storage::PhysicalClock {
 public:
  int64_t NowMillis() override { return 1'700'000'000'000; }
};

// A replica on an in-memory Env it owns (closed before the Env goes).
class MemReplica {
 public:
  // Aborts if the replica cannot be opened: the fixture is not under test.
  MemReplica(const std::string& satker, uint64_t incarnation);
  ~MemReplica();
  MemReplica(const MemReplica&) = delete;
  MemReplica& operator=(const MemReplica&) = delete;

  storage::Replica* get() const { return replica_.get(); }

 private:
  FixedClock clock_;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<storage::Replica> replica_;
};

// What a refused message must leave unchanged.
struct ReplicaState {
  storage::VersionVector vv;
  std::string digest;  // Replica::Digest: heads and visible values.
  uint64_t held = 0;   // Replica::changes_held.
  friend bool operator==(const ReplicaState& a, const ReplicaState& b) {
    return a.vv == b.vv && a.digest == b.digest && a.held == b.held;
  }
  friend bool operator!=(const ReplicaState& a, const ReplicaState& b) { return !(a == b); }
};
ReplicaState StateOf(const storage::Replica& replica);

// The registry RI > {36 > {3603, 3604}, 51 > 5104}.
std::shared_ptr<const daemon::Registry> FixtureRegistry();

// Small batches and window, so that a few changes already span several batches.
daemon::SyncEngineOptions FixtureEngineOptions();

class SyncWorld {
 public:
  // The hub holds its own record, a note on 3604 and 3604's first two changes (received in a
  // real session, which also brought the note down); the office then wrote two more
  // changes (one over a record the hub holds), which the hub lacks, and the hub a second note
  // on 3604, which the office lacks: the next session moves changes both ways.
  SyncWorld();

  storage::Replica* parent() const { return parent_.get(); }
  storage::Replica* child() const { return child_.get(); }
  const daemon::SessionPolicy& parent_policy() const { return parent_policy_; }
  const daemon::SessionPolicy& child_policy() const { return child_policy_; }

  // The hub's engine for a new session with 3604, and 3604's for the same session.
  std::unique_ptr<daemon::SyncEngine> NewParentEngine() const;
  std::unique_ptr<daemon::SyncEngine> NewChildEngine() const;

  // Runs a whole session between the two engines, returning the messages the child sent in
  // order (and, in *status, how it ended).
  std::vector<v1::SyncMessage> RunSession(absl::Status* status) const;

 private:
  MemReplica parent_{kParentNode, 0x36};
  MemReplica child_{kChildNode, 0x3604};
  daemon::RegistrySessionPolicy parent_policy_;
  daemon::RegistrySessionPolicy child_policy_;
};

}  // namespace kinerja::fuzz

#endif  // KINERJA_TESTS_FUZZ_SYNC_FIXTURE_H_
