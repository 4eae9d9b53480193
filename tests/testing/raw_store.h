// Opens a replica's data directory as a plain RocksDB store with every column family, for tests
// that tamper with what kinerjad wrote (a newer storage version, a damaged record).
#ifndef KINERJA_TESTS_TESTING_RAW_STORE_H_
#define KINERJA_TESTS_TESTING_RAW_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"

namespace kinerja::testing {

// Runs `fn` on the store in `dir` (closed: no replica or daemon may hold it), with the handles
// of its column families in the order RocksDB lists them; closes it after.
inline void WithRawStore(
    const std::string& dir,
    const std::function<void(rocksdb::DB*, const std::vector<rocksdb::ColumnFamilyHandle*>&)>&
        fn) {
  rocksdb::Options options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, families, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  fn(db.get(), handles);
  for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  ASSERT_TRUE(db->Close().ok());
}

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_RAW_STORE_H_
