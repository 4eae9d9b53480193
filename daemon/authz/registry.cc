#include "daemon/authz/registry.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"

namespace kinerja::daemon {

absl::StatusOr<Registry> Registry::Build(const std::vector<v1::Satker>& entries) {
  std::map<std::string, v1::Satker> by_code;
  for (const v1::Satker& s : entries) {
    if (s.kode().empty()) return absl::InvalidArgumentError("registry: an entry has no kode");
    by_code[s.kode()] = s;
  }
  Registry r;
  for (auto& [code, s] : by_code) {
    if (!s.induk().empty() && by_code.count(s.induk()) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("registry: satker ", code, " names unknown parent ", s.induk()));
    }
    r.index_[code] = r.entries_.size();
    r.entries_.push_back(std::move(s));
  }
  for (const v1::Satker& s : r.entries_) {
    size_t steps = 0;
    for (const v1::Satker* p = &s; !p->induk().empty(); p = r.Find(p->induk())) {
      if (++steps > r.entries_.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("registry: the parents of satker ", s.kode(), " form a cycle"));
      }
    }
  }
  return r;
}

absl::StatusOr<Registry> Registry::With(const v1::Satker& entry) const {
  std::vector<v1::Satker> entries = entries_;
  entries.push_back(entry);
  return Build(entries);
}

const v1::Satker* Registry::Find(absl::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

bool Registry::IsSelfOrAncestor(absl::string_view ancestor, absl::string_view code) const {
  for (const v1::Satker* s = Find(code); s != nullptr; s = Find(s->induk())) {
    if (s->kode() == ancestor) return true;
    if (s->induk().empty()) break;
  }
  return false;
}

bool Registry::IsProperAncestor(absl::string_view ancestor, absl::string_view code) const {
  return ancestor != code && IsSelfOrAncestor(ancestor, code);
}

std::string Registry::Parent(absl::string_view code) const {
  const v1::Satker* s = Find(code);
  return s == nullptr ? "" : s->induk();
}

std::vector<std::string> Registry::Children(absl::string_view code) const {
  std::vector<std::string> out;
  for (const v1::Satker& s : entries_) {
    if (s.induk() == code) out.push_back(s.kode());
  }
  return out;
}

std::vector<std::string> Registry::Subtree(absl::string_view code) const {
  std::vector<std::string> out;
  for (const v1::Satker& s : entries_) {
    if (IsSelfOrAncestor(code, s.kode())) out.push_back(s.kode());
  }
  return out;
}

}  // namespace kinerja::daemon
