// Import of one CSV file into the local replica (DOMAIN.md, "Import files"), streamed: the file
// arrives in pieces, is parsed a bounded run of rows at a time, each record checked (this node
// may write it) and staged on disk, then committed as one atomic, durable write. Memory
// follows the run and the commit batch, not the file. A file with any bad row changes
// nothing.
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

// The bytes of one file, in order, as they arrive.
class ImportSource {
 public:
  virtual ~ImportSource() = default;
  // Replaces `*piece` with the next bytes of the file; false (and `*piece` empty) at its end.
  // An error (e.g. the client went away) ends the import with it, changing nothing.
  [[nodiscard]] virtual absl::StatusOr<bool> Next(std::string* piece) = 0;
};

// A file held whole, as one piece. `content` must outlive the source.
class WholeFileSource final : public ImportSource {
 public:
  explicit WholeFileSource(const std::string& content) : content_(content) {}
  [[nodiscard]] absl::StatusOr<bool> Next(std::string* piece) override;

 private:
  const std::string& content_;
  bool done_ = false;
};

// What a file is: its kind, its name in messages and who imports it.
struct ImportFile {
  v1::FileKind kind = v1::FILE_KIND_UNSPECIFIED;
  std::string file_name;  // "" names it "import.csv".
  std::string author;     // "" records "import".
  // Preview: parse and check as an import, write nothing (ImportRequest.dry_run).
  bool dry_run = false;
};

// Imports the file `source` yields as satker `node`. Errors: INVALID_ARGUMENT for a bad file
// (naming file, line, column and what was expected; a cell too big for any record names its
// column too); PERMISSION_DENIED naming file and line for a row this node may not write (an
// office may only import its own satker's rows); the source's error. On any error nothing
// changes: no record, no seq, no change-log entry; the staging is dropped. The summary counts
// the records committed: created (no visible value before), changed, unchanged (same value;
// nothing written). Thread-safe (imports stage concurrently; commits are serialized).
[[nodiscard]] absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica,
                                                           const Registry& registry,
                                                           const std::string& node,
                                                           const ImportFile& file,
                                                           ImportSource* source);

// With `file.dry_run`, the preview of that import: the file is parsed and every record checked
// exactly as above, against one snapshot of the replica, and nothing is written (not even
// staging). Errors of the file's records are not returned as a status but listed in the
// response's `preview` (every one, as ImportParser collects them: the first IMPORT_LIMIT_ERRORS
// with line, column and field, errors_total all), each record parsed on its own so that one
// bad row hides no other; an error about the whole file (its header) is listed alone. The
// counts are what the import would report on the same replica; `preview.records` lists the
// first IMPORT_LIMIT_RECORDS outcomes in file order, with the old and new value of a changed
// one and the fields that differ. A clean preview has no errors. Only the source's error (the
// client went away) or a read error is returned as a status.
//
// The same for a file held whole in `request.content`.
[[nodiscard]] absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica,
                                                           const Registry& registry,
                                                           const std::string& node,
                                                           const v1::ImportRequest& request);

}  // namespace kinerja::daemon

#endif  // KINERJA_DAEMON_NODE_IMPORTER_H_
