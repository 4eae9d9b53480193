// Rows derived from visible values (DESIGN.md, "Rollups"): an observer sees every change of a
// key's visible value while a batch is applied and updates derived rows in that same atomic
// batch, so derived rows always agree with the data and never need a rescan. Each batch also
// appends the rows it changed to a feed, numbered by a cursor, so readers can follow them.
// Storage knows nothing of what the rows mean; the daemon's rollup engine does.
#ifndef KINERJA_STORAGE_DERIVED_ROWS_H_
#define KINERJA_STORAGE_DERIVED_ROWS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::storage {

// The derived rows as seen from inside one batch: reads see the batch's own writes.
class DerivedRows {
 public:
  virtual ~DerivedRows() = default;
  // The row, or nullopt if absent.
  [[nodiscard]] virtual absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view row_key) = 0;
  virtual void Put(absl::string_view row_key, std::string value) = 0;
  virtual void Delete(absl::string_view row_key) = 0;
};

class VisibleObserver {
 public:
  virtual ~VisibleObserver() = default;
  // Called, in batch order, for each change that alters the visible value of `key`; `before`
  // and `after` are the serialized values, nullptr when absent (never written, or deleted).
  // An error fails the whole batch. Must be deterministic: replicas holding the same
  // changes must derive the same rows.
  [[nodiscard]] virtual absl::Status OnVisibleChange(absl::string_view key,
                                                     const std::string* before,
                                                     const std::string* after,
                                                     DerivedRows* rows) = 0;
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_DERIVED_ROWS_H_
