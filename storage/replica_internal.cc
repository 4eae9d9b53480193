#include "storage/replica_internal.h"

#include "absl/strings/str_cat.h"

namespace kinerja::storage::internal {

std::string EncodeU64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

bool DecodeU64(absl::string_view s, uint64_t* v) {
  if (s.size() != 8) return false;
  uint64_t r = 0;
  for (char c : s) r = (r << 8) | static_cast<uint8_t>(c);
  *v = r;
  return true;
}

std::string LogKey(absl::string_view origin, uint64_t seq) {
  std::string key;
  key.reserve(origin.size() + 9);
  key.append(origin.data(), origin.size());
  key.push_back('\0');
  key.append(EncodeU64(seq));
  return key;
}

bool ParseLogKey(absl::string_view key, absl::string_view* origin, uint64_t* seq) {
  if (key.size() < 10 || key[key.size() - 9] != '\0') return false;
  *origin = key.substr(0, key.size() - 9);
  return DecodeU64(key.substr(key.size() - 8), seq);
}

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string msg = absl::StrCat(what, ": ", s.ToString());
  // RocksDB reports a full disk as an IO error with the "no space" subcode; it is not a
  // transient network-like failure but the machine's own state, and frees up only when an
  // operator makes room.
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(absl::StrCat("disk full: ", msg));
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(msg);
  if (s.IsIOError()) return absl::UnavailableError(msg);
  return absl::InternalError(msg);
}

}  // namespace kinerja::storage::internal
