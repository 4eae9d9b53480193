// Version vector (DESIGN.md, "Log"): per origin replica, the highest seq such that every seq
// from 1 up to it is accounted for (held, or for a scoped receiver, outside its scope).
#ifndef KINERJA_STORAGE_VERSION_VECTOR_H_
#define KINERJA_STORAGE_VERSION_VECTOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "kinerja/v1/replication.pb.h"

namespace kinerja::storage {

// A value type: thread-compatible (const methods may run concurrently; a writer needs
// exclusive access).
class VersionVector {
 public:
  using Map = std::map<std::string, uint64_t, std::less<>>;

  VersionVector() = default;

  // Highest accounted seq of `origin`; 0 if none.
  uint64_t Get(absl::string_view origin) const;
  // Sets the entry; 0 erases it.
  void Set(absl::string_view origin, uint64_t seq);
  // Sets the entry to max(current, seq).
  void Raise(absl::string_view origin, uint64_t seq);
  // Whether the change (origin, seq) is accounted for.
  bool Covers(absl::string_view origin, uint64_t seq) const { return seq <= Get(origin); }
  // Whether every entry of `other` is covered by this vector.
  bool Dominates(const VersionVector& other) const;
  // Sum over origins of seqs in this vector that `other` lacks.
  uint64_t CountAhead(const VersionVector& other) const;

  // Entries sorted by origin; never holds a zero seq.
  const Map& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  v1::VersionVector ToProto() const;
  static VersionVector FromProto(const v1::VersionVector& proto);
  // "origin:seq,origin:seq" for logs and errors.
  std::string DebugString() const;

  friend bool operator==(const VersionVector& a, const VersionVector& b) {
    return a.entries_ == b.entries_;
  }

 private:
  Map entries_;
};

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_VERSION_VECTOR_H_
