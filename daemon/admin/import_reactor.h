// The server side of AdminService.Import, a client stream of file pieces: a reactor that hands
// each piece to the node's importer running on a worker. The worker pulls pieces (Next); the
// reactor reads the next message only once the worker took the last, so at most one piece is
// held however large the file (STYLE.md: no unbounded queues; never block in a reaction).
#ifndef KINERJA_DAEMON_ADMIN_IMPORT_REACTOR_H_
#define KINERJA_DAEMON_ADMIN_IMPORT_REACTOR_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "daemon/node/importer.h"
#include "daemon/node/node.h"
#include "daemon/runtime/executor.h"
#include "grpcpp/grpcpp.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::daemon {

// Deletes itself when the call is done. REQUIRES: `node` and `executor` outlive the call.
class ImportReactor final : public grpc::ServerReadReactor<v1::ImportRequest>, public ImportSource {
 public:
  ImportReactor(Node* node, Executor* executor, v1::ImportResponse* response);

  // ImportSource, called by the worker: the content of the message read, then reads the next.
  // CANCELLED when the client went away.
  [[nodiscard]] absl::StatusOr<bool> Next(std::string* piece) override;

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override { delete this; }

 private:
  // On the worker: waits for the first message, imports, finishes the call.
  void Run();
  bool ReadSettled() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return read_done_ || cancelled_; }

  Node* const node_;
  v1::ImportResponse* const response_;
  absl::Mutex mu_;
  v1::ImportRequest request_ ABSL_GUARDED_BY(mu_);  // The message being read or just read.
  bool read_done_ ABSL_GUARDED_BY(mu_) = false;
  bool read_ok_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_ADMIN_IMPORT_REACTOR_H_
