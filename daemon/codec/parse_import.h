// Import of one whole file of one kind (DOMAIN.md, "Import files") into the records it holds,
// or into the first error, so that a bad file changes nothing. The kind's rules are its codec
// entry's (satker_codec.cc, indikator_codec.cc, ...); this is the generic part.
#ifndef KINERJA_DAEMON_CODEC_PARSE_IMPORT_H_
#define KINERJA_DAEMON_CODEC_PARSE_IMPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/file_codec.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// Parses `content`, the whole file of kind `kind`, named `file_name` in errors.
//
// The file is CSV as ReadCsv reads it; the header must name the kind's columns (any case and
// order, none unknown or missing but those marked optional). Every cell is trimmed; rows whose
// cells are all empty are skipped. The kind's entry reads the rows; two rows that yield
// records of one key (KeyForRecord) are an error, never merged or summed.
//
// Returns the records in file order, each with its 1-based line (anggaran: the budget lines'
// AnggaranPagu, located at their first row, then the AnggaranRealisasi of the rows that carry
// one), or the first error as INVALID_ARGUMENT worded
//   anggaran.csv:4: column pagu: expected an amount like 1.000.000, got "dua juta"
// (file name, 1-based physical line, column, what was expected, what was found), or
// INVALID_ARGUMENT naming the kind when `table` has no entry for it. Pure: no I/O, no state;
// thread-safe.
[[nodiscard]] absl::StatusOr<std::vector<LocatedRecord>> ParseImport(v1::FileKind kind,
                                                                     absl::string_view file_name,
                                                                     absl::string_view content,
                                                                     const CodecTable& table);
// The same with CodecTable::BuiltIn().
[[nodiscard]] absl::StatusOr<std::vector<LocatedRecord>> ParseImport(v1::FileKind kind,
                                                                     absl::string_view file_name,
                                                                     absl::string_view content);

// The entry of `kind` in `table`, or INVALID_ARGUMENT "unknown file kind N; the kinds are:
// satker, ..." (also for FILE_KIND_UNSPECIFIED).
[[nodiscard]] absl::StatusOr<const FileCodec*> FindCodec(v1::FileKind kind,
                                                         const CodecTable& table);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_PARSE_IMPORT_H_
