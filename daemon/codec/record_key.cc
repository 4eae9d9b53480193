#include "daemon/codec/record_key.h"

#include "absl/strings/str_cat.h"

namespace kinerja::codec {

absl::StatusOr<std::string> KeyForRecord(const v1::Record& record, const CodecTable& table) {
  if (record.entity_case() == v1::Record::ENTITY_NOT_SET) {
    return absl::InvalidArgumentError("record holds no entity");
  }
  const RecordKind* kind = table.FindRecordKind(record.entity_case());
  if (kind == nullptr || kind->key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("no codec knows record kind ", record.entity_case()));
  }
  return kind->key(record);
}

absl::StatusOr<std::string> KeyForRecord(const v1::Record& record) {
  return KeyForRecord(record, CodecTable::BuiltIn());
}

absl::Status CheckKeyKind(absl::string_view key_kind, const CodecTable& table) {
  std::string listed;
  for (const RecordKind& kind : table.record_kinds()) {
    if (kind.key_kind == key_kind) return absl::OkStatus();
    absl::StrAppend(&listed, listed.empty() ? "" : ", ", kind.key_kind);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown record kind \"", key_kind, "\"; the kinds are: ", listed));
}

absl::Status RequireFields(bool ok, absl::string_view what) {
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("record lacks ", what));
}

bool IsKeyYear(int tahun) { return tahun >= 1000 && tahun <= 9999; }

absl::StatusOr<absl::string_view> CodeOrDash(const std::string& code, absl::string_view field) {
  if (code == kAbsentCode) {
    return absl::InvalidArgumentError(
        absl::StrCat("record has ", field, " \"", kAbsentCode,
                     "\", which keys use for an absent code; leave it empty for none"));
  }
  return code.empty() ? kAbsentCode : absl::string_view(code);
}

}  // namespace kinerja::codec
