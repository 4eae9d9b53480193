// `kinerjactl backup save` and `backup inspect` run in-process against a small AdminService
// that streams a canned archive: a whole archive becomes FILE; a damaged one, a stream cut
// by an error or a daemon that cannot be reached leaves no FILE (and an existing FILE as it
// was), with one line and a non-zero exit.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/run_kinerjactl.h"
#include "common/backup/archive.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.grpc.pb.h"
#include "tests/testing/temp_dir.h"

namespace kinerja::client {
namespace {

using ::testing::HasSubstr;

// Streams `archive` in pieces of 1000 bytes, then ends with `status`.
class CannedBackupService final : public v1::AdminService::Service {
 public:
  std::string archive;
  grpc::Status status = grpc::Status::OK;

  grpc::Status Backup(grpc::ServerContext*, const v1::BackupRequest*,
                      grpc::ServerWriter<v1::BackupChunk>* writer) override {
    for (size_t at = 0; at < archive.size(); at += 1000) {
      v1::BackupChunk piece;
      piece.set_data(archive.substr(at, 1000));
      if (at == 0) piece.set_total_bytes(archive.size());
      if (!writer->Write(piece)) break;
    }
    return status;
  }
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class BackupCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    // A whole archive of a small directory.
    const std::string src = dir_.Sub("src");
    std::filesystem::create_directories(src);
    std::ofstream(src + "/CURRENT") << "MANIFEST-000001\n";
    std::ofstream(src + "/000007.sst") << std::string(5000, 's');
    v1::BackupManifest manifest;
    manifest.set_satker("3604");
    manifest.set_replica_id("3604.00000000abcd");
    manifest.set_role(v1::ROLE_OFFICE);
    auto writer = backup::ArchiveWriter::Create(src, manifest);
    ASSERT_TRUE(writer.ok()) << writer.status();
    std::string piece;
    while ((*writer)->Next(4096, &piece).value()) archive_ += piece;
  }
  void TearDown() override { server_->Shutdown(); }

  struct Result {
    int exit_code = -1;
    std::string out, err;
  };
  Result Run(std::vector<std::string> args, const std::string& addr = "") {
    args.insert(args.begin(), "kinerjactl");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    KinerjactlOptions options;
    options.default_addr = addr.empty() ? absl::StrCat("127.0.0.1:", port_) : addr;
    std::ostringstream out, err;
    Result r;
    r.exit_code = RunKinerjactl(static_cast<int>(argv.size()), argv.data(), out, err, options);
    r.out = out.str();
    r.err = err.str();
    return r;
  }
  // The names in the test directory other than src.
  std::vector<std::string> Files() {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      if (e.path().filename() != "src") names.push_back(e.path().filename().string());
    }
    return names;
  }

  CannedBackupService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  testing::TempDir dir_;
  std::string archive_;
};

TEST_F(BackupCommandTest, WholeArchiveBecomesTheFileAndInspectShowsIt) {
  service_.archive = archive_;
  const std::string file = dir_.Sub("office.kbak");
  const Result r = Run({"backup", "save", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("saved " + file));
  EXPECT_EQ(ReadAll(file), archive_);
  EXPECT_EQ(Files(), std::vector<std::string>{"office.kbak"});  // No temporary file left.
  const Result shown = Run({"backup", "inspect", file});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("3604.00000000abcd"));
  const Result json = Run({"-o", "json", "backup", "inspect", file});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"replica_id\":\"3604.00000000abcd\""));
}

TEST_F(BackupCommandTest, DamagedStreamLeavesNoFileAndKeepsTheOldOne) {
  std::string damaged = archive_;
  damaged[damaged.size() / 2] ^= 1;
  service_.archive = damaged;
  const std::string file = dir_.Sub("office.kbak");
  Result r = Run({"backup", "save", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("damaged"));
  EXPECT_TRUE(Files().empty());
  // An existing FILE stays as it was.
  std::ofstream(file) << "yesterday's backup";
  r = Run({"backup", "save", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ReadAll(file), "yesterday's backup");
  EXPECT_EQ(Files(), std::vector<std::string>{"office.kbak"});
}

TEST_F(BackupCommandTest, StreamCutByAnErrorLeavesNoFile) {
  service_.archive = archive_.substr(0, 3000);
  service_.status = grpc::Status(grpc::StatusCode::INTERNAL, "backup: disk read error");
  const std::string file = dir_.Sub("office.kbak");
  const Result r = Run({"backup", "save", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("disk read error"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(Files().empty());
}

TEST_F(BackupCommandTest, UnreachableDaemonExitsThreeAndLeavesNoFile) {
  const std::string file = dir_.Sub("office.kbak");
  const Result r = Run({"--timeout", "2s", "backup", "save", file}, "127.0.0.1:9");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Files().empty());
}

TEST_F(BackupCommandTest, InspectRefusesATruncatedFileWithOneLine) {
  const std::string file = dir_.Sub("short.kbak");
  std::ofstream(file, std::ios::binary) << archive_.substr(0, archive_.size() - 10);
  const Result r = Run({"backup", "inspect", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("truncated"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.out.empty());
}

}  // namespace
}  // namespace kinerja::client
