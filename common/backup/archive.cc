#include "common/backup/archive.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace kinerja::backup {
namespace {

constexpr size_t kMagicBytes = 8;
constexpr size_t kHashBytes = 32;
constexpr size_t kReadChunk = 1 << 20;

absl::Status ErrnoError(int err, absl::string_view what) {
  const std::string message = absl::StrCat(what, ": ", std::strerror(err));
  if (err == ENOENT) return absl::NotFoundError(message);
  if (err == ENOSPC) return absl::ResourceExhaustedError(absl::StrCat("disk full: ", message));
  return absl::UnavailableError(message);
}

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}
void PutU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}
uint64_t GetBigEndian(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

// An incremental SHA-256 (OpenSSL EVP).
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(absl::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
  std::string Finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
  }

 private:
  EVP_MD_CTX* ctx_;
};

std::string Hex(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// The archive's bytes before the first file: magic, version, manifest.
std::string ArchiveHeader(const v1::BackupManifest& manifest) {
  std::string out(kArchiveMagic, kMagicBytes);
  PutU32(&out, kArchiveFormatVersion);
  const std::string m = manifest.SerializeAsString();
  PutU32(&out, static_cast<uint32_t>(m.size()));
  out += m;
  return out;
}

std::string EntryHeader(const v1::BackupFile& file) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(file.name().size()));
  out += file.name();
  PutU64(&out, file.size());
  return out;
}

// Receives the files of an archive as they are read.
class EntrySink {
 public:
  virtual ~EntrySink() = default;
  [[nodiscard]] virtual absl::Status Begin(const v1::BackupFile& file) = 0;
  [[nodiscard]] virtual absl::Status Data(absl::string_view bytes) = 0;
  [[nodiscard]] virtual absl::Status End() = 0;
};

// Reads an archive front to back, hashing every byte before the hash.
class ArchiveReader {
 public:
  explicit ArchiveReader(std::string path) : path_(std::move(path)) {}
  ~ArchiveReader() {
    if (f_ != nullptr) std::fclose(f_);
  }

  // Walks the whole archive, handing its files to `sink` (may be null); returns the manifest.
  absl::StatusOr<v1::BackupManifest> Walk(EntrySink* sink) {
    f_ = std::fopen(path_.c_str(), "rb");
    if (f_ == nullptr) return ErrnoError(errno, path_);
    std::string buf;
    if (absl::Status st = Read(kMagicBytes, "the archive header", &buf); !st.ok()) {
      return st;
    }
    if (buf != absl::string_view(kArchiveMagic, kMagicBytes)) {
      return absl::FailedPreconditionError(absl::StrCat(
          path_, ": not a Kinerja backup archive (or a damaged one): it does not start with ",
          kArchiveMagic));
    }
    uint64_t version = 0;
    if (absl::Status st = ReadInt(4, "the format version", &version); !st.ok()) return st;
    if (version != kArchiveFormatVersion) {
      return absl::FailedPreconditionError(absl::StrCat(
          path_, ": backup archive format version ", version, ", this build reads version ",
          kArchiveFormatVersion, " (or the archive is damaged)"));
    }
    uint64_t manifest_len = 0;
    if (absl::Status st = ReadInt(4, "the manifest length", &manifest_len); !st.ok()) return st;
    if (manifest_len > kMaxManifestBytes) {
      return Damaged(
          absl::StrCat("a manifest of ", manifest_len, " bytes (at most ", kMaxManifestBytes, ")"));
    }
    if (absl::Status st = Read(manifest_len, "the manifest", &buf); !st.ok()) return st;
    v1::BackupManifest manifest;
    if (!manifest.ParseFromString(buf)) return Damaged("its manifest does not parse");
    for (const v1::BackupFile& file : manifest.files()) {
      if (!IsArchiveFileName(file.name())) {
        return Damaged(
            absl::StrCat("its manifest names a file \"", file.name(), "\", not a plain file name"));
      }
    }
    for (const v1::BackupFile& file : manifest.files()) {
      if (absl::Status st = ReadEntry(file, sink); !st.ok()) return st;
    }
    const std::string computed = hash_.Finish();
    std::string stored(kHashBytes, '\0');
    const size_t got = std::fread(stored.data(), 1, kHashBytes, f_);
    if (got != kHashBytes) {
      return Damaged(
          absl::StrCat("truncated: it ends at byte ", offset_ + got, " inside its SHA-256"));
    }
    if (stored != computed) {
      return Damaged(absl::StrCat("its SHA-256 does not match its content (stored ", Hex(stored),
                                  ", computed ", Hex(computed), ")"));
    }
    if (std::fgetc(f_) != EOF) {
      return Damaged(absl::StrCat("bytes follow its SHA-256 at byte ", offset_ + kHashBytes));
    }
    if (std::ferror(f_)) return ErrnoError(errno, path_);
    return manifest;
  }

 private:
  absl::Status Damaged(absl::string_view what) const {
    return absl::DataLossError(absl::StrCat(path_, ": damaged backup archive: ", what));
  }

  // Reads exactly `n` bytes into `*out`, hashing them.
  absl::Status Read(uint64_t n, absl::string_view what, std::string* out) {
    out->resize(n);
    const size_t got = n == 0 ? 0 : std::fread(out->data(), 1, n, f_);
    if (got != n) {
      if (std::ferror(f_)) return ErrnoError(errno, path_);
      return Damaged(absl::StrCat("truncated: it ends at byte ", offset_ + got, " inside ", what));
    }
    offset_ += n;
    hash_.Update(*out);
    return absl::OkStatus();
  }

  absl::Status ReadInt(int bytes, absl::string_view what, uint64_t* v) {
    std::string buf;
    if (absl::Status st = Read(bytes, what, &buf); !st.ok()) return st;
    *v = GetBigEndian(reinterpret_cast<const unsigned char*>(buf.data()), bytes);
    return absl::OkStatus();
  }

  absl::Status ReadEntry(const v1::BackupFile& file, EntrySink* sink) {
    const std::string what = absl::StrCat("the entry of ", file.name());
    uint64_t name_len = 0;
    if (absl::Status st = ReadInt(4, what, &name_len); !st.ok()) return st;
    if (name_len != file.name().size()) {
      return Damaged(
          absl::StrCat("the entry of ", file.name(), " has a name of ", name_len, " bytes"));
    }
    std::string buf;
    if (absl::Status st = Read(name_len, what, &buf); !st.ok()) return st;
    if (buf != file.name()) {
      return Damaged(absl::StrCat("an entry names \"", buf, "\" where the manifest lists \"",
                                  file.name(), "\""));
    }
    uint64_t size = 0;
    if (absl::Status st = ReadInt(8, what, &size); !st.ok()) return st;
    if (size != file.size()) {
      return Damaged(absl::StrCat("the entry of ", file.name(), " says ", size,
                                  " bytes, the manifest ", file.size()));
    }
    if (sink != nullptr) {
      if (absl::Status st = sink->Begin(file); !st.ok()) return st;
    }
    uint64_t left = size;
    while (left > 0) {
      const uint64_t n = std::min<uint64_t>(left, kReadChunk);
      if (absl::Status st = Read(n, absl::StrCat("the content of ", file.name()), &buf); !st.ok()) {
        return st;
      }
      if (sink != nullptr) {
        if (absl::Status st = sink->Data(buf); !st.ok()) return st;
      }
      left -= n;
    }
    if (sink != nullptr) return sink->End();
    return absl::OkStatus();
  }

  const std::string path_;
  std::FILE* f_ = nullptr;
  uint64_t offset_ = 0;
  Sha256 hash_;
};

// Writes each file of the archive into a directory, durably; removes them on Abandon.
class DirectorySink final : public EntrySink {
 public:
  explicit DirectorySink(std::string dir) : dir_(std::move(dir)) {}
  ~DirectorySink() override {
    if (fd_ >= 0) ::close(fd_);
  }

  absl::Status Begin(const v1::BackupFile& file) override {
    current_ = absl::StrCat(dir_, "/", file.name());
    fd_ = ::open(current_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) return ErrnoError(errno, absl::StrCat("create ", current_));
    written_.push_back(current_);
    return absl::OkStatus();
  }
  absl::Status Data(absl::string_view bytes) override {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoError(errno, absl::StrCat("write ", current_));
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }
  absl::Status End() override {
    const int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
      const int err = errno;
      ::close(fd);
      return ErrnoError(err, absl::StrCat("sync ", current_));
    }
    if (::close(fd) != 0) return ErrnoError(errno, absl::StrCat("close ", current_));
    return absl::OkStatus();
  }
  absl::Status SyncDirectory() const {
    const int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ErrnoError(errno, absl::StrCat("open ", dir_));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return ErrnoError(err, absl::StrCat("sync ", dir_));
    return absl::OkStatus();
  }
  void Abandon() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    for (const std::string& path : written_) ::unlink(path.c_str());
    written_.clear();
  }

 private:
  const std::string dir_;
  std::string current_;
  int fd_ = -1;
  std::vector<std::string> written_;
};

}  // namespace

bool IsArchiveFileName(absl::string_view name) {
  return !name.empty() && name.size() <= 255 && name != "." && name != ".." &&
         name.find('/') == absl::string_view::npos && name.find('\0') == absl::string_view::npos;
}

// What the writer is producing: a run of bytes held in memory (headers, the hash), or a
// file's content read from disk.
struct ArchiveWriter::State {
  Sha256 hash;
  std::string pending;  // Bytes to emit before anything else.
  size_t pending_pos = 0;
  bool pending_is_hash = false;  // The hash is not hashed.
  std::FILE* file = nullptr;     // The file whose content is being emitted.
  std::string file_path;
  uint64_t file_left = 0;
  int next_file = 0;  // Index in manifest.files of the next file to start.
  bool hash_done = false;
  ~State() {
    if (file != nullptr) std::fclose(file);
  }
};

ArchiveWriter::ArchiveWriter(std::string dir, v1::BackupManifest manifest, uint64_t total_bytes)
    : dir_(std::move(dir)),
      manifest_(std::move(manifest)),
      total_bytes_(total_bytes),
      state_(std::make_unique<State>()) {
  state_->pending = ArchiveHeader(manifest_);
}

ArchiveWriter::~ArchiveWriter() = default;

absl::StatusOr<std::unique_ptr<ArchiveWriter>> ArchiveWriter::Create(std::string dir,
                                                                     v1::BackupManifest manifest) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoError(errno, absl::StrCat("list ", dir));
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  manifest.set_format_version(kArchiveFormatVersion);
  manifest.clear_files();
  for (const std::string& name : names) {
    const std::string path = absl::StrCat(dir, "/", name);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoError(errno, absl::StrCat("stat ", path));
    if (!S_ISREG(st.st_mode) || !IsArchiveFileName(name)) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": not a plain file; a backup holds the files of one directory"));
    }
    v1::BackupFile* file = manifest.add_files();
    file->set_name(name);
    file->set_size(static_cast<uint64_t>(st.st_size));
  }
  uint64_t total = ArchiveHeader(manifest).size() + kHashBytes;
  for (const v1::BackupFile& file : manifest.files()) {
    total += EntryHeader(file).size() + file.size();
  }
  return std::unique_ptr<ArchiveWriter>(
      new ArchiveWriter(std::move(dir), std::move(manifest), total));
}

absl::StatusOr<bool> ArchiveWriter::Next(size_t max_bytes, std::string* piece) {
  State& s = *state_;
  piece->clear();
  while (piece->size() < max_bytes) {
    const size_t room = max_bytes - piece->size();
    if (s.pending_pos < s.pending.size()) {
      const size_t n = std::min(room, s.pending.size() - s.pending_pos);
      const absl::string_view bytes(s.pending.data() + s.pending_pos, n);
      if (!s.pending_is_hash) s.hash.Update(bytes);
      piece->append(bytes.data(), bytes.size());
      s.pending_pos += n;
      continue;
    }
    if (s.file != nullptr && s.file_left > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(room, s.file_left));
      const size_t old = piece->size();
      piece->resize(old + n);
      const size_t got = std::fread(piece->data() + old, 1, n, s.file);
      if (got != n) {
        if (std::ferror(s.file)) return ErrnoError(errno, absl::StrCat("read ", s.file_path));
        return absl::DataLossError(
            absl::StrCat(s.file_path, " became shorter while it was being backed up"));
      }
      s.hash.Update(absl::string_view(piece->data() + old, n));
      s.file_left -= n;
      continue;
    }
    if (s.file != nullptr) {
      const bool grew = std::fgetc(s.file) != EOF;
      std::fclose(s.file);
      s.file = nullptr;
      if (grew) {
        return absl::DataLossError(absl::StrCat(s.file_path, " grew while it was being backed up"));
      }
      continue;
    }
    if (s.next_file < manifest_.files_size()) {
      const v1::BackupFile& file = manifest_.files(s.next_file++);
      s.file_path = absl::StrCat(dir_, "/", file.name());
      s.file = std::fopen(s.file_path.c_str(), "rb");
      if (s.file == nullptr) return ErrnoError(errno, absl::StrCat("open ", s.file_path));
      s.file_left = file.size();
      s.pending = EntryHeader(file);
      s.pending_pos = 0;
      continue;
    }
    if (!s.hash_done) {
      s.hash_done = true;
      s.pending = s.hash.Finish();
      s.pending_pos = 0;
      s.pending_is_hash = true;
      continue;
    }
    break;
  }
  produced_ += piece->size();
  return !piece->empty();
}

absl::StatusOr<v1::BackupManifest> VerifyArchive(const std::string& path) {
  return ArchiveReader(path).Walk(nullptr);
}

absl::StatusOr<v1::BackupManifest> ExtractArchive(const std::string& path, const std::string& dir) {
  if (absl::StatusOr<v1::BackupManifest> checked = VerifyArchive(path); !checked.ok()) {
    return checked.status();
  }
  DirectorySink sink(dir);
  absl::StatusOr<v1::BackupManifest> manifest = ArchiveReader(path).Walk(&sink);
  if (manifest.ok()) {
    if (absl::Status st = sink.SyncDirectory(); !st.ok()) manifest = st;
  }
  if (!manifest.ok()) sink.Abandon();
  return manifest;
}

}  // namespace kinerja::backup
