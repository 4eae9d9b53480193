// A RocksDB file system for tests that knows which bytes and names a real disk would keep if the
// power went now, and can cut the power: the public-header counterpart of RocksDB's
// FaultInjectionTestFS, which Debian's RocksDB does not ship. It also fails on demand: a crash
// before the n-th mutating operation, a full disk, random I/O errors, a torn or garbage WAL tail.
#ifndef KINERJA_TESTS_TESTING_POWER_LOSS_FS_H_
#define KINERJA_TESTS_TESTING_POWER_LOSS_FS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace kinerja::testing {

// A file system that remembers what is durable, over any base (in-memory or the real one).
//
// The model: a file's durable bytes are the first N bytes it held at its last successful
// Sync or Fsync (files are written by appending, as RocksDB writes them; RangeSync is
// forwarded but not taken as durable, as sync_file_range persists no metadata). A directory's
// durable names are those it held at its last successful directory Fsync. Directories
// themselves, and files the base held before this file system first saw their directory, are
// durable as they are. Files created behind its back (RocksDB's LOCK via LockFile) are left
// alone. Writes through NewRandomRWFile are forwarded and taken as durable at once.
//
// Thread-safe: RocksDB calls it from its background threads.
class PowerLossFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit PowerLossFileSystem(std::shared_ptr<rocksdb::FileSystem> base);
  ~PowerLossFileSystem() override;

  static const char* kClassName() { return "PowerLossFileSystem"; }
  const char* Name() const override { return kClassName(); }

  // Power loss: every byte appended since its file's last Sync/Fsync is gone; a file created,
  // renamed or deleted since its directory's last Fsync is back to its state at that fsync
  // (created: gone; renamed: old name; deleted: back, with its synced bytes). Disarms a crash
  // point and clears crashed(): the next process starts. Disk full and I/O errors stay set.
  // REQUIRES: no file of this file system is open (the process "died": the store was dropped).
  void PowerLoss();

  // The n-th mutating operation from now (1-based) and every one after it fails with
  // IOError "injected crash" and changes nothing: the process died just before it. 0 disarms
  // and clears crashed(): the next process starts on what the dead one wrote, every byte of it
  // (a crash without a power loss, as kill -9 leaves the disk).
  void CrashAtOperation(uint64_t n);
  bool crashed() const;
  // Mutating operations so far (new/reopen writable file, append, positioned append, truncate,
  // sync/fsync, range sync, close, rename, delete, create/delete dir, link, directory fsync),
  // counting those that failed.
  uint64_t mutating_operations() const;

  // Writes fail with a NoSpace IOError while set (new or reopened writable files, appends,
  // syncs), and the free space reads 0. Reads go on.
  void SetDiskFull(bool full);
  // Each mutating operation and each opening of a file for reading fails with an IOError
  // ("injected I/O error") with probability p, drawn from `seed` (deterministic for one
  // sequence of calls). p = 0 stops it.
  void SetIoErrorRate(double p, uint64_t seed);

  // After a PowerLoss: cut the newest WAL (*.log) file in `dir` to `keep` (0..1) of its bytes,
  // or overwrite its last `garbage_bytes` bytes (all of it if shorter) with seeded garbage.
  // NOT_FOUND if `dir` holds no WAL file.
  [[nodiscard]] absl::Status TearWalTail(const std::string& dir, double keep);
  [[nodiscard]] absl::Status GarbageWalTail(const std::string& dir, size_t garbage_bytes,
                                            uint64_t seed);

  // A power loss in the middle of writing the newest WAL of `dir`: as PowerLoss(), except that
  // the WAL's bytes not yet synced are not all gone but torn: the first `keep` (0..1) of them
  // reached the disk, or `garbage_bytes` of seeded garbage follow its synced bytes instead (a
  // sector written with junk). Every synced byte stays. NOT_FOUND if `dir` holds no WAL file.
  [[nodiscard]] absl::Status PowerLossTearingWal(const std::string& dir, double keep);
  [[nodiscard]] absl::Status PowerLossGarblingWal(const std::string& dir, size_t garbage_bytes,
                                                  uint64_t seed);

  // FileSystem, with the model above.
  rocksdb::IOStatus NewSequentialFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                      std::unique_ptr<rocksdb::FSSequentialFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomAccessFile(const std::string& fname,
                                        const rocksdb::FileOptions& opts,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& fname, const std::string& old_fname,
                                      const rocksdb::FileOptions& opts,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomRWFile(const std::string& fname, const rocksdb::FileOptions& opts,
                                    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewDirectory(const std::string& name, const rocksdb::IOOptions& io_opts,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& fname, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& dirname,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteDir(const std::string& dirname, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& target,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& target,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus GetFreeSpace(const std::string& path, const rocksdb::IOOptions& options,
                                 uint64_t* diskfree, rocksdb::IODebugContext* dbg) override;

 private:
  class File;
  class Directory;
  // One file's data, whatever names it has: its durable length, and its durable bytes once no
  // name holds it any more but a durable directory entry still does.
  struct Inode {
    uint64_t synced = 0;
    std::optional<std::string> saved;
  };
  using Names = std::map<std::string, std::shared_ptr<Inode>>;  // Base name -> inode.

  // Counts a mutating operation and says whether it may go on: the crash point, then (if
  // `write`) a full disk, then a random I/O error. `what` names it in the error.
  rocksdb::IOStatus Admit(const std::string& what, bool write) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A random I/O error, if one is drawn.
  rocksdb::IOStatus MaybeIoError(const std::string& what) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Starts tracking directory `dir`: the files the base holds there now are durable.
  void Adopt(const std::string& dir) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // A new, empty inode under the live name `path` (a file just created).
  std::shared_ptr<Inode> Register(const std::string& path) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The inode named `path`, adopting its directory; null if none.
  std::shared_ptr<Inode> Lookup(const std::string& path) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `path` is about to lose its name: keeps its inode's durable bytes if a durable entry
  // still needs them once no live name does.
  void Unlinking(const std::string& path) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The durable bytes of `inode`, reading the base through `path` if it has no saved copy.
  std::string DurableBytes(const Inode& inode, const std::string& path)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Directory `dir` was fsync'd: its names are durable as they are.
  void DirSynced(const std::string& dir) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The newest WAL file of `dir`, as a full path.
  [[nodiscard]] absl::Status NewestWal(const std::string& dir, std::string* path)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The newest WAL of `dir` (`path`), its bytes now and how many of them are synced.
  [[nodiscard]] absl::Status ReadNewestWal(const std::string& dir, std::string* path,
                                           std::string* bytes, uint64_t* synced)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Replaces the content of `path` in the base and in the model, as durable.
  [[nodiscard]] absl::Status Rewrite(const std::string& path, const std::string& bytes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  uint64_t operations_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t crash_at_ ABSL_GUARDED_BY(mu_) = 0;  // Absolute count; 0: disarmed.
  bool crashed_ ABSL_GUARDED_BY(mu_) = false;
  bool disk_full_ ABSL_GUARDED_BY(mu_) = false;
  double io_error_rate_ ABSL_GUARDED_BY(mu_) = 0;
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Names> live_ ABSL_GUARDED_BY(mu_);     // Dir -> names now.
  std::map<std::string, Names> durable_ ABSL_GUARDED_BY(mu_);  // Dir -> names at its fsync.
};

// A fresh in-memory file system (rocksdb::NewMemEnv's), owning what it needs.
std::shared_ptr<rocksdb::FileSystem> NewInMemoryFileSystem();
// An Env whose files are `fs`'s and the rest the default's, e.g. for ReplicaOptions::env.
std::unique_ptr<rocksdb::Env> NewEnvOver(std::shared_ptr<rocksdb::FileSystem> fs);
// The same, with a clock that does not sleep. After a failed background flush RocksDB pauses
// for a second before it goes on (DBImpl::BackgroundCallFlush), and closing the store waits for
// that: a test that crashes at each of many operations would wait a second for each.
std::unique_ptr<rocksdb::Env> NewEnvWithoutSleepOver(std::shared_ptr<rocksdb::FileSystem> fs);

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_TESTING_POWER_LOSS_FS_H_
