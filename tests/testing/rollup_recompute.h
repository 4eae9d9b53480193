// The rollup rows a fresh engine derives from a replica's visible records alone, and the rows
// the replica keeps (incrementally, batch by batch): equal when the rollups are right. Used by
// the rollup tests and by the simulator's checker.
#ifndef KINERJA_TESTS_TESTING_ROLLUP_RECOMPUTE_H_
#define KINERJA_TESTS_TESTING_ROLLUP_RECOMPUTE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "daemon/rollup/rollup_observer.h"
#include "storage/replica.h"

namespace kinerja::testing {

// Derived rows in memory.
class MemRows final : public storage::DerivedRows {
 public:
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override {
    auto it = rows.find(std::string(key));
    if (it == rows.end()) return std::nullopt;
    return it->second;
  }
  void Put(absl::string_view key, std::string value) override { rows[std::string(key)] = value; }
  void Delete(absl::string_view key) override { rows.erase(std::string(key)); }
  std::map<std::string, std::string> rows;
};

// Rows as a fresh engine derives them from the replica's visible records alone.
[[nodiscard]] inline absl::StatusOr<std::map<std::string, std::string>> RecomputeRollups(
    const storage::Replica& replica) {
  rollup::RollupObserver observer;
  MemRows mem;
  absl::Status st = replica.NewReadView()->Scan(
      "", [&](absl::string_view key, absl::string_view value) {
        const std::string v(value);
        return observer.OnVisibleChange(key, nullptr, &v, &mem);
      });
  if (!st.ok()) return st;
  return std::move(mem.rows);
}

// Rows the replica keeps.
[[nodiscard]] inline absl::StatusOr<std::map<std::string, std::string>> StoredRollups(
    const storage::Replica& replica) {
  std::map<std::string, std::string> rows;
  absl::Status st = replica.NewReadView()->ScanDerived(
      "", [&](absl::string_view key, absl::string_view value) {
        rows[std::string(key)] = std::string(value);
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  return rows;
}

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_ROLLUP_RECOMPUTE_H_
