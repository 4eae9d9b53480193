// Fuzz target sync_session: a whole session as the child 3604 might send it (a FuzzSession of
// SyncMessages, fuzz_session.proto) delivered in order to the hub's parent engine over its
// seeded replica (sync_fixture.h), until the engine ends the session. The mutator works on the
// messages' fields through protobuf reflection (proto_mutator.h), so batches keep their shape
// while keys, origins, seqs, ranges and values change. Invariants (sync_check.h, abort on
// violation) after every message: no crash or undefined behaviour; a refused message changes
// nothing; an applied batch is one the policy accepts, its new changes held as sent; what the
// parent sends lies in the child's scope.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "tests/fuzz/fuzz_session.pb.h"
#include "tests/fuzz/proto_mutator.h"
#include "tests/fuzz/sync_check.h"
#include "tests/fuzz/sync_fixture.h"
#include "tests/fuzz/sync_world_holder.h"

namespace {

// Messages delivered at most: a longer input only repeats what these reach.
constexpr int kMaxMessages = 64;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kinerja;
  using namespace kinerja::fuzz;
  static SyncWorldHolder* const holder = new SyncWorldHolder;
  kinerja::fuzz::FuzzSession session;
  if (!session.ParseFromArray(data, static_cast<int>(size))) return 0;
  const SyncWorld& world = holder->Get();
  std::unique_ptr<daemon::SyncEngine> parent = world.NewParentEngine();
  int delivered = 0;
  for (const v1::SyncMessage& message : session.messages()) {
    if (++delivered > kMaxMessages) break;
    if (!DeliverAndCheck(world, parent.get(), message)) break;
  }
  parent.reset();
  holder->Restore();
  return 0;
}

// Mutates the session through reflection (libFuzzer calls this instead of its byte mutations);
// an input that does not parse starts from an empty session.
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  kinerja::fuzz::FuzzSession session;
  if (!session.ParseFromArray(data, static_cast<int>(size))) session.Clear();
  kinerja::fuzz::ProtoMutator mutator(seed);
  mutator.Mutate(&session, max_size);
  std::string out = session.SerializeAsString();
  if (out.size() > max_size) return size;
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

// Crosses two sessions field by field (ProtoMutator::CrossOver).
extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int seed) {
  kinerja::fuzz::FuzzSession a, b;
  if (!a.ParseFromArray(data1, static_cast<int>(size1))) a.Clear();
  if (!b.ParseFromArray(data2, static_cast<int>(size2))) b.Clear();
  kinerja::fuzz::ProtoMutator mutator(seed);
  mutator.CrossOver(b, &a);
  std::string bytes = a.SerializeAsString();
  if (bytes.size() > max_out_size) return 0;
  std::memcpy(out, bytes.data(), bytes.size());
  return bytes.size();
}
