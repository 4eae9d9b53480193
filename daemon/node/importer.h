// Import of one CSV file into the local replica (DOMAIN.md, "Import files"): parse it whole,
// check that this node may write every record, and write the records that are new or
// changed in one atomic, durable batch. A file with any bad row changes nothing.
#ifndef KINERJA_DAEMON_NODE_IMPORTER_H_
#define KINERJA_DAEMON_NODE_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "daemon/authz/registry.h"
#include "kinerja/v1/admin.pb.h"
#include "storage/replica.h"

namespace kinerja::daemon {

// The checks every imported record passes before it is written, whichever import path reads
// it (whole file or streamed): the record bounds (codec/record_limits.h: money within +-10^15
// rupiah) and the replica's write limits (key, author, value and encoded change size).
// INVALID_ARGUMENT naming the field or the key; the caller prefixes file:line.
[[nodiscard]] absl::Status CheckImportRecord(const storage::Replica& replica,
                                             const v1::Record& record, const std::string& key,
                                             const std::string& value, absl::string_view author);

// Imports `request` as satker `node`. Errors: INVALID_ARGUMENT for a bad file (naming file,
// line, column and what was expected); PERMISSION_DENIED naming file and line for a row this
// node may not write (an office may only import its own satker's rows).
absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica, const Registry& registry,
                                             const std::string& node,
                                             const v1::ImportRequest& request);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_NODE_IMPORTER_H_
