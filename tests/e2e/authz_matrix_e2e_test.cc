// Issue 10 (7): the authorisation matrix over real mutual TLS. One cluster of real kinerjad
// processes (national RI and the Banten hub 36; the other satker only lend their
// certificates) serves every case; each case dials a node's sync listener with a certificate
// (a node's, another CA's, an expired or revoked one, none), says a hello and sends a forged
// message, then checks at the node dialled:
//   - the session's gRPC code and that its message names the change, range or peer refused;
//   - nothing applied: the node's log length (changes held) and version vector unchanged;
//   - the refusal counter (`kinerjactl status`: refused changes) raised by one, except where
//     the case says it is not a refusal: a handshake that fails (no certificate, another CA,
//     expired, revoked: the node never sees a call, so there is nothing to count) and protocol
//     errors that accuse nobody (a gap, an unknown protocol version, messages out of turn).
// A control case shows the same harness sees a valid change applied.
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <ostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "kinerja/v1/sync.grpc.pb.h"
#include "storage/entity_key.h"
#include "tests/e2e/cluster.h"
#include "tests/e2e/ctl_read.h"
#include "tests/e2e/forged_client.h"

namespace kinerja::e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kRegistry[] =
    "kode,nama,tingkat,induk\n"
    "RI,KPU Republik Indonesia,nasional,\n"
    "36,KPU Provinsi Banten,provinsi,RI\n"
    "32,KPU Provinsi Jawa Barat,provinsi,RI\n"
    "3604,KPU Kabupaten Serang,kabkota,36\n"
    "3603,KPU Kabupaten Tangerang,kabkota,36\n"
    "3201,KPU Kabupaten Bogor,kabkota,32\n";

// Replica ids the forged changes and ranges use.
constexpr char kOffice[] = "3604.00000000abcd";
constexpr char kSibling[] = "3603.00000000abcd";
constexpr char kHub[] = "36.00000000abcd";
constexpr char kOtherHub[] = "32.00000000abcd";
constexpr char kOtherOffice[] = "3201.00000000abcd";
constexpr char kNational[] = "RI.0000000000aa";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ---- Messages -----------------------------------------------------------------------------

v1::Change WithRecord(const std::string& origin, uint64_t seq, const std::string& key,
                      const v1::Record& record) {
  v1::Change c;
  c.set_origin(origin);
  c.set_seq(seq);
  c.set_hlc(1);
  c.set_key(key);
  c.set_value(record.SerializeAsString());
  return c;
}

// A pagu record of `satker` and the key it belongs under.
v1::Change Pagu(const std::string& origin, uint64_t seq, const std::string& satker,
                const std::string& rincian, int64_t rupiah) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker(satker);
  p->set_tahun(2024);
  p->set_kegiatan_kode("9999");
  p->set_rincian_kode(rincian);
  p->set_pagu_rupiah(rupiah);
  return WithRecord(origin, seq,
                    storage::RecordKey(satker, 2024, storage::kKindPagu, {"9999", rincian}), r);
}

v1::Change RegistryEntry(const std::string& origin, const std::string& publisher,
                         const std::string& kode, const std::string& induk) {
  v1::Record r;
  r.mutable_satker()->set_kode(kode);
  r.mutable_satker()->set_nama("KPU Palsu");
  r.mutable_satker()->set_tingkat(v1::TINGKAT_KABKOTA);
  r.mutable_satker()->set_induk(induk);
  return WithRecord(origin, 1, storage::ReferenceKey(publisher, storage::kRefSatker, {kode}), r);
}

v1::Change Note(const std::string& origin, const std::string& about, const std::string& penulis) {
  v1::Record r;
  r.mutable_catatan()->set_satker(about);
  r.mutable_catatan()->set_penulis(penulis);
  r.mutable_catatan()->set_topik("LKj 2024");
  r.mutable_catatan()->set_teks("forged");
  return WithRecord(origin, 1, storage::CatatanKey(about, penulis, "n1"), r);
}

// ---- The cluster, shared by every case -----------------------------------------------------

class Matrix {
 public:
  Matrix() : cluster_(kRegistry) {
    cluster_.Add("RI", "RI", "national", "");
    // Certificates only (these nodes are never started).
    for (const char* s : {"32", "3604", "3603", "3201"}) {
      cluster_.Add(s, s, s[2] == '\0' ? "province" : "office", "RI");
    }
    const std::string script =
        absl::StrCat(KINERJA_SOURCE_DIR, "/tests/e2e/make_bad_certs.sh '", cluster_.cert_dir(),
                     "'");
    EXPECT_EQ(std::system(script.c_str()), 0) << script;
    // The hub checks revocation against a CRL directory that revokes revoked.pem.
    cluster_.Add("36", "36", "province", "RI",
                 {"--tls-crl-dir", absl::StrCat(cluster_.cert_dir(), "/crl-revoked")});
    // A parent impostor: a node with 3603's valid certificate whose own registry makes it
    // 3604's parent, and an office of 3604 whose upstream address leads to it.
    cluster_.Add("impostor", "3603", "national", "");
    cluster_.SetRegistry("impostor",
                         "kode,nama,tingkat,induk\n"
                         "3603,KPU Kabupaten Tangerang,nasional,\n"
                         "3604,KPU Kabupaten Serang,kabkota,3603\n");
    cluster_.Add("office", "3604", "office", "impostor");
    for (const char* n : {"RI", "36", "impostor", "office"}) cluster_.Start(n);
  }

  Cluster& cluster() { return cluster_; }

  // Credentials of a certificate in the cluster's directory ("3604", "expired",
  // "otherca/3604"; "" for none), trusting the demo CA for the server.
  std::shared_ptr<grpc::ChannelCredentials> Credentials(const std::string& cert) const {
    grpc::SslCredentialsOptions o;
    o.pem_root_certs = ReadFile(cluster_.cert_dir() + "/ca.pem");
    if (!cert.empty()) {
      o.pem_private_key = ReadFile(absl::StrCat(cluster_.cert_dir(), "/", cert, ".key"));
      o.pem_cert_chain = ReadFile(absl::StrCat(cluster_.cert_dir(), "/", cert, ".pem"));
    }
    return grpc::SslCredentials(o);
  }

 private:
  Cluster cluster_;
};

// What "nothing applied" and "counted" compare, read through kinerjactl.
struct Snapshot {
  uint64_t changes_held = 0;
  std::string version_vector;  // Serialized, for equality.
  uint64_t refused = 0;
};

Snapshot Take(const Cluster& c, const std::string& node) {
  const v1::StatusResponse s = Status(c, node);
  return {s.changes_held(), s.version_vector().SerializeAsString(), s.refused_changes()};
}

// ---- The cases -----------------------------------------------------------------------------

struct Case {
  std::string name;
  std::string target = "36";  // The node dialled.
  std::string cert = "3604";  // Whose certificate the client presents ("" none).
  std::function<grpc::Status(ForgedClient&)> run;
  grpc::StatusCode code;
  std::vector<std::string> says;  // Substrings of the status message.
  bool counted = true;            // The node's refusal counter rises by one.
};

// gtest prints a case by its name.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// Says hello as `claimed` and sends `message`.
std::function<grpc::Status(ForgedClient&)> After(std::string claimed, v1::SyncMessage message) {
  return [claimed, message](ForgedClient& c) { return c.SendAfterHello(claimed, message); };
}
// As 3604 (or `claimed`): one batch.
std::function<grpc::Status(ForgedClient&)> Sends(std::vector<v1::Change> changes,
                                                 std::string claimed = "3604") {
  return After(std::move(claimed), ForgedBatch(std::move(changes)));
}
v1::SyncMessage Done() {
  v1::SyncMessage m;
  m.mutable_done();
  return m;
}

using Code = grpc::StatusCode;

std::vector<Case> IdentityCases() {
  return {
      {"SiblingCertificateClaimsTheOffice", "36", "3603", After("3604", Done()),
       Code::PERMISSION_DENIED, {"authenticated as 3603", "says it is 3604"}},
      {"OfficeOfAnotherProvince", "36", "3201", After("3201", Done()), Code::PERMISSION_DENIED,
       {"satker 3201 is not a child of 36"}},
      {"OtherHub", "36", "32", After("32", Done()), Code::PERMISSION_DENIED,
       {"satker 32 is not a child of 36"}},
      {"OfficeDiallingNational", "RI", "3604", After("3604", Done()), Code::PERMISSION_DENIED,
       {"satker 3604 is not a child of RI"}},
      {"OfficeOfAnotherProvinceDiallingNational", "RI", "3201", After("3201", Done()),
       Code::PERMISSION_DENIED, {"satker 3201 is not a child of RI"}},
      {"NationalDiallingAHubAsItsChild", "36", "RI", After("RI", Done()), Code::PERMISSION_DENIED,
       {"satker RI is not a child of 36"}},
      {"HubDiallingItself", "36", "36", After("36", Done()), Code::PERMISSION_DENIED,
       {"satker 36 is not a child of 36"}},
      {"UnknownSatker", "36", "unknown", After("9999", Done()), Code::PERMISSION_DENIED,
       {"satker 9999 is not a child of 36"}},
      {"CertificateNamingTwoSatker", "36", "twocn", After("3604", Done()), Code::UNAUTHENTICATED,
       {"more than one CN"}},
      // The handshake fails: no call reaches the node, nothing to count.
      {"NoCertificate", "36", "", After("3604", Done()), Code::UNAVAILABLE, {}, false},
      {"CertificateOfAnotherCa", "36", "otherca/3604", After("3604", Done()), Code::UNAVAILABLE,
       {}, false},
      {"ExpiredCertificate", "36", "expired", After("3604", Done()), Code::UNAVAILABLE, {}, false},
      {"RevokedCertificate", "36", "revoked", After("3604", Done()), Code::UNAVAILABLE, {}, false},
  };
}

std::vector<Case> HelloCases() {
  v1::SyncMessage old_version = ForgedClient::Hello("3604", std::nullopt);
  old_version.mutable_hello()->set_protocol_version(99);
  return {
      {"HelloNamesASibling", "36", "3604", After("3603", Done()), Code::PERMISSION_DENIED,
       {"authenticated as 3604", "says it is 3603"}},
      {"HelloNamesTheHub", "36", "3604", After("36", Done()), Code::PERMISSION_DENIED,
       {"says it is 36"}},
      {"HelloReplicaIdOfASibling", "36", "3604",
       [](ForgedClient& c) { return c.SendAfterHello("3604", Done(), kSibling); },
       Code::PERMISSION_DENIED, {kSibling, "not a replica id of 3604"}},
      {"HelloReplicaIdOfTheHub", "36", "3604",
       [](ForgedClient& c) { return c.SendAfterHello("3604", Done(), kHub); },
       Code::PERMISSION_DENIED, {kHub, "not a replica id of 3604"}},
      {"HelloReplicaIdWithoutIncarnation", "36", "3604",
       [](ForgedClient& c) { return c.SendAfterHello("3604", Done(), "3604"); },
       Code::PERMISSION_DENIED, {"not a replica id of 3604"}},
      // Protocol errors: malformed, not an accusation; refused, not counted.
      {"HelloOfAnUnknownProtocolVersion", "36", "3604",
       [old_version](ForgedClient& c) { return c.SendAfterHelloMessage(old_version, Done()); },
       Code::FAILED_PRECONDITION, {"3604 speaks version 99", "(36) speaks version 1"}, false},
      {"SecondHello", "36", "3604", After("3604", ForgedClient::Hello("3604", std::nullopt)),
       Code::INVALID_ARGUMENT, {"a second hello"}, false},
      {"EmptyMessage", "36", "3604", After("3604", v1::SyncMessage()), Code::INVALID_ARGUMENT,
       {"empty sync message"}, false},
      {"BatchNumberSkipped", "36", "3604",
       After("3604", ForgedBatch({Pagu(kOffice, 1, "3604", "001", 1)}, 2)), Code::INVALID_ARGUMENT,
       {"expected batch 1, received batch 2"}, false},
  };
}

std::vector<Case> OfficeContentCases() {
  v1::Change tombstone = Pagu(kOffice, 1, "3603", "001", 0);
  tombstone.clear_value();
  tombstone.set_tombstone(true);
  v1::Change foreign_value = Pagu(kOffice, 1, "3604", "001", 1);  // 3603's record, 3604's key.
  v1::Record r3603;
  r3603.mutable_anggaran_pagu()->set_satker("3603");
  r3603.mutable_anggaran_pagu()->set_tahun(2024);
  r3603.mutable_anggaran_pagu()->set_kegiatan_kode("9999");
  r3603.mutable_anggaran_pagu()->set_rincian_kode("001");
  r3603.mutable_anggaran_pagu()->set_pagu_rupiah(777'000'000'000);
  foreign_value.set_value(r3603.SerializeAsString());
  v1::Change garbage = Pagu(kOffice, 1, "3604", "001", 1);
  garbage.set_value("\xff\xff\xff\xff not a record");
  v1::Change other_kind = Pagu(kOffice, 1, "3604", "001", 1);  // A realisasi under a pagu key.
  v1::Record realisasi;
  realisasi.mutable_anggaran_realisasi()->set_satker("3604");
  other_kind.set_value(realisasi.SerializeAsString());
  v1::Change bad_key = Pagu(kOffice, 1, "3604", "001", 1);
  bad_key.set_key("3604/not-a-year/pagu");
  const int64_t half = std::numeric_limits<int64_t>::max() / 2 + 1;
  const v1::Change long_key = Pagu(kOffice, 1, "3604", std::string(4096, '7'), 1);
  v1::Change big_value = Pagu(kOffice, 1, "3604", "001", 1);
  v1::Record big;
  big.ParseFromString(big_value.value());
  big.mutable_anggaran_pagu()->set_kegiatan(std::string((1 << 20) + 1, 'x'));
  big_value.set_value(big.SerializeAsString());
  return {
      {"SiblingsChange", "36", "3604", Sends({Pagu(kSibling, 1, "3603", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 3603.00000000abcd#1", "origin 3603 is not 3604 or below it"}},
      {"OwnOriginSiblingsKey", "36", "3604", Sends({Pagu(kOffice, 1, "3603", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 3604.00000000abcd#1", "3603/2024/pagu/9999/001"}},
      {"OwnOriginKeyOfAnotherProvincesOffice", "36", "3604",
       Sends({Pagu(kOffice, 1, "3201", "001", 1)}), Code::PERMISSION_DENIED,
       {"3201/2024/pagu/9999/001", "only 3201 writes it"}},
      {"SiblingOriginOwnKey", "36", "3604", Sends({Pagu(kSibling, 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 3603.00000000abcd#1", "only 3604 writes it"}},
      {"HubOriginOwnKey", "36", "3604", Sends({Pagu(kHub, 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 36.00000000abcd#1"}},
      {"NationalOriginOwnKey", "36", "3604", Sends({Pagu(kNational, 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"change RI.0000000000aa#1"}},
      {"OriginWithoutIncarnation", "36", "3604", Sends({Pagu("3604", 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 3604#1", "not a replica id"}},
      {"OriginNotHex", "36", "3604", Sends({Pagu("3604.zzzzzzzzzzzz", 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"3604.zzzzzzzzzzzz#1", "not a replica id"}},
      {"NationalReferenceDataMovingAnOffice", "36", "3604",
       Sends({RegistryEntry(kOffice, "RI", "3603", "3604")}), Code::PERMISSION_DENIED,
       {"RI/ref/satker/3603", "only RI writes it"}},
      {"NationalReferenceDataUnderNationalOrigin", "36", "3604",
       Sends({RegistryEntry(kNational, "RI", "3603", "3604")}), Code::PERMISSION_DENIED,
       {"change RI.0000000000aa#1", "RI/ref/satker/3603"}},
      {"OfficeReferenceData", "36", "3604", Sends({RegistryEntry(kOffice, "3604", "3605", "3604")}),
       Code::PERMISSION_DENIED, {"3604/ref/satker/3605", "an office publishes no reference data"}},
      {"HubReferenceDataFromAnOffice", "36", "3604",
       Sends({RegistryEntry(kHub, "36", "3605", "36")}), Code::PERMISSION_DENIED,
       {"change 36.00000000abcd#1", "36/ref/satker/3605"}},
      {"NoteOnItself", "36", "3604", Sends({Note(kOffice, "3604", "3604")}),
       Code::PERMISSION_DENIED, {"3604/catatan/3604/n1", "a note must be by another satker"}},
      {"NoteOnASibling", "36", "3604", Sends({Note(kOffice, "3603", "3604")}),
       Code::PERMISSION_DENIED, {"3603/catatan/3604/n1"}},
      {"HubsNoteForgedByAnOffice", "36", "3604", Sends({Note(kHub, "3604", "36")}),
       Code::PERMISSION_DENIED, {"change 36.00000000abcd#1", "3604/catatan/36/n1"}},
      {"TombstoneOfASiblingsRecord", "36", "3604", Sends({tombstone}), Code::PERMISSION_DENIED,
       {"3603/2024/pagu/9999/001"}},
      {"MalformedKey", "36", "3604", Sends({bad_key}), Code::PERMISSION_DENIED,
       {"3604/not-a-year/pagu"}},
      {"ValueOfASiblingUnderOwnKey", "36", "3604", Sends({foreign_value}),
       Code::INVALID_ARGUMENT, {"3604.00000000abcd#1"}},
      {"ValueNotARecord", "36", "3604", Sends({garbage}), Code::INVALID_ARGUMENT,
       {"3604.00000000abcd#1"}},
      {"ValueOfAnotherKind", "36", "3604", Sends({other_kind}), Code::INVALID_ARGUMENT,
       {"3604.00000000abcd#1"}},
      {"ValidChangeBesideAForgedOne", "36", "3604",
       Sends({Pagu(kSibling, 1, "3603", "001", 1), Pagu(kOffice, 1, "3604", "001", 1)}),
       Code::PERMISSION_DENIED, {"change 3603.00000000abcd#1"}},
      {"ChangesOutOfOrder", "36", "3604",
       Sends({Pagu(kOffice, 2, "3604", "002", 1), Pagu(kOffice, 1, "3604", "001", 1)}),
       Code::INVALID_ARGUMENT, {"not in (origin, seq) order"}},
      {"AmountPastTheBoundNoSumMayWrap", "36", "3604",
       Sends({Pagu(kOffice, 1, "3604", "001", half), Pagu(kOffice, 2, "3604", "002", half)}),
       Code::INVALID_ARGUMENT, {"3604.00000000abcd#1", "beyond the bound"}},
      {"KeyOverTheLimit", "36", "3604", Sends({long_key}), Code::INVALID_ARGUMENT,
       {"3604.00000000abcd#1", "exceeds the limit"}},
      {"ValueOverTheLimit", "36", "3604", Sends({big_value}), Code::INVALID_ARGUMENT,
       {"3604.00000000abcd#1", "exceeds the limit"}},
      // A gap is a protocol error, not a forgery: refused, not counted.
      {"SequenceGap", "36", "3604", Sends({Pagu(kOffice, 5, "3604", "001", 1)}),
       Code::FAILED_PRECONDITION, {kOffice}, false},
      {"RangeOfASiblingsOrigin", "36", "3604", After("3604", ForgedRange(kSibling, 83, 1000)),
       Code::PERMISSION_DENIED, {"3603.00000000abcd [83, 1000]"}},
      {"RangeOfTheHubsOrigin", "36", "3604", After("3604", ForgedRange(kHub, 1, 10)),
       Code::PERMISSION_DENIED, {"36.00000000abcd [1, 10]"}},
      {"RangeOfNationalsOrigin", "36", "3604", After("3604", ForgedRange(kNational, 1, 1000)),
       Code::PERMISSION_DENIED, {"RI.0000000000aa [1, 1000]"}},
      {"RangeOfOwnOriginPassingOverSeqs", "36", "3604", After("3604", ForgedRange(kOffice, 1, 5)),
       Code::PERMISSION_DENIED, {"3604.00000000abcd [1, 5]", "passes over"}},
      {"RangeOfAMalformedOrigin", "36", "3604", After("3604", ForgedRange("xyz", 1, 5)),
       Code::PERMISSION_DENIED, {"xyz [1, 5]", "not a replica id"}},
  };
}

std::vector<Case> ProvinceContentCases() {
  return {
      {"ProvinceClaimsAnotherProvince", "RI", "36", After("32", Done()), Code::PERMISSION_DENIED,
       {"authenticated as 36", "says it is 32"}},
      {"ProvinceForwardsAnotherProvincesOffice", "RI", "36",
       Sends({Pagu(kOtherOffice, 1, "3201", "001", 1)}, "36"), Code::PERMISSION_DENIED,
       {"change 3201.00000000abcd#1", "origin 3201 is not 36 or below it"}},
      {"ProvinceWritesAnotherProvincesKey", "RI", "36",
       Sends({Pagu(kHub, 1, "32", "001", 1)}, "36"), Code::PERMISSION_DENIED,
       {"32/2024/pagu/9999/001"}},
      {"ProvinceForgesAnotherProvincesOrigin", "RI", "36",
       Sends({Pagu(kOtherHub, 1, "32", "001", 1)}, "36"), Code::PERMISSION_DENIED,
       {"change 32.00000000abcd#1"}},
      {"ProvinceWritesNationalReferenceData", "RI", "36",
       Sends({RegistryEntry(kHub, "RI", "3604", "32")}, "36"), Code::PERMISSION_DENIED,
       {"RI/ref/satker/3604", "only RI writes it"}},
      {"ProvinceNoteOnAnotherProvincesOffice", "RI", "36",
       Sends({Note(kHub, "3201", "36")}, "36"), Code::PERMISSION_DENIED,
       {"3201/catatan/36/n1"}},
      {"ProvinceRangeOfNationalsOrigin", "RI", "36", After("36", ForgedRange(kNational, 1, 1000)),
       Code::PERMISSION_DENIED, {"RI.0000000000aa [1, 1000]"}},
      {"ProvinceRangeOfAnotherProvincesOffice", "RI", "36",
       After("36", ForgedRange(kOtherOffice, 1, 10)), Code::PERMISSION_DENIED,
       {"3201.00000000abcd [1, 10]"}},
      {"ProvinceRangePassingOverItsOfficesSeqs", "RI", "36", After("36", ForgedRange(kOffice, 1, 5)),
       Code::PERMISSION_DENIED, {"3604.00000000abcd [1, 5]", "passes over"}},
  };
}

std::vector<Case> AllCases() {
  std::vector<Case> all;
  for (auto group : {IdentityCases(), HelloCases(), OfficeContentCases(), ProvinceContentCases()}) {
    for (auto& c : group) all.push_back(std::move(c));
  }
  return all;
}

// The cluster every case shares: started by the first case, stopped after the last test.
Matrix* g_matrix = nullptr;
Matrix& Shared() {
  if (g_matrix == nullptr) g_matrix = new Matrix();
  return *g_matrix;
}
class MatrixEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete g_matrix;
    g_matrix = nullptr;
  }
};
::testing::Environment* const kMatrixEnvironment =
    ::testing::AddGlobalTestEnvironment(new MatrixEnvironment);

class AuthzMatrixE2eTest : public ::testing::TestWithParam<Case> {};

TEST_P(AuthzMatrixE2eTest, IsRefusedAndNothingApplied) {
  const Case& c = GetParam();
  Cluster& cluster = Shared().cluster();
  const Snapshot before = Take(cluster, c.target);
  ForgedClient client(cluster.SyncAddress(c.target), Shared().Credentials(c.cert));
  const grpc::Status st = c.run(client);
  EXPECT_EQ(st.error_code(), c.code) << st.error_message();
  for (const std::string& s : c.says) EXPECT_THAT(st.error_message(), HasSubstr(s));
  const Snapshot after = Take(cluster, c.target);
  EXPECT_EQ(after.changes_held, before.changes_held) << "a change was applied";
  EXPECT_EQ(after.version_vector, before.version_vector) << "the version vector moved";
  EXPECT_EQ(after.refused, before.refused + (c.counted ? 1 : 0));
}

INSTANTIATE_TEST_SUITE_P(Cases, AuthzMatrixE2eTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

// The control: the same harness, a valid change of the office's own, is applied and not
// counted, so the matrix's "unchanged" would see an applied change.
// The office checks its parent as the parent checks the child: an upstream whose certificate
// names 3603, not the registry parent 36, is refused before anything is sent. (The office
// logs this refusal; its refusal counter counts refused changes only, so it is not asserted.)
TEST(AuthzMatrixParentE2eTest, ParentImpostorGetsNothing) {
  Cluster& cluster = Shared().cluster();
  const std::string file = cluster.WriteFile("impostor.csv", AnggaranCsv("3604", 3));
  ASSERT_EQ(cluster.Ctl("office", {"import", "anggaran", file}).exit_code, 0);
  const Snapshot before = Take(cluster, "impostor");
  CtlResult sync = cluster.Ctl("office", {"sync", "--timeout", "10s"});
  EXPECT_EQ(sync.exit_code, 1) << sync.out << sync.err;
  EXPECT_THAT(sync.err, HasSubstr("must be 36"));
  EXPECT_THAT(sync.err, HasSubstr("3603"));
  const v1::StatusResponse office = Status(cluster, "office");
  EXPECT_EQ(office.waiting_up(), 39u);
  EXPECT_THAT(office.last_sync_error(), HasSubstr("3603"));
  const Snapshot after = Take(cluster, "impostor");
  EXPECT_EQ(after.changes_held, before.changes_held);
  EXPECT_EQ(after.version_vector, before.version_vector);
}

TEST(AuthzMatrixControlE2eTest, ValidChangeIsAppliedAndNotCounted) {
  Cluster& cluster = Shared().cluster();
  const Snapshot before = Take(cluster, "36");
  ForgedClient client(cluster.SyncAddress("36"), Shared().Credentials("3604"));
  // The forged client sends no done: the session ends early, after its batch was applied.
  const grpc::Status st = client.Send("3604", Pagu("3604.0000000000ff", 1, "3604", "777", 1));
  EXPECT_NE(st.error_code(), Code::PERMISSION_DENIED) << st.error_message();
  const Snapshot after = Take(cluster, "36");
  EXPECT_EQ(after.changes_held, before.changes_held + 1);
  EXPECT_NE(after.version_vector, before.version_vector);
  EXPECT_EQ(after.refused, before.refused);
}

}  // namespace
}  // namespace kinerja::e2e
