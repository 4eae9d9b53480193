// The satker registry: who is whose parent (DESIGN.md, "Identity"). Immutable once built; a
// node swaps in a new one when the replicated registry changes.
#ifndef KINERJA_DAEMON_AUTHZ_REGISTRY_H_
#define KINERJA_DAEMON_AUTHZ_REGISTRY_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::daemon {

// Thread-safe: immutable once built (With returns a new one).
class Registry {
 public:
  Registry() = default;

  // Builds a registry. Later entries for the same code replace earlier ones. Fails with
  // INVALID_ARGUMENT if an entry has no code, names an unknown parent, or the parent chain
  // has a cycle.
  [[nodiscard]] static absl::StatusOr<Registry> Build(const std::vector<v1::Satker>& entries);

  // A copy with `entry` laid over the entries (replacing the entry of its code). Fails as
  // Build does; this registry is unchanged either way.
  [[nodiscard]] absl::StatusOr<Registry> With(const v1::Satker& entry) const;

  // The entry of `code`, or nullptr.
  const v1::Satker* Find(absl::string_view code) const;
  bool Contains(absl::string_view code) const { return Find(code) != nullptr; }

  // Whether `ancestor` is `code` itself or lies on its parent chain. False for unknown codes.
  bool IsSelfOrAncestor(absl::string_view ancestor, absl::string_view code) const;
  // Whether `ancestor` lies strictly above `code`.
  bool IsProperAncestor(absl::string_view ancestor, absl::string_view code) const;
  // The parent code of `code` ("" for the root or an unknown code).
  std::string Parent(absl::string_view code) const;
  // Direct children, sorted.
  std::vector<std::string> Children(absl::string_view code) const;
  // `code` and every satker below it, sorted.
  std::vector<std::string> Subtree(absl::string_view code) const;

  const std::vector<v1::Satker>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<v1::Satker> entries_;  // Sorted by code.
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_AUTHZ_REGISTRY_H_
