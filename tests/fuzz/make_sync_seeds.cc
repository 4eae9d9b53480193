// Writes the seed inputs of the sync fuzz targets from a real exchange between the fixture's
// two engines (sync_fixture.h): corpus/sync_session/seed_session is the whole session the
// office sends its hub (Hello, batches, Done, acks), corpus/sync_message/seed_<n> each of its
// messages. Run by hand when the fixture changes:
//   build/tests/fuzz/fuzz_make_sync_seeds tests/fuzz/corpus
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_session.pb.h"
#include "tests/fuzz/sync_fixture.h"

namespace {

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_ROOT\n", argv[0]);
    return 2;
  }
  const std::string root = argv[1];
  kinerja::fuzz::SyncWorld world;
  absl::Status status;
  std::vector<kinerja::v1::SyncMessage> sent = world.RunSession(&status);
  if (!status.ok()) {
    std::fprintf(stderr, "session failed: %s\n", status.ToString().c_str());
    return 1;
  }
  kinerja::fuzz::FuzzSession session;
  for (const kinerja::v1::SyncMessage& m : sent) *session.add_messages() = m;
  bool ok = WriteFile(root + "/sync_session/seed_session", session.SerializeAsString());
  for (size_t i = 0; i < sent.size(); ++i) {
    ok = ok && WriteFile(root + "/sync_message/seed_" + std::to_string(i + 1),
                         sent[i].SerializeAsString());
  }
  if (!ok) {
    std::fprintf(stderr, "cannot write under %s\n", root.c_str());
    return 1;
  }
  std::printf("%zu messages\n", sent.size());
  return 0;
}
