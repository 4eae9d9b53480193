// Fuzz target sync_message: bytes -> SyncMessage decode -> the parent engine of a session with
// the office 3604, over the hub's replica in its seeded state (sync_fixture.h). A message other
// than a Hello follows the child's real Hello, so batches, acks and Done reach the checks
// behind the handshake. Invariants (sync_check.h, abort on violation): no crash or undefined
// behaviour; a refused message changes nothing in the replica (vector, digest, changes held);
// an applied batch is one the session policy accepts, and its new changes are held as sent.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "kinerja/v1/sync.pb.h"
#include "tests/fuzz/sync_check.h"
#include "tests/fuzz/sync_fixture.h"
#include "tests/fuzz/sync_world_holder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kinerja;
  using namespace kinerja::fuzz;
  static SyncWorldHolder* const holder = new SyncWorldHolder;
  v1::SyncMessage message;
  if (!message.ParseFromArray(data, static_cast<int>(size))) return 0;
  const SyncWorld& world = holder->Get();
  std::unique_ptr<daemon::SyncEngine> parent = world.NewParentEngine();
  bool open = true;
  if (!message.has_hello()) {
    for (const v1::SyncMessage& hello : world.NewChildEngine()->Start()) {
      open = open && DeliverAndCheck(world, parent.get(), hello);
    }
    if (!open) SyncInvariantBroken("the child's own Hello is refused", message);
  }
  DeliverAndCheck(world, parent.get(), message);
  parent.reset();
  holder->Restore();
  return 0;
}
