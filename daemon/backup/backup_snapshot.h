// The daemon's side of `kinerjactl backup save`: a consistent copy of the replica (a RocksDB
// checkpoint in a temporary directory under the data directory) and the archive of it
// (common/backup/archive.h), produced piece by piece for the Backup stream. The temporary
// copy is removed when the snapshot is destroyed, however the stream ended.
#ifndef KINERJA_DAEMON_BACKUP_BACKUP_SNAPSHOT_H_
#define KINERJA_DAEMON_BACKUP_BACKUP_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/backup/archive.h"
#include "kinerja/v1/admin.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

// What a backup records about the node beside the replica's own state.
struct BackupSnapshotOptions {
  // The replica's directory: the checkpoint is made in a temporary directory inside it (the
  // same file system, so table files are hard links, not copies). Required.
  std::string data_dir;
  v1::Role role = v1::ROLE_UNSPECIFIED;  // Default: unspecified.
  uint32_t protocol_version = 0;         // The sync protocol spoken. Default: 0.
  std::string daemon_version;            // kinerjad's build version. Default: "".
};

// Prefix of the temporary checkpoint directories in the data directory.
inline constexpr char kBackupTempPrefix[] = ".backup-";

class BackupSnapshot {
 public:
  // Removes leftovers of earlier backups (a daemon killed mid-backup), then checkpoints
  // `replica` into a new temporary directory and prepares its archive, the manifest stamped
  // `now`. REQUIRES: no other snapshot of this data directory exists (it removes leftovers).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<BackupSnapshot>> Take(
      storage::Replica* replica, const BackupSnapshotOptions& options, absl::Time now);
  ~BackupSnapshot();  // Removes the temporary directory.
  BackupSnapshot(const BackupSnapshot&) = delete;
  BackupSnapshot& operator=(const BackupSnapshot&) = delete;

  backup::ArchiveWriter& archive() { return *archive_; }
  const v1::BackupManifest& manifest() const { return archive_->manifest(); }

 private:
  BackupSnapshot(std::string dir, std::unique_ptr<backup::ArchiveWriter> archive)
      : dir_(std::move(dir)), archive_(std::move(archive)) {}

  const std::string dir_;
  std::unique_ptr<backup::ArchiveWriter> archive_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_BACKUP_BACKUP_SNAPSHOT_H_
