#include "storage/entity_key.h"

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace kinerja::storage {
namespace {

constexpr absl::string_view kRef = "ref";
constexpr absl::string_view kCatatan = "catatan";

std::string Escape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

bool Unescape(absl::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      *out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const absl::string_view code = s.substr(i + 1, 2);
    if (code == "25") {
      *out += '%';
    } else if (code == "2F" || code == "2f") {
      *out += '/';
    } else {
      return false;
    }
    i += 2;
  }
  return true;
}

std::string Join(absl::string_view head, const std::vector<absl::string_view>& ids) {
  std::string key(head);
  for (absl::string_view id : ids) absl::StrAppend(&key, "/", Escape(id));
  return key;
}

absl::Status BadKey(absl::string_view key, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("bad key \"", key, "\": ", why));
}

bool IsYear(absl::string_view s, int* year) {
  return s.size() == 4 && absl::c_all_of(s, absl::ascii_isdigit) && absl::SimpleAtoi(s, year);
}

}  // namespace

absl::StatusOr<ParsedKey> ParseKey(absl::string_view key) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  if (parts.size() < 3) return BadKey(key, "expected at least 3 components");
  ParsedKey parsed;
  if (!Unescape(parts[0], &parsed.satker) || parsed.satker.empty()) {
    return BadKey(key, "bad satker component");
  }
  size_t first_id;
  if (parts[1] == kRef) {
    parsed.section = KeySection::kReference;
    parsed.kind = std::string(parts[2]);
    parsed.writer = parsed.satker;
    first_id = 3;
  } else if (parts[1] == kCatatan) {
    parsed.section = KeySection::kCatatan;
    parsed.kind = std::string(kCatatan);
    if (!Unescape(parts[2], &parsed.writer) || parsed.writer.empty()) {
      return BadKey(key, "bad writer component");
    }
    if (parsed.writer == parsed.satker) return BadKey(key, "a note must be by another satker");
    first_id = 3;
  } else if (IsYear(parts[1], &parsed.tahun)) {
    parsed.section = KeySection::kRecord;
    if (parts.size() < 4) return BadKey(key, "a record key needs a kind and an id");
    parsed.kind = std::string(parts[2]);
    parsed.writer = parsed.satker;
    first_id = 3;
  } else {
    return BadKey(key, "second component must be a year, \"ref\" or \"catatan\"");
  }
  if (parsed.kind.empty()) return BadKey(key, "empty kind");
  if (parts.size() <= first_id) return BadKey(key, "missing id");
  for (size_t i = first_id; i < parts.size(); ++i) {
    std::string id;
    if (!Unescape(parts[i], &id) || id.empty()) return BadKey(key, "bad id component");
    parsed.ids.push_back(std::move(id));
  }
  return parsed;
}

std::string SatkerPrefix(absl::string_view satker) { return absl::StrCat(Escape(satker), "/"); }

std::string YearPrefix(absl::string_view satker, int tahun) {
  return absl::StrCat(Escape(satker), "/", tahun, "/");
}

std::string RecordKey(absl::string_view satker, int tahun, absl::string_view kind,
                      const std::vector<absl::string_view>& ids) {
  return Join(absl::StrCat(Escape(satker), "/", tahun, "/", kind), ids);
}

std::string ReferenceKey(absl::string_view satker, absl::string_view kind,
                         const std::vector<absl::string_view>& ids) {
  return Join(absl::StrCat(Escape(satker), "/", kRef, "/", kind), ids);
}

std::string CatatanKey(absl::string_view satker, absl::string_view penulis, absl::string_view id) {
  return absl::StrCat(Escape(satker), "/", kCatatan, "/", Escape(penulis), "/", Escape(id));
}

}  // namespace kinerja::storage
