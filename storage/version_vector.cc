#include "storage/version_vector.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kinerja::storage {

uint64_t VersionVector::Get(absl::string_view origin) const {
  auto it = entries_.find(origin);
  return it == entries_.end() ? 0 : it->second;
}

void VersionVector::Set(absl::string_view origin, uint64_t seq) {
  if (seq == 0) {
    auto it = entries_.find(origin);
    if (it != entries_.end()) entries_.erase(it);
    return;
  }
  auto it = entries_.find(origin);
  if (it == entries_.end()) {
    entries_.emplace(std::string(origin), seq);
  } else {
    it->second = seq;
  }
}

void VersionVector::Raise(absl::string_view origin, uint64_t seq) {
  if (seq > Get(origin)) Set(origin, seq);
}

bool VersionVector::Dominates(const VersionVector& other) const {
  return std::all_of(other.entries_.begin(), other.entries_.end(),
                     [this](const auto& e) { return Get(e.first) >= e.second; });
}

uint64_t VersionVector::CountAhead(const VersionVector& other) const {
  uint64_t n = 0;
  for (const auto& [origin, seq] : entries_) {
    const uint64_t theirs = other.Get(origin);
    if (seq > theirs) n += seq - theirs;
  }
  return n;
}

v1::VersionVector VersionVector::ToProto() const {
  v1::VersionVector proto;
  for (const auto& [origin, seq] : entries_) {
    auto* e = proto.add_entries();
    e->set_origin(origin);
    e->set_seq(seq);
  }
  return proto;
}

VersionVector VersionVector::FromProto(const v1::VersionVector& proto) {
  VersionVector vv;
  for (const auto& e : proto.entries()) vv.Raise(e.origin(), e.seq());
  return vv;
}

std::string VersionVector::DebugString() const {
  return absl::StrJoin(entries_, ",", [](std::string* out, const auto& e) {
    absl::StrAppend(out, e.first, ":", e.second);
  });
}

}  // namespace kinerja::storage
