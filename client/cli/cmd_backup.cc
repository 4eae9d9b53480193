// `kinerjactl backup save FILE` and `kinerjactl backup inspect FILE`: an online backup of the
// node's replica streamed from kinerjad into one archive file (docs/backup.md), and the
// offline check of such a file. FILE appears only whole: the archive is written to a
// temporary file beside it, synced, checked, then renamed over FILE.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/cli/command.h"
#include "common/backup/archive.h"

namespace kinerja::client {
namespace {

struct BackupArgs {
  std::string save_file;
  std::string inspect_file;
  bool progress = false;
};

absl::Status FileError(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

std::string Megabytes(uint64_t bytes) {
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / 1e6);
}

// The directory part of `path` ("." if none), to sync after the rename.
std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A file being written that is removed unless Keep() was called.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  absl::Status Create() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) return FileError("cannot create", path_);
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return FileError("cannot write", path_);
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }
  absl::Status SyncAndClose() {
    const int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
      ::close(fd);
      return FileError("cannot sync", path_);
    }
    if (::close(fd) != 0) return FileError("cannot close", path_);
    return absl::OkStatus();
  }
  const std::string& path() const { return path_; }
  void Keep() { kept_ = true; }

 private:
  const std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

absl::Status RunSave(const BackupArgs& args, CommandContext& ctx) {
  const std::string& file = args.save_file;
  const absl::Time start = absl::Now();
  TempFile temp(absl::StrCat(file, ".partial-", ::getpid()));
  if (absl::Status st = temp.Create(); !st.ok()) return st;
  std::ostream* progress = args.progress || ctx.err_is_terminal ? &ctx.err : nullptr;
  uint64_t total = 0, received = 0, next_report = 0;
  absl::Status saved =
      ctx.client.Backup(v1::BackupRequest(), [&](const v1::BackupChunk& piece) -> absl::Status {
        if (piece.total_bytes() != 0) total = piece.total_bytes();
        if (absl::Status st = temp.Write(piece.data()); !st.ok()) return st;
        received += piece.data().size();
        if (progress != nullptr && (received >= next_report || received == total)) {
          next_report = received + std::max<uint64_t>(total / 100, 1);
          *progress << "\rbackup " << file << ": " << Megabytes(received);
          if (total > 0)
            *progress << " of " << Megabytes(total) << " (" << received * 100 / total << "%)";
          progress->flush();
        }
        return absl::OkStatus();
      });
  if (progress != nullptr && received > 0) *progress << "\n";
  if (!saved.ok()) {
    return absl::Status(saved.code(),
                        absl::StrCat("backup save ", file, " failed: ", saved.message()));
  }
  if (absl::Status st = temp.SyncAndClose(); !st.ok()) return st;
  if (total != 0 && received != total) {
    return absl::DataLossError(absl::StrCat("backup save ", file, " failed: the daemon sent ",
                                            received, " bytes of ", total));
  }
  // What reached the disk is checked before it may take FILE's name.
  absl::StatusOr<v1::BackupManifest> manifest = backup::VerifyArchive(temp.path());
  if (!manifest.ok()) {
    return absl::DataLossError(
        absl::StrCat("backup save ", file, " failed: ", manifest.status().message()));
  }
  if (::rename(temp.path().c_str(), file.c_str()) != 0) {
    return FileError(absl::StrCat("cannot rename ", temp.path(), " to"), file);
  }
  temp.Keep();
  const std::string dir = DirOf(file);
  if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return FileError("cannot sync", dir);
  }
  ctx.out << "saved " << file << ": satker " << manifest->satker() << ", replica "
          << manifest->replica_id() << ", " << manifest->changes_held() << " changes held, "
          << manifest->files_size() << " files, " << received << " bytes in "
          << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Milliseconds(1))) << "\n";
  return absl::OkStatus();
}

absl::Status RunInspect(const BackupArgs& args, CommandContext& ctx) {
  absl::StatusOr<v1::BackupManifest> manifest = backup::VerifyArchive(args.inspect_file);
  if (!manifest.ok()) {
    // Never UNAVAILABLE (exit 3 is "daemon unreachable"): a file that cannot be read fails.
    return absl::Status(manifest.status().code() == absl::StatusCode::kUnavailable
                            ? absl::StatusCode::kInternal
                            : manifest.status().code(),
                        manifest.status().message());
  }
  return PrintBackupManifest(*manifest, ctx.output, ctx.out);
}

}  // namespace

Command AddBackupCommand(CLI::App& app, const KinerjactlOptions&) {
  auto args = std::make_shared<BackupArgs>();
  CLI::App* sub = app.add_subcommand("backup", "Save a backup of the node's replica, or check one");
  sub->require_subcommand(1);
  sub->footer(CommandFooter(
      "`backup save FILE` asks kinerjad for a consistent copy of its replica (a RocksDB "
      "checkpoint) while it keeps serving and writes it to FILE as one archive: a manifest "
      "(satker, replica id, role, version vector, versions, time, files) and the files, closed "
      "by a SHA-256 (docs/backup.md). FILE appears only whole: a failed or interrupted save "
      "leaves no FILE (an existing FILE is replaced only by a whole new one).\n\n"
      "`backup inspect FILE` needs no daemon: it checks the SHA-256 and the structure and "
      "prints the manifest; exit 0 only when the file is whole.\n\n"
      "Restore with `kinerjad restore --from FILE --data-dir NEW`: the restored node is a new "
      "incarnation (new replica id) and catches up from its upstream.",
      "  kinerjactl backup save /var/lib/kinerja/backup/kinerja-20261129.bak\n"
      "  kinerjactl -o json backup inspect kinerja-20261129.bak"));
  CLI::App* save = sub->add_subcommand("save", "Save an online backup of the replica to FILE");
  save->add_option("FILE", args->save_file, "The archive to write")->required();
  save->add_flag("--progress", args->progress,
                 "Show on stderr how much has been received (the default when stderr is a "
                 "terminal)");
  CLI::App* inspect =
      sub->add_subcommand("inspect", "Check a backup file's SHA-256 and print its manifest");
  inspect->add_option("FILE", args->inspect_file, "The archive to check")->required();
  return Command{sub, [args, save](CommandContext& ctx) {
                   return save->parsed() ? RunSave(*args, ctx) : RunInspect(*args, ctx);
                 }};
}

}  // namespace kinerja::client
