// `kinerjad restore --from FILE --data-dir NEW`: a backup archive (common/backup/archive.h)
// unpacked into a new data directory as a new incarnation of the replica it was taken of
// (DESIGN.md, "Replica"): it keeps every change under its original origin and writes under a
// fresh replica id, so it never reuses a seq its old incarnation may have used after the
// backup, and started with the usual configuration it catches up from its upstream.
#ifndef KINERJA_DAEMON_BACKUP_RESTORE_H_
#define KINERJA_DAEMON_BACKUP_RESTORE_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::daemon {

struct RestoreReport {
  v1::BackupManifest manifest;      // The archive's manifest.
  std::string previous_replica_id;  // The replica the backup was taken of.
  std::string replica_id;           // The new incarnation's replica id.
  uint64_t changes_held = 0;        // Changes in the restored replica's log.
};

// Verifies `archive` (a damaged one: its error, and nothing is written), refuses a `data_dir`
// that exists and is not an empty directory (FAILED_PRECONDITION), creates it if missing,
// unpacks the archive into it and opens it as a new incarnation. On any failure after it
// began writing, `data_dir` is left as it was found (removed if it created it, else emptied).
[[nodiscard]] absl::StatusOr<RestoreReport> RestoreBackup(const std::string& archive,
                                                          const std::string& data_dir);

// The `restore` mode of kinerjad: `args` are what follows "restore" on the command line
// (--from FILE --data-dir NEW, or --flag=value). Prints one line saying what was restored on
// `out`; one line saying why not on `err`. Returns the exit code: 0 restored, 1 failed, 2 a
// usage error.
int RunRestoreCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_BACKUP_RESTORE_H_
