// PowerLossFileSystem: the durable state is a model beside the base file system (durable
// length per file, durable names per directory); a power loss rewrites the base to match it.
#include "tests/testing/power_loss_fs.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/system_clock.h"

namespace kinerja::testing {
namespace {

// The durable length of a file whose every byte is durable.
constexpr uint64_t kAllDurable = std::numeric_limits<uint64_t>::max();

// `path` without repeated or trailing slashes, so that one file has one name here.
std::string Normalize(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Splits a normalized path into its directory and base name.
std::pair<std::string, std::string> Split(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir == "/" ? "/" + name : dir + "/" + name;
}

absl::Status ToStatus(const rocksdb::IOStatus& s, const std::string& what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

}  // namespace

// A writable file: counts and admits each mutating call, and records how far a sync made the
// file durable.
class PowerLossFileSystem::File final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  File(std::unique_ptr<rocksdb::FSWritableFile> target, PowerLossFileSystem* fs,
       std::shared_ptr<Inode> inode, std::string name)
      : FSWritableFileOwnerWrapper(std::move(target)),
        fs_(fs),
        inode_(std::move(inode)),
        name_(std::move(name)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("append to " + name_, /*write=*/true);
    return s.ok() ? target()->Append(data, options, dbg) : s;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("append to " + name_, /*write=*/true);
    return s.ok() ? target()->Append(data, options, info, dbg) : s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("append to " + name_, /*write=*/true);
    return s.ok() ? target()->PositionedAppend(data, offset, options, dbg) : s;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("append to " + name_, /*write=*/true);
    return s.ok() ? target()->PositionedAppend(data, offset, options, info, dbg) : s;
  }
  rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("truncate " + name_, /*write=*/false);
    if (s.ok()) s = target()->Truncate(size, options, dbg);
    if (s.ok()) inode_->synced = std::min(inode_->synced, size);
    return s;
  }
  rocksdb::IOStatus Close(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("close " + name_, /*write=*/false);
    return s.ok() ? target()->Close(options, dbg) : s;
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("sync " + name_, /*write=*/true);
    if (s.ok()) s = target()->Sync(options, dbg);
    if (s.ok()) Durable(options, dbg);
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("fsync " + name_, /*write=*/true);
    if (s.ok()) s = target()->Fsync(options, dbg);
    if (s.ok()) Durable(options, dbg);
    return s;
  }
  // Counted, but not durable (see the header).
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("range sync " + name_, /*write=*/false);
    return s.ok() ? target()->RangeSync(offset, nbytes, options, dbg) : s;
  }

 private:
  void Durable(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(fs_->mu_) {
    if (inode_->synced != kAllDurable) inode_->synced = target()->GetFileSize(options, dbg);
  }

  PowerLossFileSystem* const fs_;
  const std::shared_ptr<Inode> inode_;
  const std::string name_;
};

// A directory handle whose Fsync makes the directory's names durable.
class PowerLossFileSystem::Directory final : public rocksdb::FSDirectoryWrapper {
 public:
  Directory(std::unique_ptr<rocksdb::FSDirectory> target, PowerLossFileSystem* fs,
            std::string dir)
      : FSDirectoryWrapper(std::move(target)), fs_(fs), dir_(std::move(dir)) {}

  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("fsync directory " + dir_, /*write=*/false);
    if (s.ok()) s = FSDirectoryWrapper::Fsync(options, dbg);
    if (s.ok()) fs_->DirSynced(dir_);
    return s;
  }
  rocksdb::IOStatus FsyncWithDirOptions(const rocksdb::IOOptions& options,
                                        rocksdb::IODebugContext* dbg,
                                        const rocksdb::DirFsyncOptions& dir_options) override {
    absl::MutexLock l(&fs_->mu_);
    rocksdb::IOStatus s = fs_->Admit("fsync directory " + dir_, /*write=*/false);
    if (s.ok()) s = FSDirectoryWrapper::FsyncWithDirOptions(options, dbg, dir_options);
    if (s.ok()) fs_->DirSynced(dir_);
    return s;
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::string dir_;
};

PowerLossFileSystem::PowerLossFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(std::move(base)) {}

PowerLossFileSystem::~PowerLossFileSystem() = default;

rocksdb::IOStatus PowerLossFileSystem::Admit(const std::string& what, bool write) {
  ++operations_;
  if (crash_at_ != 0 && operations_ >= crash_at_) crashed_ = true;
  if (crashed_) return rocksdb::IOStatus::IOError("injected crash", what);
  if (write && disk_full_) return rocksdb::IOStatus::NoSpace(what, "No space left on device");
  return MaybeIoError(what);
}

rocksdb::IOStatus PowerLossFileSystem::MaybeIoError(const std::string& what) {
  if (io_error_rate_ <= 0) return rocksdb::IOStatus::OK();
  if (std::uniform_real_distribution<double>(0, 1)(rng_) >= io_error_rate_) {
    return rocksdb::IOStatus::OK();
  }
  return rocksdb::IOStatus::IOError("injected I/O error", what);
}

void PowerLossFileSystem::Adopt(const std::string& dir) {
  if (live_.count(dir) != 0) return;
  Names& live = live_[dir];
  std::vector<std::string> children;
  if (target()->GetChildren(dir, rocksdb::IOOptions(), &children, nullptr).ok()) {
    for (const std::string& name : children) {
      if (name == "." || name == ".." || name.find('/') != std::string::npos) continue;
      const std::string path = Join(dir, name);
      bool is_dir = false;
      if (target()->IsDirectory(path, rocksdb::IOOptions(), &is_dir, nullptr).ok() && is_dir) {
        continue;
      }
      uint64_t size = 0;
      if (!target()->GetFileSize(path, rocksdb::IOOptions(), &size, nullptr).ok()) continue;
      auto inode = std::make_shared<Inode>();
      inode->synced = size;
      live[name] = inode;
    }
  }
  durable_[dir] = live;
}

std::shared_ptr<PowerLossFileSystem::Inode> PowerLossFileSystem::Lookup(const std::string& path) {
  auto [dir, name] = Split(path);
  Adopt(dir);
  auto it = live_[dir].find(name);
  return it == live_[dir].end() ? nullptr : it->second;
}

void PowerLossFileSystem::Unlinking(const std::string& path) {
  std::shared_ptr<Inode> inode = Lookup(path);
  if (inode == nullptr || inode->saved.has_value()) return;
  int live_names = 0;
  for (const auto& [dir, names] : live_) {
    for (const auto& [name, other] : names) live_names += other == inode;
  }
  bool durable = false;
  for (const auto& [dir, names] : durable_) {
    for (const auto& [name, other] : names) durable = durable || other == inode;
  }
  if (live_names <= 1 && durable) inode->saved = DurableBytes(*inode, path);
}

std::string PowerLossFileSystem::DurableBytes(const Inode& inode, const std::string& path) {
  if (inode.saved.has_value()) return *inode.saved;
  std::string bytes;
  if (!rocksdb::ReadFileToString(target(), path, &bytes).ok()) return "";
  if (bytes.size() > inode.synced) bytes.resize(inode.synced);
  return bytes;
}

void PowerLossFileSystem::DirSynced(const std::string& dir) {
  Adopt(dir);
  durable_[dir] = live_[dir];
}

void PowerLossFileSystem::PowerLoss() {
  absl::MutexLock l(&mu_);
  // Where each inode can still be read.
  std::map<const Inode*, std::string> live_path;
  for (const auto& [dir, names] : live_) {
    for (const auto& [name, inode] : names) live_path.emplace(inode.get(), Join(dir, name));
  }
  // 1. What each durable name must hold, read before anything is rewritten.
  std::map<std::string, std::string> rewrite;
  std::map<std::string, uint64_t> truncate;
  for (const auto& [dir, names] : durable_) {
    const Names& live = live_[dir];
    for (const auto& [name, inode] : names) {
      const std::string path = Join(dir, name);
      auto it = live.find(name);
      if (it != live.end() && it->second == inode && !inode->saved.has_value()) {
        uint64_t size = 0;
        if (inode->synced != kAllDurable &&
            target()->GetFileSize(path, rocksdb::IOOptions(), &size, nullptr).ok() &&
            size > inode->synced) {
          truncate[path] = inode->synced;
        }
        continue;
      }
      auto where = live_path.find(inode.get());
      rewrite[path] = where != live_path.end() || inode->saved.has_value()
                          ? DurableBytes(*inode, where != live_path.end() ? where->second : path)
                          : std::string();
    }
  }
  for (const auto& [path, size] : truncate) {
    std::string bytes;
    if (rocksdb::ReadFileToString(target(), path, &bytes).ok()) {
      bytes.resize(std::min<uint64_t>(bytes.size(), size));
      rewrite[path] = std::move(bytes);
    }
  }
  // 2. Names not durable are gone.
  for (const auto& [dir, names] : live_) {
    const Names& durable = durable_[dir];
    for (const auto& [name, inode] : names) {
      if (durable.count(name) == 0) {
        target()->DeleteFile(Join(dir, name), rocksdb::IOOptions(), nullptr).PermitUncheckedError();
      }
    }
  }
  // 3. Durable names hold their durable bytes.
  for (const auto& [path, bytes] : rewrite) {
    rocksdb::WriteStringToFile(target(), bytes, path, /*should_sync=*/true)
        .PermitUncheckedError();
  }
  // The disk now is what was durable.
  for (auto& [dir, names] : durable_) {
    for (auto& [name, inode] : names) {
      auto it = rewrite.find(Join(dir, name));
      if (it != rewrite.end()) inode->synced = it->second.size();
      inode->saved.reset();
    }
  }
  live_ = durable_;
  crash_at_ = 0;
  crashed_ = false;
}

void PowerLossFileSystem::CrashAtOperation(uint64_t n) {
  absl::MutexLock l(&mu_);
  crash_at_ = n == 0 ? 0 : operations_ + n;
  if (n == 0) crashed_ = false;
}

bool PowerLossFileSystem::crashed() const {
  absl::MutexLock l(&mu_);
  return crashed_;
}

uint64_t PowerLossFileSystem::mutating_operations() const {
  absl::MutexLock l(&mu_);
  return operations_;
}

void PowerLossFileSystem::SetDiskFull(bool full) {
  absl::MutexLock l(&mu_);
  disk_full_ = full;
}

void PowerLossFileSystem::SetIoErrorRate(double p, uint64_t seed) {
  absl::MutexLock l(&mu_);
  io_error_rate_ = p;
  rng_.seed(seed);
}

absl::Status PowerLossFileSystem::NewestWal(const std::string& dir, std::string* path) {
  std::vector<std::string> children;
  rocksdb::IOStatus s = target()->GetChildren(Normalize(dir), rocksdb::IOOptions(), &children,
                                              nullptr);
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat(dir, " does not exist"));
  if (!s.ok()) return ToStatus(s, absl::StrCat("list ", dir));
  uint64_t newest = 0;
  std::string found;
  for (const std::string& name : children) {
    uint64_t number = 0;
    if (!absl::EndsWith(name, ".log") ||
        !absl::SimpleAtoi(name.substr(0, name.size() - 4), &number)) {
      continue;
    }
    if (found.empty() || number > newest) {
      newest = number;
      found = name;
    }
  }
  if (found.empty()) return absl::NotFoundError(absl::StrCat(dir, " holds no WAL file"));
  *path = Join(Normalize(dir), found);
  return absl::OkStatus();
}

absl::Status PowerLossFileSystem::Rewrite(const std::string& path, const std::string& bytes) {
  rocksdb::IOStatus s = rocksdb::WriteStringToFile(target(), bytes, path, true);
  if (!s.ok()) return ToStatus(s, absl::StrCat("rewrite ", path));
  std::shared_ptr<Inode> inode = Lookup(path);
  if (inode != nullptr) {
    inode->synced = bytes.size();
    inode->saved.reset();
  }
  return absl::OkStatus();
}

absl::Status PowerLossFileSystem::TearWalTail(const std::string& dir, double keep) {
  absl::MutexLock l(&mu_);
  std::string path, bytes;
  if (absl::Status st = NewestWal(dir, &path); !st.ok()) return st;
  rocksdb::IOStatus s = rocksdb::ReadFileToString(target(), path, &bytes);
  if (!s.ok()) return ToStatus(s, absl::StrCat("read ", path));
  keep = std::clamp(keep, 0.0, 1.0);
  bytes.resize(static_cast<size_t>(static_cast<double>(bytes.size()) * keep));
  return Rewrite(path, bytes);
}

absl::Status PowerLossFileSystem::GarbageWalTail(const std::string& dir, size_t garbage_bytes,
                                                 uint64_t seed) {
  absl::MutexLock l(&mu_);
  std::string path, bytes;
  if (absl::Status st = NewestWal(dir, &path); !st.ok()) return st;
  rocksdb::IOStatus s = rocksdb::ReadFileToString(target(), path, &bytes);
  if (!s.ok()) return ToStatus(s, absl::StrCat("read ", path));
  std::mt19937_64 garbage(seed);
  for (size_t i = bytes.size() - std::min(garbage_bytes, bytes.size()); i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(garbage());
  }
  return Rewrite(path, bytes);
}

absl::Status PowerLossFileSystem::ReadNewestWal(const std::string& dir, std::string* path,
                                                std::string* bytes, uint64_t* synced) {
  absl::MutexLock l(&mu_);
  if (absl::Status st = NewestWal(dir, path); !st.ok()) return st;
  rocksdb::IOStatus s = rocksdb::ReadFileToString(target(), *path, bytes);
  if (!s.ok()) return ToStatus(s, absl::StrCat("read ", *path));
  std::shared_ptr<Inode> inode = Lookup(*path);
  *synced = inode == nullptr ? bytes->size() : std::min<uint64_t>(inode->synced, bytes->size());
  return absl::OkStatus();
}

absl::Status PowerLossFileSystem::PowerLossTearingWal(const std::string& dir, double keep) {
  std::string path, bytes;
  uint64_t synced = 0;
  if (absl::Status st = ReadNewestWal(dir, &path, &bytes, &synced); !st.ok()) return st;
  PowerLoss();
  absl::MutexLock l(&mu_);
  if (!target()->FileExists(path, rocksdb::IOOptions(), nullptr).ok()) return absl::OkStatus();
  keep = std::clamp(keep, 0.0, 1.0);
  const uint64_t torn = static_cast<uint64_t>(static_cast<double>(bytes.size() - synced) * keep);
  bytes.resize(synced + torn);
  return Rewrite(path, bytes);
}

absl::Status PowerLossFileSystem::PowerLossGarblingWal(const std::string& dir,
                                                       size_t garbage_bytes, uint64_t seed) {
  std::string path, bytes;
  uint64_t synced = 0;
  if (absl::Status st = ReadNewestWal(dir, &path, &bytes, &synced); !st.ok()) return st;
  PowerLoss();
  absl::MutexLock l(&mu_);
  if (!target()->FileExists(path, rocksdb::IOOptions(), nullptr).ok()) return absl::OkStatus();
  bytes.resize(synced);
  std::mt19937_64 garbage(seed);
  for (size_t i = 0; i < garbage_bytes; ++i) bytes.push_back(static_cast<char>(garbage()));
  return Rewrite(path, bytes);
}

rocksdb::IOStatus PowerLossFileSystem::NewSequentialFile(
    const std::string& fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSSequentialFile>* result, rocksdb::IODebugContext* dbg) {
  {
    absl::MutexLock l(&mu_);
    if (rocksdb::IOStatus s = MaybeIoError("open " + fname); !s.ok()) return s;
  }
  return target()->NewSequentialFile(fname, opts, result, dbg);
}

rocksdb::IOStatus PowerLossFileSystem::NewRandomAccessFile(
    const std::string& fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* result, rocksdb::IODebugContext* dbg) {
  {
    absl::MutexLock l(&mu_);
    if (rocksdb::IOStatus s = MaybeIoError("open " + fname); !s.ok()) return s;
  }
  return target()->NewRandomAccessFile(fname, opts, result, dbg);
}

std::shared_ptr<PowerLossFileSystem::Inode> PowerLossFileSystem::Register(
    const std::string& path) {
  auto inode = std::make_shared<Inode>();
  auto [dir, name] = Split(path);
  live_[dir][name] = inode;
  return inode;
}

rocksdb::IOStatus PowerLossFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  const std::string path = Normalize(fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("create " + path, /*write=*/true);
  if (!s.ok()) return s;
  Unlinking(path);
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->NewWritableFile(fname, opts, &file, dbg);
  if (!s.ok()) return s;
  *result = std::make_unique<File>(std::move(file), this, Register(path), path);
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  const std::string path = Normalize(fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("reopen " + path, /*write=*/true);
  if (!s.ok()) return s;
  std::shared_ptr<Inode> inode = Lookup(path);
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->ReopenWritableFile(fname, opts, &file, dbg);
  if (!s.ok()) return s;
  if (inode == nullptr) inode = Register(path);
  *result = std::make_unique<File>(std::move(file), this, inode, path);
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  // A rename of the old file, then writes over it from its start: modelled as a new file.
  const std::string path = Normalize(fname), old_path = Normalize(old_fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("reuse " + old_path + " as " + path, /*write=*/true);
  if (!s.ok()) return s;
  Unlinking(old_path);
  Unlinking(path);
  std::unique_ptr<rocksdb::FSWritableFile> file;
  s = target()->ReuseWritableFile(fname, old_fname, opts, &file, dbg);
  if (!s.ok()) return s;
  auto [old_dir, old_name] = Split(old_path);
  live_[old_dir].erase(old_name);
  *result = std::make_unique<File>(std::move(file), this, Register(path), path);
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::NewRandomRWFile(
    const std::string& fname, const rocksdb::FileOptions& opts,
    std::unique_ptr<rocksdb::FSRandomRWFile>* result, rocksdb::IODebugContext* dbg) {
  const std::string path = Normalize(fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("open for random writes " + path, /*write=*/true);
  if (!s.ok()) return s;
  std::shared_ptr<Inode> inode = Lookup(path);
  s = target()->NewRandomRWFile(fname, opts, result, dbg);
  if (s.ok() && inode == nullptr) {
    inode = std::make_shared<Inode>();
    auto [dir, name] = Split(path);
    live_[dir][name] = inode;
  }
  if (s.ok()) inode->synced = kAllDurable;
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::NewDirectory(const std::string& name,
                                                    const rocksdb::IOOptions& io_opts,
                                                    std::unique_ptr<rocksdb::FSDirectory>* result,
                                                    rocksdb::IODebugContext* dbg) {
  const std::string dir = Normalize(name);
  absl::MutexLock l(&mu_);
  std::unique_ptr<rocksdb::FSDirectory> handle;
  rocksdb::IOStatus s = target()->NewDirectory(name, io_opts, &handle, dbg);
  if (!s.ok()) return s;
  Adopt(dir);
  *result = std::make_unique<Directory>(std::move(handle), this, dir);
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::DeleteFile(const std::string& fname,
                                                  const rocksdb::IOOptions& options,
                                                  rocksdb::IODebugContext* dbg) {
  const std::string path = Normalize(fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("delete " + path, /*write=*/false);
  if (!s.ok()) return s;
  Unlinking(path);
  s = target()->DeleteFile(fname, options, dbg);
  if (s.ok()) {
    auto [dir, name] = Split(path);
    live_[dir].erase(name);
  }
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::Truncate(const std::string& fname, size_t size,
                                                const rocksdb::IOOptions& options,
                                                rocksdb::IODebugContext* dbg) {
  const std::string path = Normalize(fname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("truncate " + path, /*write=*/false);
  if (!s.ok()) return s;
  std::shared_ptr<Inode> inode = Lookup(path);
  s = target()->Truncate(fname, size, options, dbg);
  if (s.ok() && inode != nullptr) inode->synced = std::min<uint64_t>(inode->synced, size);
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::CreateDir(const std::string& dirname,
                                                 const rocksdb::IOOptions& options,
                                                 rocksdb::IODebugContext* dbg) {
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("create directory " + dirname, /*write=*/true);
  return s.ok() ? target()->CreateDir(dirname, options, dbg) : s;
}

rocksdb::IOStatus PowerLossFileSystem::CreateDirIfMissing(const std::string& dirname,
                                                          const rocksdb::IOOptions& options,
                                                          rocksdb::IODebugContext* dbg) {
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("create directory " + dirname, /*write=*/true);
  return s.ok() ? target()->CreateDirIfMissing(dirname, options, dbg) : s;
}

rocksdb::IOStatus PowerLossFileSystem::DeleteDir(const std::string& dirname,
                                                 const rocksdb::IOOptions& options,
                                                 rocksdb::IODebugContext* dbg) {
  const std::string dir = Normalize(dirname);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("delete directory " + dir, /*write=*/false);
  if (s.ok()) s = target()->DeleteDir(dirname, options, dbg);
  if (s.ok()) {
    live_.erase(dir);
    durable_.erase(dir);
  }
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::RenameFile(const std::string& src,
                                                  const std::string& target_name,
                                                  const rocksdb::IOOptions& options,
                                                  rocksdb::IODebugContext* dbg) {
  const std::string from = Normalize(src), to = Normalize(target_name);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("rename " + from + " to " + to, /*write=*/false);
  if (!s.ok()) return s;
  std::shared_ptr<Inode> inode = Lookup(from);
  if (from == to) return target()->RenameFile(src, target_name, options, dbg);
  Unlinking(to);
  s = target()->RenameFile(src, target_name, options, dbg);
  if (!s.ok()) return s;
  if (inode == nullptr) {
    inode = std::make_shared<Inode>();
    inode->synced = kAllDurable;
  }
  auto [from_dir, from_name] = Split(from);
  auto [to_dir, to_name] = Split(to);
  live_[from_dir].erase(from_name);
  live_[to_dir][to_name] = inode;
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::LinkFile(const std::string& src,
                                                const std::string& target_name,
                                                const rocksdb::IOOptions& options,
                                                rocksdb::IODebugContext* dbg) {
  const std::string from = Normalize(src), to = Normalize(target_name);
  absl::MutexLock l(&mu_);
  rocksdb::IOStatus s = Admit("link " + from + " to " + to, /*write=*/false);
  if (!s.ok()) return s;
  std::shared_ptr<Inode> inode = Lookup(from);
  Lookup(to);  // Adopts its directory.
  s = target()->LinkFile(src, target_name, options, dbg);
  if (!s.ok()) return s;
  if (inode == nullptr) {
    inode = std::make_shared<Inode>();
    inode->synced = kAllDurable;
  }
  auto [to_dir, to_name] = Split(to);
  live_[to_dir][to_name] = inode;
  return s;
}

rocksdb::IOStatus PowerLossFileSystem::GetFreeSpace(const std::string& path,
                                                    const rocksdb::IOOptions& options,
                                                    uint64_t* diskfree,
                                                    rocksdb::IODebugContext* dbg) {
  {
    absl::MutexLock l(&mu_);
    if (disk_full_) {
      *diskfree = 0;
      return rocksdb::IOStatus::OK();
    }
  }
  return target()->GetFreeSpace(path, options, diskfree, dbg);
}

std::shared_ptr<rocksdb::FileSystem> NewInMemoryFileSystem() {
  // The file system lives inside the Env NewMemEnv makes: share the Env's ownership.
  std::shared_ptr<rocksdb::Env> env(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  rocksdb::FileSystem* fs = env->GetFileSystem().get();
  return std::shared_ptr<rocksdb::FileSystem>(std::move(env), fs);
}

std::unique_ptr<rocksdb::Env> NewEnvOver(std::shared_ptr<rocksdb::FileSystem> fs) {
  return rocksdb::NewCompositeEnv(fs);
}

namespace {

class NoSleepClock final : public rocksdb::SystemClockWrapper {
 public:
  explicit NoSleepClock(const std::shared_ptr<rocksdb::SystemClock>& target)
      : SystemClockWrapper(target) {}
  const char* Name() const override { return "NoSleepClock"; }
  void SleepForMicroseconds(int /*micros*/) override {}
};

class NoSleepEnv final : public rocksdb::EnvWrapper {
 public:
  explicit NoSleepEnv(std::unique_ptr<rocksdb::Env> target) : EnvWrapper(std::move(target)) {
    system_clock_ = std::make_shared<NoSleepClock>(system_clock_);
  }
  const char* Name() const override { return "NoSleepEnv"; }
  void SleepForMicroseconds(int /*micros*/) override {}
};

}  // namespace

std::unique_ptr<rocksdb::Env> NewEnvWithoutSleepOver(std::shared_ptr<rocksdb::FileSystem> fs) {
  return std::make_unique<NoSleepEnv>(rocksdb::NewCompositeEnv(fs));
}

}  // namespace kinerja::testing
