// Writes the seed inputs of the sync fuzz targets from a real exchange between the fixture's
// two engines (sync_fixture.h): corpus/sync_session/seed_session is the whole session the
// office sends its hub (Hello, batches, Done, acks), corpus/sync_message/seed_<n> each of its
// messages. Run by hand when the fixture changes:
//   build/tests/fuzz/fuzz_make_sync_seeds tests/fuzz/corpus
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "kinerja/v1/domain.pb.h"
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
  // The same session with one claim forged each, so the corpus holds refusals too: the
  // targets check that a refused batch changes nothing, and a policy or engine that let one
  // through fails their replay.
  int batch_at = -1;
  for (int i = 0; i < session.messages_size(); ++i) {
    if (batch_at < 0 && session.messages(i).has_batch()) batch_at = i;
  }
  if (batch_at < 0 || session.messages(batch_at).batch().batch().changes_size() < 2) {
    std::fprintf(stderr, "the session sent no batch of two changes\n");
    return 1;
  }
  struct Forgery {
    const char* name;
    void (*apply)(kinerja::v1::ChangeBatch*);
  };
  const Forgery forgeries[] = {
      // Another office's key over this office's record (writer rule, and value check).
      {"forged_other_satker",
       [](kinerja::v1::ChangeBatch* b) { b->mutable_changes(1)->set_key("3603/2024/pagu/A3/-"); }},
      // A well-formed record of another office, from that office's origin: only the writer
      // rule (the session policy) refuses it.
      {"forged_foreign_record",
       [](kinerja::v1::ChangeBatch* b) {
         kinerja::v1::Change c = b->changes(0);
         kinerja::v1::Record record;
         kinerja::v1::AnggaranPagu* pagu = record.mutable_anggaran_pagu();
         pagu->set_satker("3603");
         pagu->set_tahun(2024);
         pagu->set_kegiatan_kode("A1");
         pagu->set_kegiatan("kegiatan A1");
         pagu->set_pagu_rupiah(1'000'000);
         c.set_origin("3603.000000003603");
         c.set_seq(1);
         c.set_key("3603/2024/pagu/A1/-");
         c.set_value(record.SerializeAsString());
         c.clear_bases();
         b->Clear();
         *b->add_changes() = c;
       }},
      // A value that is not the record its key names.
      {"forged_value_key_mismatch",
       [](kinerja::v1::ChangeBatch* b) { b->mutable_changes(1)->set_key("3604/2024/pagu/A9/-"); }},
      // A gap in the origin's seqs.
      {"forged_gap", [](kinerja::v1::ChangeBatch* b) { b->mutable_changes(1)->set_seq(9); }},
      // An origin of another satker.
      {"forged_origin",
       [](kinerja::v1::ChangeBatch* b) {
         for (auto& c : *b->mutable_changes()) c.set_origin("3603.000000003603");
       }},
      // A range that passes over seqs the child never sent.
      {"forged_range",
       [](kinerja::v1::ChangeBatch* b) {
         kinerja::v1::OriginRange* r = b->add_covered();
         r->set_origin(b->changes(0).origin());
         r->set_first(1);
         r->set_last(40);
       }},
      // Changes out of (origin, seq) order.
      {"forged_order",
       [](kinerja::v1::ChangeBatch* b) { b->mutable_changes()->SwapElements(0, 1); }},
  };
  for (const Forgery& forgery : forgeries) {
    kinerja::fuzz::FuzzSession forged = session;
    forgery.apply(forged.mutable_messages(batch_at)->mutable_batch()->mutable_batch());
    ok = ok && WriteFile(root + "/sync_session/seed_" + forgery.name, forged.SerializeAsString());
    ok = ok && WriteFile(root + "/sync_message/seed_" + forgery.name,
                         forged.messages(batch_at).SerializeAsString());
  }
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
