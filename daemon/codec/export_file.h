// Export of held records in the import format of their file kind, so that exporting from one
// node and importing on a fresh one reproduces the same records. The kind's columns and rows
// are its codec entry's; this is the generic part over a storage read view.
#ifndef KINERJA_DAEMON_CODEC_EXPORT_FILE_H_
#define KINERJA_DAEMON_CODEC_EXPORT_FILE_H_

#include "absl/status/statusor.h"
#include "daemon/codec/file_codec.h"
#include "kinerja/v1/query.pb.h"
#include "storage/replica.h"

namespace kinerja::codec {

// The visible records of `request.file_kind()`, optionally of one satker and year, as one
// comma-separated CSV with the kind's header (RFC 4180 quoting where a cell needs it).
// INVALID_ARGUMENT for a kind `table` does not know (FILE_KIND_UNSPECIFIED included);
// DATA_LOSS for a stored value that does not decode. Reads only `view`; thread-safe.
[[nodiscard]] absl::StatusOr<v1::ExportResponse> ExportFile(const storage::ReadView& view,
                                                            const v1::ExportRequest& request,
                                                            const CodecTable& table);
// The same with CodecTable::BuiltIn().
[[nodiscard]] absl::StatusOr<v1::ExportResponse> ExportFile(const storage::ReadView& view,
                                                            const v1::ExportRequest& request);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_EXPORT_FILE_H_
