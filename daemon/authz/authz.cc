#include "daemon/authz/authz.h"

#include "absl/strings/str_cat.h"
#include "storage/entity_key.h"

namespace kinerja::daemon {

std::string OriginSatker(absl::string_view origin) {
  const size_t dot = origin.rfind('.');
  return std::string(dot == absl::string_view::npos ? origin : origin.substr(0, dot));
}

bool IsReplicaId(absl::string_view origin) {
  constexpr size_t kIncarnationDigits = 12;
  const size_t dot = origin.rfind('.');
  if (dot == absl::string_view::npos || dot == 0) return false;
  const absl::string_view incarnation = origin.substr(dot + 1);
  if (incarnation.size() != kIncarnationDigits) return false;
  for (char ch : incarnation) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

namespace {

// The writer rule and the scope test on a key already parsed: a received change's key is
// parsed once for both.
absl::Status CheckWriterParsed(const Registry& registry, absl::string_view writer,
                               absl::string_view key,
                               const absl::StatusOr<storage::ParsedKey>& parsed) {
  if (!parsed.ok()) return parsed.status();
  auto deny = [&](absl::string_view why) {
    return absl::PermissionDeniedError(
        absl::StrCat("satker ", writer, " may not write ", key, ": ", why));
  };
  if (!registry.Contains(parsed->satker))
    return deny(absl::StrCat("unknown satker ", parsed->satker));
  if (parsed->writer != writer) {
    return deny(absl::StrCat("only ", parsed->writer, " writes it"));
  }
  switch (parsed->section) {
    case storage::KeySection::kRecord:
      return absl::OkStatus();
    case storage::KeySection::kReference: {
      const v1::Satker* s = registry.Find(writer);
      if (s->tingkat() == v1::TINGKAT_KABKOTA) return deny("an office publishes no reference data");
      return absl::OkStatus();
    }
    case storage::KeySection::kCatatan:
      if (!registry.IsProperAncestor(writer, parsed->satker)) {
        return deny(absl::StrCat("notes on ", parsed->satker, " are written by its ancestors"));
      }
      return absl::OkStatus();
  }
  return deny("unknown key section");
}

bool InScopeParsed(const Registry& registry, absl::string_view node,
                   const absl::StatusOr<storage::ParsedKey>& parsed) {
  if (!parsed.ok()) return false;
  if (parsed->section == storage::KeySection::kReference) {
    return registry.IsSelfOrAncestor(parsed->satker, node);
  }
  return registry.IsSelfOrAncestor(node, parsed->satker);
}

}  // namespace

absl::Status CheckWriter(const Registry& registry, absl::string_view writer,
                         absl::string_view key) {
  return CheckWriterParsed(registry, writer, key, storage::ParseKey(key));
}

bool InScope(const Registry& registry, absl::string_view node, absl::string_view key) {
  return InScopeParsed(registry, node, storage::ParseKey(key));
}

absl::Status CheckReceived(const Registry& registry, absl::string_view node, absl::string_view peer,
                           Direction direction, const v1::Change& change) {
  const std::string origin_satker = OriginSatker(change.origin());
  auto deny = [&](absl::string_view why) {
    return absl::PermissionDeniedError(absl::StrCat("change ", change.origin(), "#", change.seq(),
                                                    " to ", change.key(), " from ", peer, ": ",
                                                    why));
  };
  if (!IsReplicaId(change.origin())) {
    return deny("the origin is not a replica id \"<satker>.<12 hex digits>\"");
  }
  const absl::StatusOr<storage::ParsedKey> parsed = storage::ParseKey(change.key());
  if (absl::Status st = CheckWriterParsed(registry, origin_satker, change.key(), parsed);
      !st.ok()) {
    return deny(st.message());
  }
  if (direction == Direction::kFromChild) {
    if (!registry.IsSelfOrAncestor(peer, origin_satker)) {
      return deny(absl::StrCat("origin ", origin_satker, " is not ", peer, " or below it"));
    }
  } else if (!InScopeParsed(registry, node, parsed)) {
    return deny(absl::StrCat("key is outside the scope of ", node));
  }
  return absl::OkStatus();
}

std::optional<v1::Satker> RegistryEntryOf(const v1::Change& change) {
  if (change.tombstone()) return std::nullopt;
  auto parsed = storage::ParseKey(change.key());
  if (!parsed.ok() || parsed->section != storage::KeySection::kReference ||
      parsed->satker != "RI" || parsed->kind != storage::kRefSatker || parsed->ids.size() != 1) {
    return std::nullopt;
  }
  v1::Record record;
  if (!record.ParseFromString(change.value()) || !record.has_satker() ||
      record.satker().kode() != parsed->ids[0]) {
    return std::nullopt;
  }
  return record.satker();
}

absl::Status CheckReceivedRange(const Registry& registry, absl::string_view peer,
                                Direction direction, const v1::OriginRange& range) {
  auto deny = [&](absl::string_view why) {
    return absl::PermissionDeniedError(absl::StrCat("range of origin ", range.origin(), " [",
                                                    range.first(), ", ", range.last(), "] from ",
                                                    peer, ": ", why));
  };
  if (!IsReplicaId(range.origin())) {
    return deny("the origin is not a replica id \"<satker>.<12 hex digits>\"");
  }
  const std::string origin_satker = OriginSatker(range.origin());
  if (!registry.Contains(origin_satker)) {
    return deny(absl::StrCat("unknown satker ", origin_satker));
  }
  if (direction == Direction::kFromChild && !registry.IsSelfOrAncestor(peer, origin_satker)) {
    return deny(absl::StrCat("origin ", origin_satker, " is not ", peer, " or below it"));
  }
  return absl::OkStatus();
}

}  // namespace kinerja::daemon
