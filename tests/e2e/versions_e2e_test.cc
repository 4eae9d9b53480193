// End-to-end, versions (issue 11): a data directory stamped with a newer storage version is
// refused by kinerjad, naming both versions, and left as it was; a field unknown to this
// build (one a newer office would write) passes office -> hub -> national byte-identical,
// because every node stores and forwards a change's value as the bytes it received.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "kinerja/v1/domain.pb.h"
#include "rocksdb/db.h"
#include "storage/entity_key.h"
#include "storage/replica.h"
#include "storage/replica_internal.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/e2e/forged_client.h"
#include "tests/testing/raw_store.h"

namespace kinerja::e2e {
namespace {

TEST(VersionsE2eTest, NewerStampedDataDirIsRefusedNamingBothVersions) {
  Cluster c(kBantenRegistry);
  c.Add("36", "36", "province", "RI");  // Its upstream, never started.
  c.Add("3604", "3604", "office", "36");
  c.Start("3604");
  c.Stop("3604");
  testing::WithRawStore(c.DataDir("3604"), [](rocksdb::DB* db, const auto&) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), storage::internal::kMetaStorageVersion,
                        storage::internal::EncodeU64(storage::kStorageVersion + 1))
                    .ok());
  });
  const ExitResult refused = c.StartExpectingExit("3604");
  EXPECT_EQ(refused.exit_code, 1) << refused.log;
  EXPECT_TRUE(absl::StrContains(
      refused.log, absl::StrCat("storage version ", storage::kStorageVersion + 1)))
      << refused.log;
  EXPECT_TRUE(absl::StrContains(
      refused.log, absl::StrCat("up to storage version ", storage::kStorageVersion)))
      << refused.log;
}

// `bytes` with a length-delimited field `number` (unknown to this build) appended.
std::string WithUnknownField(std::string bytes, uint32_t number, const std::string& payload) {
  uint64_t tag = (uint64_t{number} << 3) | 2;
  auto varint = [&](uint64_t v) {
    while (v >= 0x80) {
      bytes += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    bytes += static_cast<char>(v);
  };
  varint(tag);
  varint(payload.size());
  bytes += payload;
  return bytes;
}

TEST(VersionsE2eTest, UnknownFieldReachesNationalByteIdentical) {
  Cluster c(kBantenRegistry);
  c.Add("RI", "RI", "national", "");
  c.Add("36", "36", "province", "RI");
  c.Add("3604", "3604", "office", "36");  // For its certificate.
  c.Start("RI");
  c.Start("36");

  // A pagu record as a newer office would write it: an unknown field inside the pagu and
  // another on the record.
  v1::AnggaranPagu pagu;
  pagu.set_satker("3604");
  pagu.set_tahun(2024);
  pagu.set_program_kode("WA");
  pagu.set_kegiatan_kode("9999");
  pagu.set_pagu_rupiah(1'000'000);
  v1::AnggaranPagu newer_pagu;
  ASSERT_TRUE(newer_pagu.ParseFromString(
      WithUnknownField(pagu.SerializeAsString(), 77, "a field of a newer pagu")));
  ASSERT_FALSE(newer_pagu.GetReflection()->GetUnknownFields(newer_pagu).empty());
  v1::Record record;
  *record.mutable_anggaran_pagu() = newer_pagu;
  const std::string value =
      WithUnknownField(record.SerializeAsString(), 1000, "a field of a newer record");

  const std::string origin = "3604.00000000abcd";  // Another replica of office 3604.
  v1::Change change;
  change.set_origin(origin);
  change.set_seq(1);
  change.set_hlc(1);
  change.set_key(storage::RecordKey("3604", 2024, storage::kKindPagu, {"9999", "-"}));
  change.set_value(value);
  // The session as a child of another build would run it: hello, the batch, done.
  ForgedClient office(c, "36", "3604");
  std::unique_ptr<OpenSession> session = office.Open("3604");
  ASSERT_TRUE(session->answered);
  v1::SyncMessage batch;
  batch.mutable_batch()->set_batch_no(1);
  *batch.mutable_batch()->mutable_batch()->add_changes() = change;
  ASSERT_TRUE(session->stream->Write(batch));
  v1::SyncMessage done;
  done.mutable_done()->set_batches(1);
  done.mutable_done()->set_changes(1);
  ASSERT_TRUE(session->stream->Write(done));
  v1::SyncMessage in;
  bool acked = false;
  while (!acked && session->stream->Read(&in)) acked = in.has_ack();
  ASSERT_TRUE(acked) << "the hub did not acknowledge the batch";
  session.reset();  // Cancels what remains of the session; the batch is applied.
  ASSERT_EQ(Held(Status(c, "36"), origin), 1u);
  ASSERT_TRUE(WaitFor([&] { return Held(Status(c, "RI"), origin) == 1; }, absl::Seconds(20)));
  c.Stop("RI");
  c.Stop("36");

  for (const char* node : {"36", "RI"}) {
    auto replica = storage::Replica::Open(c.DataDir(node), storage::ReplicaOptions{});
    ASSERT_TRUE(replica.ok()) << replica.status();
    auto held = (*replica)->GetChange(origin, 1);
    ASSERT_TRUE(held.ok()) << held.status();
    ASSERT_TRUE(held->has_value()) << node;
    EXPECT_EQ((*held)->key(), change.key()) << node;
    EXPECT_EQ((*held)->value(), value) << node << ": the value's bytes changed on the way";
  }
}

}  // namespace
}  // namespace kinerja::e2e
