#include "daemon/sync/child_session.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace kinerja::daemon {

absl::StatusOr<std::unique_ptr<ChildSession>> ChildSession::Open(
    storage::Replica* replica, const RegistryFn& registry, const std::string& self,
    const SyncEngineOptions& options) {
  std::string parent = registry()->Parent(self);
  if (parent.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("the registry names no parent of ", self));
  }
  return std::unique_ptr<ChildSession>(
      new ChildSession(replica, registry, self, std::move(parent), options));
}

ChildSession::ChildSession(storage::Replica* replica, const RegistryFn& registry,
                           const std::string& self, std::string parent,
                           const SyncEngineOptions& options)
    : parent_(std::move(parent)),
      policy_(RegistrySessionPolicy::RegistrySource(registry), self, parent_,
              SyncEngine::Side::kChild),
      engine_(replica, SyncEngine::Side::kChild, self, parent_, &policy_, options) {}

absl::Status ChildSession::CheckParent(const absl::StatusOr<std::string>& presented) const {
  if (!presented.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the upstream must be ", parent_, ", but its identity is unknown: ",
        presented.status().message()));
  }
  if (*presented != parent_) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the upstream must be ", parent_, " (the registry parent), but its certificate names ",
        *presented));
  }
  return absl::OkStatus();
}

}  // namespace kinerja::daemon
