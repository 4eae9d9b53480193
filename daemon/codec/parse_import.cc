#include "daemon/codec/parse_import.h"

#include "absl/strings/str_cat.h"
#include "daemon/codec/parsed_records.h"

namespace kinerja::codec {

absl::StatusOr<const FileCodec*> FindCodec(v1::FileKind kind, const CodecTable& table) {
  const FileCodec* codec = table.Find(kind);
  if (codec != nullptr && kind != v1::FILE_KIND_UNSPECIFIED) return codec;
  std::string listed;
  for (const FileCodec& known : table.files()) {
    absl::StrAppend(&listed, listed.empty() ? "" : ", ", known.name);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown file kind ", static_cast<int>(kind),
      kind == v1::FILE_KIND_UNSPECIFIED ? " (unspecified)" : "", "; the kinds are: ", listed));
}

absl::StatusOr<std::vector<LocatedRecord>> ParseImport(v1::FileKind kind,
                                                       absl::string_view file_name,
                                                       absl::string_view content,
                                                       const CodecTable& table) {
  absl::StatusOr<const FileCodec*> codec = FindCodec(kind, table);
  if (!codec.ok()) return codec.status();
  absl::StatusOr<ImportTable> rows = ImportTable::Read(file_name, content, (*codec)->columns);
  if (!rows.ok()) return rows.status();
  ParsedRecords out(table);
  if (absl::Status s = (*codec)->parse(*rows, &out); !s.ok()) return s;
  return std::move(out).Take();
}

absl::StatusOr<std::vector<LocatedRecord>> ParseImport(v1::FileKind kind,
                                                       absl::string_view file_name,
                                                       absl::string_view content) {
  return ParseImport(kind, file_name, content, CodecTable::BuiltIn());
}

}  // namespace kinerja::codec
