// A record file kind added in a test fixture touches exactly one codec entry: review notes
// (v1::Catatan), which no built-in file holds, become importable and exportable by adding one
// FileCodec to a copy of the built-in table. Import, the uniqueness of rows (through
// KeyForRecord), the keys and the export all come from the generic machinery.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/codec/export_file.h"
#include "daemon/codec/file_codec.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parse_import.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "gtest/gtest.h"
#include "storage/entity_key.h"
#include "storage/replica.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::codec {
namespace {

// A file kind the proto enum does not have: proto3 enums are open, so a test may use one.
constexpr v1::FileKind kCatatanFile = static_cast<v1::FileKind>(100);

// ---- The one entry ------------------------------------------------------------------------

absl::StatusOr<std::string> CatatanKeyForTest(const v1::Record& record) {
  const v1::Catatan& c = record.catatan();
  if (absl::Status st = RequireFields(!c.satker().empty() && !c.penulis().empty() &&
                                          !c.topik().empty() && c.satker() != c.penulis(),
                                      "catatan satker, penulis (another satker) or topik");
      !st.ok()) {
    return st;
  }
  return storage::CatatanKey(c.satker(), c.penulis(), c.topik());
}

absl::Status ParseCatatan(const ImportTable& table, ParsedRecords* out) {
  for (const ImportRow& row : table.rows()) {
    CellReader cells(row);
    v1::Record record;
    v1::Catatan& catatan = *record.mutable_catatan();
    catatan.set_satker(cells.Satker());
    catatan.set_penulis(cells.Satker("penulis"));
    catatan.set_topik(cells.Text("topik"));
    catatan.set_teks(cells.Text("teks"));
    if (!cells.ok()) return cells.status();
    const std::string what = absl::StrCat("catatan ", catatan.topik(), " by ", catatan.penulis());
    if (absl::Status s = out->Add(row, "topik", std::move(record), what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<std::vector<std::string>> FormatCatatan(const std::vector<v1::Record>& records) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    const v1::Catatan& c = record.catatan();
    rows.push_back({c.satker(), c.penulis(), c.topik(), c.teks()});
  }
  return rows;
}

FileCodec CatatanCodec() {
  return FileCodec{
      .kind = kCatatanFile,
      .name = "catatan",
      .columns = {{"satker"}, {"penulis"}, {"topik"}, {"teks"}},
      .records = {RecordKind{.entity = v1::Record::kCatatan,
                             .section = storage::KeySection::kCatatan,
                             .key_kind = "catatan",
                             .key = CatatanKeyForTest}},
      .parse = ParseCatatan,
      .format = FormatCatatan,
  };
}

// ---- The generic machinery with the table extended ----------------------------------------

CodecTable WithCatatan() {
  CodecTable table = CodecTable::BuiltIn();
  table.Add(CatatanCodec());
  return table;
}

constexpr char kNotes[] =
    "satker,penulis,topik,teks\n"
    "3604,36,LKj 2024,\"Capaian IKU 2 di atas 120%, mohon dicek\"\n"
    "3603,36,LKj 2024,Lengkapi realisasi B12\n";

TEST(NewKindTest, TheBuiltInTableDoesNotKnowTheKind) {
  EXPECT_FALSE(ParseImport(kCatatanFile, "catatan.csv", kNotes).ok());
}

TEST(NewKindTest, ImportReadsTheFileIntoLocatedRecords) {
  const CodecTable table = WithCatatan();
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(kCatatanFile, "catatan.csv", kNotes, table);
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].line, 2);
  EXPECT_EQ((*records)[0].record.catatan().teks(), "Capaian IKU 2 di atas 120%, mohon dicek");
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ(*KeyForRecord((*records)[1].record, table), "3603/catatan/36/LKj 2024");
}

TEST(NewKindTest, DuplicateRowsAreFoundThroughKeyForRecord) {
  const CodecTable table = WithCatatan();
  // Same satker, penulis and topik: the same key, whatever the text says.
  absl::StatusOr<std::vector<LocatedRecord>> records = ParseImport(
      kCatatanFile, "catatan.csv",
      "satker,penulis,topik,teks\n3604,36,LKj 2024,satu\n3604,36,LKj 2024,dua\n", table);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().message(),
            "catatan.csv:3: column topik: duplicate: catatan LKj 2024 by 36 is already on line 2");
  // A note by the satker itself has no key: the row's error.
  records =
      ParseImport(kCatatanFile, "catatan.csv", "satker,penulis,topik,teks\n36,36,x,y\n", table);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().message(),
            "catatan.csv:2: column topik: record lacks catatan satker, penulis (another satker) "
            "or topik");
}

TEST(NewKindTest, ExportWritesBackWhatImportRead) {
  const CodecTable table = WithCatatan();
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(kCatatanFile, "catatan.csv", kNotes, table);
  ASSERT_TRUE(records.ok()) << records.status();

  testing::TempDir dir;
  storage::ReplicaOptions options;
  options.satker = "36";
  options.sync = false;
  auto replica = storage::Replica::Open(dir.Sub("36"), options);
  ASSERT_TRUE(replica.ok()) << replica.status();
  std::vector<storage::Mutation> mutations;
  for (const LocatedRecord& r : *records) {
    mutations.push_back({*KeyForRecord(r.record, table), r.record.SerializeAsString()});
  }
  ASSERT_TRUE((*replica)->Write(mutations, "test").ok());

  v1::ExportRequest request;
  request.set_file_kind(kCatatanFile);
  absl::StatusOr<v1::ExportResponse> exported =
      ExportFile(*(*replica)->NewReadView(), request, table);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->rows(), 2u);
  // Key order: 3603 before 3604.
  EXPECT_EQ(exported->csv(),
            "satker,penulis,topik,teks\n"
            "3603,36,LKj 2024,Lengkapi realisasi B12\n"
            "3604,36,LKj 2024,\"Capaian IKU 2 di atas 120%, mohon dicek\"\n");

  request.set_satker("3604");
  exported = ExportFile(*(*replica)->NewReadView(), request, table);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->rows(), 1u);

  // And the export imports back to the same records.
  request.clear_satker();
  exported = ExportFile(*(*replica)->NewReadView(), request, table);
  absl::StatusOr<std::vector<LocatedRecord>> again =
      ParseImport(kCatatanFile, "export.csv", exported->csv(), table);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->size(), 2u);
  EXPECT_EQ((*again)[0].record.SerializeAsString(), (*records)[1].record.SerializeAsString());
  EXPECT_EQ((*again)[1].record.SerializeAsString(), (*records)[0].record.SerializeAsString());
}

}  // namespace
}  // namespace kinerja::codec
