// One SyncWorld per fuzzing process, put back to its seeded state after any input that changed
// it, so that every input starts from the same state and a finding replays alone.
#ifndef KINERJA_TESTS_FUZZ_SYNC_WORLD_HOLDER_H_
#define KINERJA_TESTS_FUZZ_SYNC_WORLD_HOLDER_H_

#include <memory>

#include "tests/fuzz/sync_fixture.h"

namespace kinerja::fuzz {

class SyncWorldHolder {
 public:
  // The world in its seeded state.
  const SyncWorld& Get() {
    if (world_ == nullptr) {
      world_ = std::make_unique<SyncWorld>();
      seeded_ = StateOf(*world_->parent());
    }
    return *world_;
  }
  // Call after each input: rebuilds the world if the input changed the parent's replica.
  void Restore() {
    if (world_ != nullptr && StateOf(*world_->parent()) != seeded_) {
      world_.reset();
      world_ = std::make_unique<SyncWorld>();
    }
  }

 private:
  std::unique_ptr<SyncWorld> world_;
  ReplicaState seeded_;
};

}  // namespace kinerja::fuzz

#endif  // KINERJA_TESTS_FUZZ_SYNC_WORLD_HOLDER_H_
