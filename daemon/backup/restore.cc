#include "daemon/backup/restore.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/backup/archive.h"
#include "storage/replica.h"

namespace kinerja::daemon {
namespace {

constexpr char kUsage[] =
    "usage: kinerjad restore --from FILE --data-dir NEW\n"
    "  Verifies the backup FILE (kinerjactl backup save), unpacks it into NEW (missing or an\n"
    "  empty directory) and gives the restored replica a new replica id (a new incarnation),\n"
    "  so it never reuses a sequence number of the replica the backup was taken of. Then start\n"
    "  kinerjad with --data-dir NEW and its usual configuration: it catches up from its\n"
    "  upstream.\n";

absl::Status CheckTarget(const std::string& data_dir, bool* exists) {
  std::error_code ec;
  const auto status = std::filesystem::status(data_dir, ec);
  *exists = std::filesystem::exists(status);
  if (!*exists) return absl::OkStatus();
  if (!std::filesystem::is_directory(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--data-dir ", data_dir, " exists and is not a directory"));
  }
  if (!std::filesystem::is_empty(data_dir, ec) || ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--data-dir ", data_dir,
        " exists and is not empty; restore writes only into a new or empty directory"));
  }
  return absl::OkStatus();
}

// Leaves `data_dir` as RestoreBackup found it.
void Undo(const std::string& data_dir, bool existed) {
  std::error_code ignored;
  if (!existed) {
    std::filesystem::remove_all(data_dir, ignored);
    return;
  }
  for (const auto& entry : std::filesystem::directory_iterator(data_dir, ignored)) {
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

}  // namespace

absl::StatusOr<RestoreReport> RestoreBackup(const std::string& archive,
                                            const std::string& data_dir) {
  bool existed = false;
  if (absl::Status st = CheckTarget(data_dir, &existed); !st.ok()) return st;
  absl::StatusOr<v1::BackupManifest> checked = backup::VerifyArchive(archive);
  if (!checked.ok()) return checked.status();
  std::error_code ec;
  if (!existed && !std::filesystem::create_directories(data_dir, ec)) {
    return absl::UnavailableError(
        absl::StrCat("cannot create --data-dir ", data_dir, ": ", ec.message()));
  }
  RestoreReport report;
  absl::StatusOr<v1::BackupManifest> manifest = backup::ExtractArchive(archive, data_dir);
  if (!manifest.ok()) {
    Undo(data_dir, existed);
    return manifest.status();
  }
  report.manifest = *std::move(manifest);
  storage::ReplicaOptions options;
  options.satker = report.manifest.satker();
  absl::StatusOr<std::unique_ptr<storage::Replica>> replica =
      storage::Replica::OpenAsNewIncarnation(data_dir, options, &report.previous_replica_id);
  if (!replica.ok()) {
    Undo(data_dir, existed);
    return replica.status();
  }
  report.replica_id = (*replica)->replica_id();
  report.changes_held = (*replica)->changes_held();
  return report;
}

int RunRestoreCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string from, data_dir;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return 0;
    }
    std::string* target = nullptr;
    std::string value;
    for (const auto& [flag, field] :
         {std::pair<const char*, std::string*>{"--from", &from},
          std::pair<const char*, std::string*>{"--data-dir", &data_dir},
          std::pair<const char*, std::string*>{"--data_dir", &data_dir}}) {
      if (arg == flag && i + 1 < argc) {
        target = field;
        value = argv[++i];
      } else if (absl::StartsWith(arg, absl::StrCat(flag, "="))) {
        target = field;
        value = arg.substr(std::string(flag).size() + 1);
      }
      if (target != nullptr) break;
    }
    if (target == nullptr) {
      err << "kinerjad restore: unknown argument \"" << arg << "\"\n" << kUsage;
      return 2;
    }
    *target = value;
  }
  if (from.empty() || data_dir.empty()) {
    err << "kinerjad restore: --from and --data-dir are required\n" << kUsage;
    return 2;
  }
  absl::StatusOr<RestoreReport> report = RestoreBackup(from, data_dir);
  if (!report.ok()) {
    err << "kinerjad restore: " << report.status().message() << "\n";
    return 1;
  }
  out << "restored satker " << report->manifest.satker() << " from " << from << " into " << data_dir
      << ": old replica id " << report->previous_replica_id << ", new replica id "
      << report->replica_id << " (a new incarnation), " << report->changes_held
      << " changes held; start kinerjad with --data-dir " << data_dir
      << " to catch up from its upstream\n";
  return 0;
}

}  // namespace kinerja::daemon
