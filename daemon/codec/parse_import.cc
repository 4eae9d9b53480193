#include "daemon/codec/parse_import.h"

#include "absl/strings/str_cat.h"
#include "daemon/codec/import_parser.h"
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
  ImportParserOptions options;
  options.run_bytes = content.size() + 1;  // One run: the file is at hand anyway.
  options.max_record_bytes = content.size() + 1;
  absl::StatusOr<std::unique_ptr<ImportParser>> parser =
      ImportParser::Create(kind, file_name, table, options);
  if (!parser.ok()) return parser.status();
  std::vector<LocatedRecord> records;
  if (absl::Status s = (*parser)->Feed(content, &records); !s.ok()) return s;
  if (absl::Status s = (*parser)->Finish(&records); !s.ok()) return s;
  return records;
}

absl::StatusOr<std::vector<LocatedRecord>> ParseImport(v1::FileKind kind,
                                                       absl::string_view file_name,
                                                       absl::string_view content) {
  return ParseImport(kind, file_name, content, CodecTable::BuiltIn());
}

}  // namespace kinerja::codec
