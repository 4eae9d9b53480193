// Helpers for rollup tests: derived rows in memory, and the rollup rows recomputed from
// scratch out of a replica's visible records, to compare with the rows kept incrementally.
#ifndef KINERJA_TESTS_DAEMON_ROLLUP_ROLLUP_TEST_UTIL_H_
#define KINERJA_TESTS_DAEMON_ROLLUP_ROLLUP_TEST_UTIL_H_

#include <map>
#include <string>

#include "daemon/rollup/rollup_observer.h"
#include "gtest/gtest.h"
#include "kinerja/v1/rollup.pb.h"
#include "storage/replica.h"
#include "tests/testing/rollup_recompute.h"

namespace kinerja::rollup {

using kinerja::testing::MemRows;

// Rows as a fresh engine derives them from the replica's visible records alone.
inline std::map<std::string, std::string> Recompute(const storage::Replica& replica) {
  auto rows = kinerja::testing::RecomputeRollups(replica);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *std::move(rows) : std::map<std::string, std::string>{};
}

// Rows the replica keeps.
inline std::map<std::string, std::string> Stored(const storage::Replica& replica) {
  auto rows = kinerja::testing::StoredRollups(replica);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *std::move(rows) : std::map<std::string, std::string>{};
}

// Fails the test with the first rows that differ, shown as text.
inline void ExpectRowsEqual(const std::map<std::string, std::string>& stored,
                            const std::map<std::string, std::string>& recomputed,
                            const std::string& where) {
  if (stored == recomputed) return;
  for (const auto& [k, v] : recomputed) {
    auto it = stored.find(k);
    v1::RollupRow want, got;
    want.ParseFromString(v);
    if (it == stored.end()) {
      ADD_FAILURE() << where << ": missing row " << k << "\nwant " << want.ShortDebugString();
      return;
    }
    if (it->second != v) {
      got.ParseFromString(it->second);
      ADD_FAILURE() << where << ": row " << k << " differs\nwant " << want.ShortDebugString()
                    << "\ngot  " << got.ShortDebugString();
      return;
    }
  }
  for (const auto& [k, v] : stored) {
    if (!recomputed.count(k)) {
      ADD_FAILURE() << where << ": extra row " << k;
      return;
    }
  }
}

}  // namespace kinerja::rollup

#endif  // KINERJA_TESTS_DAEMON_ROLLUP_ROLLUP_TEST_UTIL_H_
