// The backup archive (common/backup/archive.h): what is written reads back whole, and every
// kind of damage - a changed byte anywhere, a truncation, bytes appended, another format -
// is refused and unpacks nothing.
#include "common/backup/archive.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::backup {
namespace {

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t CountEntries(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

v1::BackupManifest SampleManifest() {
  v1::BackupManifest m;
  m.set_satker("3604");
  m.set_replica_id("3604.00000000abcd");
  m.set_role(v1::ROLE_OFFICE);
  auto* e = m.mutable_version_vector()->add_entries();
  e->set_origin("3604.00000000abcd");
  e->set_seq(42);
  m.set_protocol_version(1);
  m.set_storage_version(1);
  m.set_created_unix_ms(1'700'000'000'000);
  m.set_changes_held(42);
  return m;
}

// Writes the archive of `src` to `path` in pieces of `piece_bytes`; returns the writer's total.
uint64_t WriteArchive(const std::string& src, const std::string& path, size_t piece_bytes) {
  auto writer = ArchiveWriter::Create(src, SampleManifest());
  EXPECT_TRUE(writer.ok()) << writer.status();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string piece;
  while (true) {
    absl::StatusOr<bool> more = (*writer)->Next(piece_bytes, &piece);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    EXPECT_LE(piece.size(), piece_bytes);
    out << piece;
  }
  EXPECT_EQ((*writer)->produced_bytes(), (*writer)->total_bytes());
  return (*writer)->total_bytes();
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    src_ = tmp_.Sub("src");
    std::filesystem::create_directories(src_);
    WriteFile(src_ + "/CURRENT", "MANIFEST-000005\n");
    WriteFile(src_ + "/000009.sst", std::string(300'000, 'x') + "tail");
    WriteFile(src_ + "/empty.log", "");
    std::string binary;
    for (int i = 0; i < 5000; ++i) binary.push_back(static_cast<char>(i * 7));
    WriteFile(src_ + "/MANIFEST-000005", binary);
    archive_ = tmp_.Sub("backup.knj");
  }

  testing::TempDir tmp_;
  std::string src_;
  std::string archive_;
};

TEST_F(ArchiveTest, RoundTripKeepsEveryFileAndTheManifest) {
  for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    SCOPED_TRACE(absl::StrCat("pieces of ", piece));
    const uint64_t total = WriteArchive(src_, archive_, piece);
    EXPECT_EQ(std::filesystem::file_size(archive_), total);
    absl::StatusOr<v1::BackupManifest> m = VerifyArchive(archive_);
    ASSERT_TRUE(m.ok()) << m.status();
    EXPECT_EQ(m->satker(), "3604");
    EXPECT_EQ(m->replica_id(), "3604.00000000abcd");
    EXPECT_EQ(m->version_vector().entries(0).seq(), 42u);
    EXPECT_EQ(m->format_version(), kArchiveFormatVersion);
    ASSERT_EQ(m->files_size(), 4);
    EXPECT_EQ(m->files(0).name(), "000009.sst");  // Sorted by name.
    const std::string out = tmp_.Sub(absl::StrCat("out", piece));
    std::filesystem::create_directories(out);
    absl::StatusOr<v1::BackupManifest> extracted = ExtractArchive(archive_, out);
    ASSERT_TRUE(extracted.ok()) << extracted.status();
    for (const char* name : {"CURRENT", "000009.sst", "empty.log", "MANIFEST-000005"}) {
      EXPECT_EQ(ReadFile(out + "/" + name), ReadFile(src_ + "/" + name)) << name;
    }
    EXPECT_EQ(CountEntries(out), 4u);
  }
}

TEST_F(ArchiveTest, ChangedByteAnywhereIsRefusedAndUnpacksNothing) {
  WriteArchive(src_, archive_, 1 << 20);
  const std::string good = ReadFile(archive_);
  // Every byte of the headers, manifest, entry headers and hash; every 997th of the content.
  for (size_t at = 0; at < good.size(); at += (at < 400 || at + 40 > good.size()) ? 1 : 997) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    const std::string path = tmp_.Sub("bad.knj");
    WriteFile(path, bad);
    absl::StatusOr<v1::BackupManifest> m = VerifyArchive(path);
    ASSERT_FALSE(m.ok()) << "a changed byte at " << at << " was accepted";
    const std::string out = tmp_.Sub("out-bad");
    std::filesystem::create_directories(out);
    EXPECT_FALSE(ExtractArchive(path, out).ok());
    EXPECT_EQ(CountEntries(out), 0u) << "byte " << at;
  }
}

TEST_F(ArchiveTest, TruncatedOrExtendedArchiveIsRefused) {
  WriteArchive(src_, archive_, 1 << 20);
  const std::string good = ReadFile(archive_);
  for (size_t len : {size_t{0}, size_t{5}, size_t{8}, size_t{14}, size_t{100}, good.size() / 2,
                     good.size() - 33, good.size() - 32, good.size() - 1}) {
    const std::string path = tmp_.Sub("short.knj");
    WriteFile(path, good.substr(0, len));
    absl::StatusOr<v1::BackupManifest> m = VerifyArchive(path);
    EXPECT_FALSE(m.ok()) << "truncated to " << len << " bytes was accepted";
  }
  const std::string path = tmp_.Sub("long.knj");
  WriteFile(path, good + "x");
  absl::StatusOr<v1::BackupManifest> m = VerifyArchive(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kDataLoss);
  WriteFile(path, good.substr(0, good.size() - 1));
  m = VerifyArchive(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(m.status().message().find("truncated"), std::string::npos) << m.status();
}

TEST_F(ArchiveTest, ContentDamageNamesTheHash) {
  WriteArchive(src_, archive_, 1 << 20);
  std::string bad = ReadFile(archive_);
  bad[bad.size() - 100] ^= 0x20;  // Inside the last file's content.
  WriteFile(archive_, bad);
  absl::StatusOr<v1::BackupManifest> m = VerifyArchive(archive_);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(m.status().message().find("SHA-256 does not match"), std::string::npos) << m.status();
}

TEST_F(ArchiveTest, OtherFileOrNewerFormatIsRefused) {
  const std::string path = tmp_.Sub("other.txt");
  WriteFile(path, "kode,nama\n3604,Serang\n and more text than a header would take");
  absl::StatusOr<v1::BackupManifest> m = VerifyArchive(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition);
  WriteArchive(src_, archive_, 1 << 20);
  std::string newer = ReadFile(archive_);
  newer[11] = 2;  // Format version 2.
  WriteFile(path, newer);
  m = VerifyArchive(path);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("format version 2"), std::string::npos) << m.status();
  EXPECT_EQ(VerifyArchive(tmp_.Sub("missing.knj")).status().code(), absl::StatusCode::kNotFound);
}

TEST(ArchiveFileNameTest, OnlyPlainNames) {
  EXPECT_TRUE(IsArchiveFileName("000012.sst"));
  EXPECT_TRUE(IsArchiveFileName("CURRENT"));
  EXPECT_FALSE(IsArchiveFileName(""));
  EXPECT_FALSE(IsArchiveFileName("."));
  EXPECT_FALSE(IsArchiveFileName(".."));
  EXPECT_FALSE(IsArchiveFileName("../etc/passwd"));
  EXPECT_FALSE(IsArchiveFileName("a/b"));
  EXPECT_FALSE(IsArchiveFileName(std::string("a\0b", 3)));
  EXPECT_FALSE(IsArchiveFileName(std::string(256, 'a')));
}

TEST_F(ArchiveTest, DirectoryWithSubdirectoryIsRefusedAtCreate) {
  std::filesystem::create_directories(src_ + "/sub");
  EXPECT_FALSE(ArchiveWriter::Create(src_, SampleManifest()).ok());
}

}  // namespace
}  // namespace kinerja::backup
