#include "daemon/backup/backup_snapshot.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace kinerja::daemon {
namespace {

void RemoveLeftovers(const std::string& data_dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir, ec)) {
    if (absl::StartsWith(entry.path().filename().string(), kBackupTempPrefix)) {
      std::error_code ignored;
      std::filesystem::remove_all(entry.path(), ignored);
    }
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<BackupSnapshot>> BackupSnapshot::Take(
    storage::Replica* replica, const BackupSnapshotOptions& options, absl::Time now) {
  RemoveLeftovers(options.data_dir);
  const std::string dir = absl::StrFormat("%s/%s%d-%08x", options.data_dir, kBackupTempPrefix,
                                          absl::ToUnixMillis(now), absl::BitGen()() & 0xffffffff);
  absl::StatusOr<storage::CheckpointInfo> info = replica->Checkpoint(dir);
  // A checkpoint that failed midway may have left its directory behind.
  auto remove = [&dir] {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  };
  if (!info.ok()) {
    remove();
    return info.status();
  }
  v1::BackupManifest manifest;
  manifest.set_satker(info->satker);
  manifest.set_replica_id(info->replica_id);
  manifest.set_role(options.role);
  *manifest.mutable_version_vector() = info->version_vector.ToProto();
  manifest.set_protocol_version(options.protocol_version);
  manifest.set_storage_version(info->storage_version);
  manifest.set_created_unix_ms(absl::ToUnixMillis(now));
  manifest.set_changes_held(info->changes_held);
  manifest.set_daemon_version(options.daemon_version);
  absl::StatusOr<std::unique_ptr<backup::ArchiveWriter>> archive =
      backup::ArchiveWriter::Create(dir, std::move(manifest));
  if (!archive.ok()) {
    remove();
    return archive.status();
  }
  return std::unique_ptr<BackupSnapshot>(new BackupSnapshot(dir, *std::move(archive)));
}

BackupSnapshot::~BackupSnapshot() {
  archive_.reset();  // Closes the file it reads before the directory goes.
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace kinerja::daemon
