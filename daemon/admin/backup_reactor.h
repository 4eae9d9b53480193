// The server side of AdminService.Backup: takes a checkpoint of the replica on a worker and
// streams its archive in pieces (daemon/backup/backup_snapshot.h). One step runs at a time,
// on a worker: the checkpoint, then the reading of each piece; no reaction blocks. The
// temporary copy is removed as soon as the stream ends, whole, failed or cancelled.
#ifndef KINERJA_DAEMON_ADMIN_BACKUP_REACTOR_H_
#define KINERJA_DAEMON_ADMIN_BACKUP_REACTOR_H_

#include <atomic>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "daemon/backup/backup_snapshot.h"
#include "daemon/node/node.h"
#include "daemon/runtime/executor.h"
#include "grpcpp/grpcpp.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::daemon {

// What the Backup call needs beyond the node.
struct AdminBackupOptions {
  // Where the replica lives and what the manifest records about the node. Default: empty
  // (data_dir is required for Backup to succeed).
  BackupSnapshotOptions snapshot;
  // Called once per backup streamed whole, with the time it ended (kinerjad: the
  // kinerja_backup_last_success_timestamp_seconds gauge). Default: none.
  std::function<void(absl::Time)> on_saved;
};

// Returns the reactor of one Backup call. At most one backup runs at a time per node
// (`running` says whether one does); a second one is refused with FAILED_PRECONDITION.
// REQUIRES: node, executor, options and running outlive the call.
grpc::ServerWriteReactor<v1::BackupChunk>* NewBackupReactor(Node* node, Executor* executor,
                                                            const AdminBackupOptions* options,
                                                            std::atomic<bool>* running);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_ADMIN_BACKUP_REACTOR_H_
