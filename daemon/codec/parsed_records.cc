#include "daemon/codec/parsed_records.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "daemon/codec/record_key.h"

namespace kinerja::codec {

absl::Status ParsedRecords::Add(const ImportRow& row, absl::string_view column, v1::Record record,
                                absl::string_view what) {
  if (absl::Status s = Claim(row, column, record, what); !s.ok()) return s;
  Append(row.line(), std::move(record));
  return absl::OkStatus();
}

absl::Status ParsedRecords::Claim(const ImportRow& row, absl::string_view column,
                                  const v1::Record& identity, absl::string_view what) {
  absl::StatusOr<std::string> key = KeyOf(identity);
  if (!key.ok()) return row.Error(column, key.status().message());
  if (claims_ == nullptr) return CheckUnique(row, column, *std::move(key), what, &first_lines_);
  absl::StatusOr<std::optional<int>> earlier = claims_->Claim(*key, row.line());
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return absl::OkStatus();
  return row.Error(column, absl::StrCat("duplicate: ", what, " is already on line ", **earlier));
}

void ParsedRecords::Append(int line, v1::Record record) {
  records_.push_back(LocatedRecord{line, std::move(record)});
}

absl::StatusOr<std::string> ParsedRecords::KeyOf(const v1::Record& record) const {
  return KeyForRecord(record, table_);
}

}  // namespace kinerja::codec
