#include "client/output/output.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// 2024-05-01 10:00:00 WIB.
constexpr int64_t kNowUnixMs = 1714532400000;

OutputOptions Options(OutputFormat format) {
  OutputOptions options;
  options.format = format;
  options.now = absl::FromUnixMillis(kNowUnixMs);
  options.time_zone = absl::FixedTimeZone(7 * 3600);
  return options;
}

template <typename Response, typename Print>
std::string Render(Print print, const Response& response, OutputFormat format) {
  std::ostringstream out;
  const absl::Status status = print(response, Options(format), out);
  EXPECT_TRUE(status.ok()) << status;
  return out.str();
}

// Parses one line of JSON output back into a message of the response's type.
template <typename Response>
Response FromJson(const std::string& json) {
  Response parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  return parsed;
}

v1::Record Pagu(const std::string& kegiatan_kode, const std::string& rincian,
                const std::string& kegiatan, int64_t pagu) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker("3603");
  p->set_tahun(2024);
  p->set_program_kode("CQ");
  p->set_program("Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi");
  p->set_kegiatan_kode(kegiatan_kode);
  p->set_rincian_kode(rincian);
  p->set_kegiatan(kegiatan);
  p->set_pagu_rupiah(pagu);
  return r;
}

v1::Record Belanja(const std::string& kegiatan_kode, const std::string& rincian,
                   int64_t realisasi) {
  v1::Record r;
  v1::AnggaranRealisasi* b = r.mutable_anggaran_realisasi();
  b->set_satker("3603");
  b->set_tahun(2024);
  b->set_program_kode("CQ");
  b->set_kegiatan_kode(kegiatan_kode);
  b->set_rincian_kode(rincian);
  b->set_periode(v1::PERIODE_TAHUNAN);
  b->set_realisasi_rupiah(realisasi);
  return r;
}

v1::Entry MakeEntry(const std::string& key, const v1::Record& record, bool conflict = false) {
  v1::Entry e;
  e.set_key(key);
  *e.mutable_record() = record;
  e.set_conflict(conflict);
  return e;
}

v1::ListResponse PaguList() {
  v1::ListResponse list;
  *list.add_entries() = MakeEntry("3603/2024/pagu/6367/L03",
                                  Pagu("6367", "L03", "Pembentukan Badan Adhoc", 135062946000));
  *list.add_entries() =
      MakeEntry("3603/2024/pagu/6372/L02",
                Pagu("6372", "L02", "Pemungutan dan Penghitungan Suara", 14832658000));
  return list;
}

v1::Version Head(const std::string& origin, uint64_t seq, const std::string& author,
                 const v1::Record& record, bool winner) {
  v1::Version v;
  v.mutable_id()->set_origin(origin);
  v.mutable_id()->set_seq(seq);
  v.set_hlc(static_cast<uint64_t>(kNowUnixMs) << 16 | (winner ? 1 : 0));
  *v.mutable_record() = record;
  v.set_author(author);
  v.set_winner(winner);
  return v;
}

// ----- import and sync --------------------------------------------------------------------

v1::ImportResponse Imported() {
  v1::ImportResponse r;
  r.set_created(2);
  r.set_changed(1);
  r.set_unchanged(18);
  r.set_rows(21);
  return r;
}

TEST(PrintImportTest, Table) {
  EXPECT_EQ(Render(PrintImport, Imported(), OutputFormat::kTable),
            "created 2, changed 1, unchanged 18 (21 rows)\n");
}

TEST(PrintImportTest, Csv) {
  EXPECT_EQ(Render(PrintImport, Imported(), OutputFormat::kCsv),
            "created,changed,unchanged,rows\n2,1,18,21\n");
}

TEST(PrintImportTest, JsonIsOneObjectWithZeroFieldsAndStringInt64s) {
  v1::ImportResponse r = Imported();
  r.set_changed(0);
  const std::string json = Render(PrintImport, r, OutputFormat::kJson);
  EXPECT_EQ(json, "{\"created\":\"2\",\"changed\":\"0\",\"unchanged\":\"18\",\"rows\":\"21\"}\n");
  EXPECT_TRUE(MessageDifferencer::Equals(FromJson<v1::ImportResponse>(json), r));
}

TEST(PrintSyncTest, TableSaysWhatMoved) {
  v1::SyncNowResponse r;
  r.set_sent(4);
  r.set_received(1);
  r.set_duration_ms(1500);
  EXPECT_EQ(Render(PrintSync, r, OutputFormat::kTable),
            "sent 4 changes, received 1 in 1.5s; caught up with the upstream\n");
  r.set_waiting_up(3);
  EXPECT_EQ(Render(PrintSync, r, OutputFormat::kTable),
            "sent 4 changes, received 1 in 1.5s; 3 still waiting to go up\n");
  EXPECT_EQ(Render(PrintSync, r, OutputFormat::kCsv),
            "sent,received,duration_ms,waiting_up\n4,1,1500,3\n");
}

// ----- status -----------------------------------------------------------------------------

v1::StatusResponse Status() {
  v1::StatusResponse s;
  s.set_node("3604");
  s.set_role(v1::ROLE_OFFICE);
  s.set_replica_id("3604.9f2c41d07ab3");
  s.set_upstream("127.0.0.1:7400");
  s.set_upstream_reachable(true);
  s.set_last_sync_unix_ms(kNowUnixMs - 12000);
  s.set_waiting_up(2);
  s.set_conflicts(1);
  s.set_changes_held(45);
  s.set_clock_skew_events(0);
  s.set_refused_changes(3);
  v1::VersionVector::Entry* e = s.mutable_version_vector()->add_entries();
  e->set_origin("36.0a1b2c3d4e5f");
  e->set_seq(5);
  e = s.mutable_version_vector()->add_entries();
  e->set_origin("3604.9f2c41d07ab3");
  e->set_seq(40);
  return s;
}

TEST(PrintStatusTest, TableShowsLocalTimeAgoAndOneOriginPerLine) {
  EXPECT_EQ(Render(PrintStatus, Status(), OutputFormat::kTable),
            "node               3604\n"
            "role               office\n"
            "replica id         3604.9f2c41d07ab3\n"
            "upstream           127.0.0.1:7400 (reachable)\n"
            "last sync          2024-05-01 09:59:48 +07 (12 s ago)\n"
            "waiting up         2\n"
            "conflicts          1\n"
            "changes held       45\n"
            "clock skew events  0\n"
            "refused changes    3\n"
            "version vector\n"
            "  36.0a1b2c3d4e5f     5\n"
            "  3604.9f2c41d07ab3  40\n");
}

TEST(PrintStatusTest, TableForAnUnreachableUpstreamNeverSynced) {
  v1::StatusResponse s = Status();
  s.set_upstream_reachable(false);
  s.set_last_sync_unix_ms(0);
  s.set_last_sync_error("connection refused");
  s.clear_version_vector();
  const std::string table = Render(PrintStatus, s, OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("upstream           127.0.0.1:7400 (unreachable)\n"));
  EXPECT_THAT(table, HasSubstr("last sync          never\n"));
  EXPECT_THAT(table, HasSubstr("last sync error    connection refused\n"));
  EXPECT_THAT(table, HasSubstr("version vector     (empty)\n"));
}

TEST(PrintStatusTest, CsvIsOneRow) {
  EXPECT_EQ(Render(PrintStatus, Status(), OutputFormat::kCsv),
            "node,role,replica_id,upstream,upstream_reachable,last_sync_unix_ms,"
            "last_sync_error,waiting_up,conflicts,changes_held,clock_skew_events,"
            "refused_changes,version_vector\n"
            "3604,office,3604.9f2c41d07ab3,127.0.0.1:7400,true,1714532388000,,2,1,45,0,3,"
            "36.0a1b2c3d4e5f:5 3604.9f2c41d07ab3:40\n");
}

TEST(PrintStatusTest, JsonParsesBack) {
  const std::string json = Render(PrintStatus, Status(), OutputFormat::kJson);
  EXPECT_THAT(json, HasSubstr("\"role\":\"ROLE_OFFICE\""));
  EXPECT_THAT(json, HasSubstr("\"clock_skew_events\":\"0\""));
  EXPECT_TRUE(MessageDifferencer::Equals(FromJson<v1::StatusResponse>(json), Status()));
}

// ----- ls ---------------------------------------------------------------------------------

TEST(PrintListTest, TableOfOneKindHasItsColumnsAndTotals) {
  EXPECT_EQ(Render(PrintList, PaguList(), OutputFormat::kTable),
            "KEY                      PROGRAM_KODE  KEGIATAN_KODE  RINCIAN_KODE  KEGIATAN"
            "                                      PAGU\n"
            "3603/2024/pagu/6367/L03  CQ            6367           L03           Pembentukan "
            "Badan Adhoc            135.062.946.000\n"
            "3603/2024/pagu/6372/L02  CQ            6372           L02           Pemungutan "
            "dan Penghitungan Suara   14.832.658.000\n"
            "\n"
            "total listed 3603 2024: pagu 149.895.604.000\n");
}

TEST(PrintListTest, CsvOfOneKindHasEveryFieldAsPlainValues) {
  EXPECT_EQ(Render(PrintList, PaguList(), OutputFormat::kCsv),
            "key,conflict,satker,tahun,program_kode,program,kegiatan_kode,rincian_kode,"
            "kegiatan,pagu\n"
            "3603/2024/pagu/6367/L03,false,3603,2024,CQ,Program Penyelenggaraan Pemilu dalam "
            "Proses Konsolidasi Demokrasi,6367,L03,Pembentukan Badan Adhoc,135062946000\n"
            "3603/2024/pagu/6372/L02,false,3603,2024,CQ,Program Penyelenggaraan Pemilu dalam "
            "Proses Konsolidasi Demokrasi,6372,L02,Pemungutan dan Penghitungan Suara,"
            "14832658000\n");
}

TEST(PrintListTest, LongTextsAreCutInTableButNotInCsv) {
  v1::ListResponse list;
  const std::string kegiatan =
      "Perencanaan Program dan Anggaran, serta Penyusunan Peraturan Pelaksanaan "
      "Penyelenggaraan Pemilu";
  *list.add_entries() = MakeEntry("3603/2024/pagu/6709/L01", Pagu("6709", "L01", kegiatan, 10000));
  const std::string table = Render(PrintList, list, OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("Perencanaan Program dan Anggaran, serta Penyusu…  10.000\n"));
  EXPECT_THAT(table, Not(HasSubstr("Pelaksanaan")));
  EXPECT_THAT(Render(PrintList, list, OutputFormat::kCsv), HasSubstr("\"" + kegiatan + "\""));
}

TEST(PrintListTest, MixedKindsGetSummariesAndPenyerapan) {
  v1::ListResponse list = PaguList();
  *list.add_entries() =
      MakeEntry("3603/2024/belanja/6372/L02/TAHUNAN", Belanja("6372", "L02", 14832656264),
                /*conflict=*/true);
  *list.add_entries() =
      MakeEntry("3603/2024/belanja/6367/L03/TAHUNAN", Belanja("6367", "L03", 135062926500));
  EXPECT_EQ(Render(PrintList, list, OutputFormat::kTable),
            "KEY                                 KIND                CONFLICT  VALUE\n"
            "3603/2024/pagu/6367/L03             anggaran_pagu                 6367/L03 "
            "Pembentukan Badan Adhoc: pagu 135.062.946.000\n"
            "3603/2024/pagu/6372/L02             anggaran_pagu                 6372/L02 "
            "Pemungutan dan Penghitungan Suara: pagu 14.832.658.000\n"
            "3603/2024/belanja/6372/L02/TAHUNAN  anggaran_realisasi  yes       6372/L02 "
            "TAHUNAN: realisasi 14.832.656.264\n"
            "3603/2024/belanja/6367/L03/TAHUNAN  anggaran_realisasi            6367/L03 "
            "TAHUNAN: realisasi 135.062.926.500\n"
            "\n"
            "total listed 3603 2024: pagu 149.895.604.000, realisasi 149.895.582.764, "
            "penyerapan 100.00%\n");
  EXPECT_THAT(Render(PrintList, list, OutputFormat::kCsv),
              StartsWith("key,kind,conflict,value\n3603/2024/pagu/6367/L03,anggaran_pagu,false,"));
}

TEST(PrintListTest, RecordsOfOtherKindsShowTheirFields) {
  v1::ListResponse list;
  v1::Record aksi;
  v1::RencanaAksi* a = aksi.mutable_rencana_aksi();
  a->set_satker("3604");
  a->set_tahun(2023);
  a->set_indikator_kode("IKU1");
  a->set_aksi_kode("A1");
  a->set_aksi("Menyusun laporan");
  a->mutable_target()->set_teks("1 Dokumen");
  for (v1::Periode p : {v1::PERIODE_B01, v1::PERIODE_B02, v1::PERIODE_B03, v1::PERIODE_B06}) {
    a->add_jadwal(p);
  }
  a->set_biaya_rupiah(2500000);
  a->set_pelaksana("Subbag Teknis");
  *list.add_entries() = MakeEntry("3604/2023/aksi/IKU1/A1", aksi);
  EXPECT_EQ(Render(PrintList, list, OutputFormat::kTable),
            "KEY                     INDIKATOR_KODE  AKSI_KODE  AKSI              TARGET     "
            "JADWAL           BIAYA  PELAKSANA\n"
            "3604/2023/aksi/IKU1/A1  IKU1            A1         Menyusun laporan  1 Dokumen  "
            "B01-B03,B06  2.500.000  Subbag Teknis\n");

  v1::ListResponse indikator;
  v1::Record r;
  v1::Indikator* i = r.mutable_indikator();
  i->set_satker("3603");
  i->set_tahun(2024);
  i->set_dokumen(v1::DOKUMEN_PK);
  i->set_sasaran_kode("SS1");
  i->set_indikator_kode("IKU1");
  i->set_indikator("Persentase pelanggaran kode etik");
  i->mutable_target()->set_teks("0%");
  i->mutable_target()->set_satuan("%");
  i->set_polaritas(v1::POLARITAS_NEGATIF);
  *indikator.add_entries() = MakeEntry("3603/2024/indikator/IKU1", r);
  EXPECT_THAT(Render(PrintList, indikator, OutputFormat::kTable),
              HasSubstr("PK       SS1           IKU1            Persentase pelanggaran kode etik"
                        "  0%      %       negatif\n"));
}

TEST(PrintListTest, EmptyList) {
  EXPECT_EQ(Render(PrintList, v1::ListResponse(), OutputFormat::kTable), "no records\n");
  EXPECT_EQ(Render(PrintList, v1::ListResponse(), OutputFormat::kJson), "{\"entries\":[]}\n");
  EXPECT_EQ(Render(PrintList, v1::ListResponse(), OutputFormat::kCsv), "key,kind,conflict,value\n");
}

TEST(PrintListTest, JsonIsAnObjectHoldingTheList) {
  const std::string json = Render(PrintList, PaguList(), OutputFormat::kJson);
  EXPECT_THAT(json, StartsWith("{\"entries\":[{\"key\":\"3603/2024/pagu/6367/L03\""));
  EXPECT_THAT(json, HasSubstr("\"pagu_rupiah\":\"135062946000\""));
  EXPECT_EQ(json.find('\n'), json.size() - 1);  // One line.
  EXPECT_TRUE(MessageDifferencer::Equals(FromJson<v1::ListResponse>(json), PaguList()));
}

// ----- get, conflicts, resolve ------------------------------------------------------------

v1::GetResponse ConflictedGet() {
  const v1::Record mine = Pagu("6372", "L02", "Pemungutan dan Penghitungan Suara", 14832658000);
  const v1::Record theirs = Pagu("6372", "L02", "Pemungutan dan Penghitungan Suara", 14900000000);
  v1::GetResponse r;
  *r.mutable_entry() = MakeEntry("3603/2024/pagu/6372/L02", theirs, true);
  *r.add_heads() = Head("3603.aaaaaaaaaaaa", 4, "siti", mine, false);
  *r.add_heads() = Head("3603.bbbbbbbbbbbb", 9, "budi", theirs, true);
  return r;
}

TEST(PrintGetTest, TableShowsEveryFieldAndTheHeads) {
  EXPECT_EQ(Render(PrintGet, ConflictedGet(), OutputFormat::kTable),
            "key            3603/2024/pagu/6372/L02\n"
            "conflict       yes, 2 heads\n"
            "kind           anggaran_pagu\n"
            "satker         3603\n"
            "tahun          2024\n"
            "program_kode   CQ\n"
            "program        Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi\n"
            "kegiatan_kode  6372\n"
            "rincian_kode   L02\n"
            "kegiatan       Pemungutan dan Penghitungan Suara\n"
            "pagu           14.900.000.000\n"
            "\n"
            "VERSION              AUTHOR  HLC                        WINNER  VALUE\n"
            "3603.aaaaaaaaaaaa#4  siti    2024-05-01 10:00:00.000            6372/L02 "
            "Pemungutan dan Penghitungan Suara: pagu 14.832.658.000\n"
            "3603.bbbbbbbbbbbb#9  budi    2024-05-01 10:00:00.000/1  yes     6372/L02 "
            "Pemungutan dan Penghitungan Suara: pagu 14.900.000.000\n");
}

TEST(PrintGetTest, TableWithoutConflictHasNoHeads) {
  v1::GetResponse r = ConflictedGet();
  r.mutable_entry()->set_conflict(false);
  r.mutable_heads()->DeleteSubrange(0, 1);
  const std::string table = Render(PrintGet, r, OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("conflict       no\n"));
  EXPECT_THAT(table, Not(HasSubstr("VERSION")));
}

TEST(PrintGetTest, DeletedRecord) {
  v1::GetResponse r;
  r.mutable_entry()->set_key("3603/2024/pagu/6372/L02");
  v1::Version* tombstone = r.add_heads();
  tombstone->mutable_id()->set_origin("3603.aaaaaaaaaaaa");
  tombstone->mutable_id()->set_seq(5);
  tombstone->set_tombstone(true);
  tombstone->set_winner(true);
  EXPECT_THAT(Render(PrintGet, r, OutputFormat::kTable), HasSubstr("value     (deleted)\n"));
  EXPECT_EQ(Render(PrintGet, r, OutputFormat::kCsv),
            "key,version,author,hlc,winner,deleted\n"
            "3603/2024/pagu/6372/L02,3603.aaaaaaaaaaaa#5,,0,true,true\n");
}

TEST(PrintGetTest, CsvHasOneLinePerHeadWithEveryField) {
  EXPECT_EQ(Render(PrintGet, ConflictedGet(), OutputFormat::kCsv),
            "key,version,author,hlc,winner,deleted,satker,tahun,program_kode,program,"
            "kegiatan_kode,rincian_kode,kegiatan,pagu\n"
            "3603/2024/pagu/6372/L02,3603.aaaaaaaaaaaa#4,siti,112363595366400000,false,false,"
            "3603,2024,CQ,Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi,"
            "6372,L02,Pemungutan dan Penghitungan Suara,14832658000\n"
            "3603/2024/pagu/6372/L02,3603.bbbbbbbbbbbb#9,budi,112363595366400001,true,false,"
            "3603,2024,CQ,Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi,"
            "6372,L02,Pemungutan dan Penghitungan Suara,14900000000\n");
}

TEST(PrintConflictsTest, TableNamesEachKeyOnceAndCsvOnEveryLine) {
  v1::ListConflictsResponse r;
  v1::Conflict* c = r.add_conflicts();
  c->set_key("3603/2024/pagu/6372/L02");
  *c->mutable_heads() = ConflictedGet().heads();
  const std::string table = Render(PrintConflicts, r, OutputFormat::kTable);
  EXPECT_THAT(table, StartsWith("KEY                      VERSION              AUTHOR  HLC"));
  EXPECT_THAT(table, HasSubstr("\n3603/2024/pagu/6372/L02  3603.aaaaaaaaaaaa#4  siti    "));
  EXPECT_THAT(table, HasSubstr("\n                         3603.bbbbbbbbbbbb#9  budi    "));
  const std::string csv = Render(PrintConflicts, r, OutputFormat::kCsv);
  EXPECT_THAT(csv, StartsWith("key,version,author,hlc,winner,deleted,value\n"
                              "3603/2024/pagu/6372/L02,3603.aaaaaaaaaaaa#4,siti,"));
  EXPECT_THAT(csv, HasSubstr("\n3603/2024/pagu/6372/L02,3603.bbbbbbbbbbbb#9,budi,"));
  EXPECT_EQ(Render(PrintConflicts, v1::ListConflictsResponse(), OutputFormat::kTable),
            "no conflicts\n");
}

v1::ResolveResponse Resolved() {
  v1::ResolveResponse r;
  v1::Change* change = r.mutable_change();
  change->set_origin("3603.aaaaaaaaaaaa");
  change->set_seq(10);
  change->set_hlc(static_cast<uint64_t>(kNowUnixMs) << 16);
  change->set_key("3603/2024/pagu/6372/L02");
  change->set_value(
      Pagu("6372", "L02", "Pemungutan dan Penghitungan Suara", 14900000000).SerializeAsString());
  change->set_author("siti");
  const v1::GetResponse get = ConflictedGet();
  for (const v1::Version& head : get.heads()) *change->add_bases() = head.id();
  return r;
}

TEST(PrintResolveTest, TableShowsTheChangeAndItsValue) {
  const std::string table = Render(PrintResolve, Resolved(), OutputFormat::kTable);
  EXPECT_THAT(table, StartsWith("resolved       3603/2024/pagu/6372/L02\n"
                                "version        3603.aaaaaaaaaaaa#10\n"
                                "author         siti\n"
                                "hlc            2024-05-01 10:00:00.000\n"
                                "bases          3603.aaaaaaaaaaaa#4, 3603.bbbbbbbbbbbb#9\n"
                                "kind           anggaran_pagu\n"));
  EXPECT_THAT(table, HasSubstr("pagu           14.900.000.000\n"));
}

TEST(PrintResolveTest, DeletionAndCsv) {
  v1::ResolveResponse r = Resolved();
  r.mutable_change()->clear_value();
  r.mutable_change()->set_tombstone(true);
  EXPECT_THAT(Render(PrintResolve, r, OutputFormat::kTable), HasSubstr("\nvalue     (deleted)\n"));
  EXPECT_EQ(Render(PrintResolve, r, OutputFormat::kCsv),
            "key,version,author,hlc,bases,deleted\n"
            "3603/2024/pagu/6372/L02,3603.aaaaaaaaaaaa#10,siti,112363595366400000,"
            "\"3603.aaaaaaaaaaaa#4, 3603.bbbbbbbbbbbb#9\",true\n");
}

TEST(PrintResolveTest, JsonParsesBack) {
  const std::string json = Render(PrintResolve, Resolved(), OutputFormat::kJson);
  EXPECT_TRUE(MessageDifferencer::Equals(FromJson<v1::ResolveResponse>(json), Resolved()));
}

TEST(ParseOutputFormatTest, KnowsThreeFormats) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(ParseOutputFormat("yaml").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kinerja::client
