// What RocksDB's WAL recovery dropped when a replica was opened. Point-in-time recovery
// replays each WAL up to its first damaged record and silently drops the rest: after a power
// cut that is a torn tail of unacknowledged writes, but a truncated or overwritten log loses
// acknowledged ones. This watcher measures every WAL before the open, follows the replay
// record by record, and says what was not replayed.
#ifndef KINERJA_STORAGE_WAL_RECOVERY_H_
#define KINERJA_STORAGE_WAL_RECOVERY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/wal_filter.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace kinerja::storage {

class WalRecoveryWatch {
 public:
  // Measures the WAL files (*.log) in `dir`. `min_log_number_to_keep` is the store's
  // (DB::Properties::kMinLogNumberToKeep before the open, 0 if unknown): RocksDB skips a WAL
  // numbered below it, or below every column family's log number, as all its writes are in
  // table files (an obsolete WAL whose deletion a crash cut short), and so is it not reported.
  // REQUIRES: called before the database is opened.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<WalRecoveryWatch>> Measure(
      rocksdb::Env* env, const std::string& dir, uint64_t min_log_number_to_keep = 0);

  // The filter to set as DBOptions::wal_filter for the open; it changes no record. Owned by
  // this object, which must outlive the open.
  rocksdb::WalFilter* filter() { return &filter_; }

  // After the open: one line naming each WAL that was not replayed to its end, the bytes
  // (and, as far as known, the record) where replay stopped, and the last sequence recovered;
  // "" when every WAL was replayed whole.
  std::string Report() const;

 private:
  struct Wal {
    uint64_t size = 0;      // Bytes on disk before the open.
    uint64_t replayed = 0;  // Bytes of the records replayed, framing included.
    uint64_t records = 0;   // Records replayed.
    uint64_t last_seq = 0;  // Sequence of the last record replayed (0: none).
  };

  class Filter final : public rocksdb::WalFilter {
   public:
    explicit Filter(WalRecoveryWatch* watch) : watch_(watch) {}
    WalProcessingOption LogRecordFound(unsigned long long log_number,
                                       const std::string& log_file_name,
                                       const rocksdb::WriteBatch& batch,
                                       rocksdb::WriteBatch* new_batch,
                                       bool* batch_changed) override;
    // Before the replay: each column family's oldest WAL with writes not yet in table files.
    void ColumnFamilyLogNumberMap(const std::map<uint32_t, uint64_t>& cf_lognumber_map,
                                  const std::map<std::string, uint32_t>& cf_name_id_map) override;
    const char* Name() const override { return "kinerja.WalRecoveryWatch"; }

   private:
    WalRecoveryWatch* const watch_;
  };

  WalRecoveryWatch() = default;

  std::string dir_;
  std::map<std::string, Wal> wals_;  // By file name ("000012.log"), in log order.
  // RocksDB replays no WAL numbered below the greater of these (see Measure). 0: not known.
  uint64_t min_log_number_to_keep_ = 0;
  uint64_t min_cf_log_number_ = 0;
  Filter filter_{this};
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_WAL_RECOVERY_H_
