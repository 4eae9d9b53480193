// The backup archive (docs/backup.md): one self-describing file holding a manifest and the
// files of a replica's checkpoint, closed by a SHA-256 over everything before it. kinerjad
// writes it (ArchiveWriter, piece by piece onto the Backup stream), kinerjactl checks it
// (VerifyArchive) and `kinerjad restore` unpacks it (ExtractArchive). No RocksDB, no gRPC.
//
// Layout, integers big-endian:
//   "KNJBACKP"                      8-byte magic
//   u32 format version              kArchiveFormatVersion
//   u32 manifest length, manifest   a serialized v1::BackupManifest
//   per file of manifest.files, in order:
//     u32 name length, name, u64 size, the file's bytes
//   SHA-256 (32 bytes)              over every byte before it
#ifndef KINERJA_COMMON_BACKUP_ARCHIVE_H_
#define KINERJA_COMMON_BACKUP_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::backup {

inline constexpr char kArchiveMagic[] = "KNJBACKP";  // 8 bytes, no terminator in the file.
inline constexpr uint32_t kArchiveFormatVersion = 1;
// Largest manifest a reader accepts (a hub's checkpoint lists a few thousand files).
inline constexpr uint32_t kMaxManifestBytes = 16 << 20;

// Whether `name` may be a file of an archive: a plain name of 1..255 bytes without '/' or
// NUL, not "." or "..", so that unpacking can never write outside its directory.
bool IsArchiveFileName(absl::string_view name);

// Produces the bytes of one archive of the files in `dir`, piece by piece, reading each file
// as it goes. The files must not change while it runs (a checkpoint's files never do).
// Not thread-safe.
class ArchiveWriter {
 public:
  // Lists the regular files of `dir` (sorted by name; a subdirectory is refused) into
  // `manifest.files` with their sizes and sets its format_version; the caller filled the rest.
  // NOT_FOUND / UNAVAILABLE naming the path when it cannot be read.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ArchiveWriter>> Create(
      std::string dir, v1::BackupManifest manifest);
  ~ArchiveWriter();
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;

  const v1::BackupManifest& manifest() const { return manifest_; }
  // The archive's whole length in bytes.
  uint64_t total_bytes() const { return total_bytes_; }
  // Bytes produced so far.
  uint64_t produced_bytes() const { return produced_; }

  // Replaces `*piece` with the next at most `max_bytes` (> 0) of the archive and returns
  // true, or returns false once the whole archive (hash included) was produced. A file that
  // changed size or cannot be read: DATA_LOSS / UNAVAILABLE naming it.
  [[nodiscard]] absl::StatusOr<bool> Next(size_t max_bytes, std::string* piece);

 private:
  struct State;
  ArchiveWriter(std::string dir, v1::BackupManifest manifest, uint64_t total_bytes);

  const std::string dir_;
  v1::BackupManifest manifest_;
  const uint64_t total_bytes_;
  uint64_t produced_ = 0;
  std::unique_ptr<State> state_;
};

// Checks the archive at `path`: the SHA-256 over its content first, then its structure
// (magic, version, manifest, each file's name and size as the manifest lists them, nothing
// after the hash). Returns its manifest. A damaged file (a byte changed, truncated,
// extended): DATA_LOSS "<path>: ..." saying what is wrong; a file that is no archive or of a
// newer format: FAILED_PRECONDITION; unreadable: NOT_FOUND / UNAVAILABLE.
[[nodiscard]] absl::StatusOr<v1::BackupManifest> VerifyArchive(const std::string& path);

// Verifies the archive at `path` (as VerifyArchive; nothing is written if it fails), then
// writes its files into the directory `dir`, which must exist and be empty, each file and
// then the directory synced; the hash is checked again over what was read while writing.
// On any failure the files it wrote are removed again. Returns the manifest.
[[nodiscard]] absl::StatusOr<v1::BackupManifest> ExtractArchive(const std::string& path,
                                                                const std::string& dir);

}  // namespace kinerja::backup

#endif  // KINERJA_COMMON_BACKUP_ARCHIVE_H_
