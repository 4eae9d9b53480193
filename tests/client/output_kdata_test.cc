// kinerjactl's rendering of what the web console's daemon capabilities return (branch kdata):
// the children rows of status, an import preview and a record's history.
#include <sstream>
#include <string>

#include "client/output/output.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace kinerja::client {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;
using ::testing::Not;

// 2024-05-01 10:00:00 WIB.
constexpr int64_t kNowUnixMs = 1714532400000;

template <typename Response, typename Print>
std::string Render(Print print, const Response& response, OutputFormat format) {
  OutputOptions options;
  options.format = format;
  options.now = absl::FromUnixMillis(kNowUnixMs);
  options.time_zone = absl::FixedTimeZone(7 * 3600);
  std::ostringstream out;
  const absl::Status status = print(response, options, out);
  EXPECT_TRUE(status.ok()) << status;
  return out.str();
}

v1::Record Pagu(int64_t rupiah) {
  v1::Record r;
  v1::AnggaranPagu* p = r.mutable_anggaran_pagu();
  p->set_satker("3604");
  p->set_tahun(2024);
  p->set_program_kode("CQ");
  p->set_kegiatan_kode("6709");
  p->set_kegiatan("Fasilitasi");
  p->set_pagu_rupiah(rupiah);
  return r;
}

v1::StatusResponse Hub() {
  v1::StatusResponse s;
  s.set_node("36");
  s.set_role(v1::ROLE_PROVINCE);
  v1::ChildStatus* seen = s.add_children();
  seen->set_satker("3604");
  seen->set_name("KPU Kabupaten Serang");
  seen->set_last_seen_unix_ms(kNowUnixMs - 5000);
  seen->set_last_session_unix_ms(kNowUnixMs - 5000);
  seen->set_last_session_ok(true);
  seen->set_lag_up(3);
  seen->set_protocol_version(1);
  seen->set_software_version("0.1.0-dev");
  v1::ChildStatus* never = s.add_children();
  never->set_satker("3603");
  never->set_name("KPU Kabupaten Tangerang");
  never->set_lag_up(7);
  return s;
}

TEST(PrintStatusChildrenTest, TableHasOneLinePerChild) {
  const std::string table = Render(PrintStatus, Hub(), OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("children\n"));
  EXPECT_THAT(table, HasSubstr("SATKER"));
  EXPECT_THAT(table, HasSubstr("(5 s ago)"));
  EXPECT_THAT(table, HasSubstr("0.1.0-dev"));
  EXPECT_THAT(table, HasSubstr("never"));
}

TEST(PrintStatusChildrenTest, AnOfficeShowsNoChildrenAndJsonParsesBack) {
  v1::StatusResponse office = Hub();
  office.clear_children();
  EXPECT_THAT(Render(PrintStatus, office, OutputFormat::kTable), Not(HasSubstr("children")));
  const std::string json = Render(PrintStatus, Hub(), OutputFormat::kJson);
  v1::StatusResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, Hub()));
}

v1::ImportResponse Preview() {
  v1::ImportResponse r;
  r.set_created(1);
  r.set_changed(1);
  r.set_unchanged(1);
  r.set_rows(4);
  v1::ImportPreview* p = r.mutable_preview();
  v1::ImportRecordOutcome* changed = p->add_records();
  changed->set_key("3604/2024/pagu/6709/-");
  changed->set_line(2);
  changed->set_outcome(v1::IMPORT_OUTCOME_CHANGED);
  *changed->mutable_old_record() = Pagu(1000000);
  *changed->mutable_new_record() = Pagu(1500000);
  changed->add_changed_fields("pagu_rupiah");
  v1::ImportRecordOutcome* same = p->add_records();
  same->set_key("3604/2024/pagu/6710/-");
  same->set_line(3);
  same->set_outcome(v1::IMPORT_OUTCOME_UNCHANGED);
  v1::ImportRecordOutcome* created = p->add_records();
  created->set_key("3604/2024/pagu/6711/-");
  created->set_line(4);
  created->set_outcome(v1::IMPORT_OUTCOME_CREATED);
  p->set_records_total(3);
  v1::ImportError* e = p->add_errors();
  e->set_line(5);
  e->set_column(9);
  e->set_field("pagu");
  e->set_message("anggaran.csv:5: column pagu: expected an amount like 1.000.000, got \"x\"");
  p->set_errors_total(1);
  return r;
}

TEST(PrintImportPreviewTest, TableListsWhatWouldChangeAndEveryError) {
  const std::string table = Render(PrintImport, Preview(), OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("preview: would create 1, change 1, leave unchanged 1 (4 rows); "
                               "nothing was written\n"));
  EXPECT_THAT(table, HasSubstr("pagu_rupiah 1000000 -> 1500000"));
  EXPECT_THAT(table, HasSubstr("3604/2024/pagu/6711/-"));
  EXPECT_THAT(table, Not(HasSubstr("3604/2024/pagu/6710/-")));  // Unchanged: counted only.
  EXPECT_THAT(table, HasSubstr("1 error: the import would save nothing\n"));
  EXPECT_THAT(table, HasSubstr("got \"x\""));
}

TEST(PrintImportPreviewTest, CsvHasARowPerOutcomeAndErrorAndAnImportIsAsBefore) {
  const std::string csv = Render(PrintImport, Preview(), OutputFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("line,outcome,key,changed_fields,column,field,message\n"));
  EXPECT_THAT(csv, HasSubstr("2,change,3604/2024/pagu/6709/-,pagu_rupiah,,,\n"));
  EXPECT_THAT(csv, HasSubstr("5,error,,,9,pagu,"));
  v1::ImportResponse imported = Preview();
  imported.clear_preview();
  EXPECT_EQ(Render(PrintImport, imported, OutputFormat::kJson),
            "{\"created\":\"1\",\"changed\":\"1\",\"unchanged\":\"1\",\"rows\":\"4\"}\n");
}

TEST(PrintHistoryTest, OneLinePerVersionWithItsBases) {
  v1::HistoryResponse h;
  h.set_key("3604/2024/pagu/6709/-");
  v1::HistoryVersion* first = h.add_versions();
  first->mutable_version()->mutable_id()->set_origin("3604.aaaaaaaaaaaa");
  first->mutable_version()->mutable_id()->set_seq(1);
  first->mutable_version()->set_hlc(uint64_t{1714532400000} << 16);
  first->mutable_version()->set_author("siti (anggaran.csv)");
  *first->mutable_version()->mutable_record() = Pagu(1000000);
  v1::HistoryVersion* second = h.add_versions();
  second->mutable_version()->mutable_id()->set_origin("3604.aaaaaaaaaaaa");
  second->mutable_version()->mutable_id()->set_seq(2);
  second->mutable_version()->set_hlc((uint64_t{1714532400000} + 1000) << 16);
  second->mutable_version()->set_author("budi");
  second->mutable_version()->set_tombstone(true);
  second->mutable_version()->set_winner(true);
  second->set_head(true);
  *second->add_bases() = first->version().id();
  *first->add_superseded_by() = second->version().id();
  const std::string table = Render(PrintHistory, h, OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("key  3604/2024/pagu/6709/-\n"));
  EXPECT_THAT(table, HasSubstr("3604.aaaaaaaaaaaa#2"));
  EXPECT_THAT(table, HasSubstr("(deleted)"));
  const std::string csv = Render(PrintHistory, h, OutputFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("key,version,author,hlc,time_unix_ms,bases,superseded_by,head,winner,"
                             "deleted"));
  EXPECT_THAT(csv, HasSubstr(",3604.aaaaaaaaaaaa#1,,true,true,true,"));
  const std::string json = Render(PrintHistory, h, OutputFormat::kJson);
  v1::HistoryResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, h));
}

}  // namespace
}  // namespace kinerja::client
