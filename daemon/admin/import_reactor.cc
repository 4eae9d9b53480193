#include "daemon/admin/import_reactor.h"

#include <utility>

#include "common/rpc/grpc_status.h"

namespace kinerja::daemon {

ImportReactor::ImportReactor(Node* node, Executor* executor, v1::ImportResponse* response)
    : node_(node), response_(response) {
  {
    absl::MutexLock l(&mu_);
    StartRead(&request_);
  }
  executor->Submit([this] { Run(); });
}

void ImportReactor::OnReadDone(bool ok) {
  absl::MutexLock l(&mu_);
  read_ok_ = ok;
  read_done_ = true;
}

void ImportReactor::OnCancel() {
  absl::MutexLock l(&mu_);
  cancelled_ = true;
}

absl::StatusOr<bool> ImportReactor::Next(std::string* piece) {
  piece->clear();
  {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &ImportReactor::ReadSettled));
    if (cancelled_) return absl::CancelledError("the import was cancelled by its client");
    if (!read_ok_) return false;  // The client closed the stream: the end of the file.
    piece->swap(*request_.mutable_content());
    request_.Clear();
    read_done_ = false;
  }
  StartRead(&request_);
  return true;
}

void ImportReactor::Run() {
  ImportFile file;
  {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &ImportReactor::ReadSettled));
    file.kind = request_.file_kind();
    file.file_name = request_.file_name();
    file.author = request_.author();
    file.dry_run = request_.dry_run();
  }
  absl::StatusOr<v1::ImportResponse> result = node_->Import(file, this);
  if (result.ok()) *response_ = *std::move(result);
  Finish(rpc::ToGrpcStatus(result.status()));  // May delete this: the last use.
}

}  // namespace kinerja::daemon
