// How a replica is opened: its satker, clock, RocksDB environment, durability and limits.
// Each field states its default; kinerjad's configuration maps onto these, so the defaults
// are written here and nowhere else.
#ifndef KINERJA_STORAGE_REPLICA_OPTIONS_H_
#define KINERJA_STORAGE_REPLICA_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "rocksdb/env.h"
#include "kinerja/v1/replication.pb.h"
#include "storage/derived_rows.h"
#include "storage/hlc.h"

namespace kinerja::storage {

struct ReplicaOptions {
  // Satker the replica belongs to. Required when the directory is new; when it exists, an
  // empty value accepts the stored one and any other value must match it. Default: "".
  std::string satker;
  // Physical time source for the HLC. Must outlive the replica. Default: the system clock.
  PhysicalClock* clock = nullptr;
  // RocksDB environment, e.g. an in-memory or fault-injecting one in tests.
  // Default: rocksdb::Env::Default().
  rocksdb::Env* env = nullptr;
  // fsync every committed batch before acknowledging it. Default: true.
  bool sync = true;
  // Farthest ahead of physical time a received HLC is adopted. Default: 1 hour.
  absl::Duration max_clock_skew = absl::Hours(1);
  // Incarnation of a new directory (48 bits used); tests fix it. Default: drawn at random.
  std::optional<uint64_t> incarnation;
  // Memory all column families' memtables may use together before RocksDB flushes them
  // (db_write_buffer_size): bounds the store's share of RSS during a large import, which
  // otherwise grows by 64 MiB per column family. A memtable being flushed is held until its
  // table file is written, so the store can hold up to about twice this. Default: 32 MiB.
  size_t memtable_bytes = size_t{32} << 20;
  // Threads RocksDB starts to open the table files at each open (max_file_opening_threads).
  // The simulator, which opens replicas thousands of times with almost no table files, sets 1.
  // Default: 16 (RocksDB's).
  int file_opening_threads = 16;
  // Whether RocksDB compacts the store's files in the background. Debian's RocksDB 7.8 is
  // built with assertions, and a compaction that fails after opening its output file (an I/O
  // error, a full disk) aborts the process in CompactionJob::UpdateCompactionJobStats
  // ("internal_key.size() >= kNumInternalBytes"); kinerjad then restarts and recovers like
  // after any crash. The simulator, which injects such errors thousands of times and runs many
  // seeds per process, turns compactions off (its stores stay a few files small). Default: true.
  bool auto_compactions = true;
  // Least severe line written to the store's LOG file. The simulator, whose every open would
  // otherwise log hundreds of lines of options, sets WARN. Default: INFO (RocksDB's).
  rocksdb::InfoLogLevel info_log_level = rocksdb::InfoLogLevel::INFO_LEVEL;
  // Largest value one change may carry. Default: 1 MiB.
  size_t max_value_bytes = 1 << 20;
  // Longest entity key and author of a change, in bytes; written or received. Default: 512
  // and 256.
  size_t max_key_bytes = 512;
  size_t max_author_bytes = 256;
  // Largest encoded change (value, key, author, bases, ids), written or received. It stays
  // well below a sync message (at least 4 MiB, a batch at most half of it plus its first
  // change), so one change can never make every later session fail for its size.
  // Default: 1 MiB + 64 KiB.
  size_t max_change_bytes = (1 << 20) + (64 << 10);
  // Maintains derived rows from visible values; must outlive the replica and be the same
  // for the life of the directory. Default: none (no derived rows).
  VisibleObserver* observer = nullptr;
  // Called after every committed batch (from the committing thread; keep it short).
  // Default: none.
  std::function<void()> on_commit;
  // Called for each received change whose HLC lies beyond physical time + max_clock_skew,
  // with how far ahead of physical time it is (from the applying thread; keep it short).
  // Default: none.
  std::function<void(const v1::Change&, absl::Duration ahead)> on_clock_skew;
  // Called after each received batch (Apply) is committed, with how long applying it took:
  // checks, heads, rollups and the durable write (from the applying thread; keep it short).
  // Default: none.
  std::function<void(absl::Duration)> on_apply_timed;
  // Called after each write with sync, with how long the write took (mostly the WAL's
  // fsync; from the writing thread; keep it short). Default: none.
  std::function<void(absl::Duration)> on_sync_write_timed;
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_REPLICA_OPTIONS_H_
