// Rendering of AdminService responses for kinerjactl, in one of three formats:
//
//  table  For people. Aligned columns with an upper-case header, or "name  value" lines for
//         a single object (status, get, resolve). Rupiah grouped the Indonesian way
//         ("238.339.761.000"), percentages with two decimals ("97.20%"), periods by name
//         ("B01", "TW1", "TAHUNAN"), Nilai as the document wrote it (its `teks`), times in
//         the given zone. Long free texts of listings are cut with "…" (`get` shows them
//         whole). An empty list prints one line saying so ("no records").
//  json   For scripts. Exactly one JSON object per response, on one line: the response
//         message in the proto3 JSON mapping with proto field names (snake_case) and
//         zero values printed. Lists are therefore an object holding the list
//         ({"entries":[...]}, {"conflicts":[...]}), so the output always parses back into the
//         response message. As the mapping says, 64-bit integers are strings ("pagu_rupiah":
//         "238339761000"), enums are names ("PERIODE_B01") and bytes (Change.value) base64.
//  csv    For spreadsheets. A header line of snake_case column names, then one line per
//         row; RFC 4180 quoting (see CsvField), "\n" line ends. Cells are machine values:
//         plain integers for money and unix milliseconds for times, every column of a record
//         (nothing cut). A single object (status, import, sync) is one row.
//
// Every function writes the whole response to `out` and fails only if the response cannot be
// rendered as JSON (INTERNAL).
#ifndef KINERJA_CLIENT_OUTPUT_OUTPUT_H_
#define KINERJA_CLIENT_OUTPUT_OUTPUT_H_

#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "kinerja/v1/admin.pb.h"

namespace kinerja::client {

enum class OutputFormat { kTable, kJson, kCsv };

// Parses "table", "json" or "csv"; INVALID_ARGUMENT naming the text for anything else.
[[nodiscard]] absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

struct OutputOptions {
  // How to render. Default: table.
  OutputFormat format = OutputFormat::kTable;
  // The present, for "N s ago" in status. Default: the Unix epoch (kinerjactl passes now).
  absl::Time now = absl::UnixEpoch();
  // Zone of times shown in table output. Default: UTC (kinerjactl passes the local zone).
  absl::TimeZone time_zone = absl::UTCTimeZone();
};

// "created N, changed N, unchanged N (R rows)". For a preview (response.preview set): what
// would be created, changed and left unchanged and that nothing was written, then the records
// that would be created or changed (line, key, and for a changed one the fields that differ
// with old and new value), then every error (line, column, field, message); CSV: one row per
// record outcome and per error.
[[nodiscard]] absl::Status PrintImport(const v1::ImportResponse& response,
                                       const OutputOptions& options, std::ostream& out);

// What moved: "sent N changes, received N in 1.2s; caught up with the upstream".
[[nodiscard]] absl::Status PrintSync(const v1::SyncNowResponse& response,
                                     const OutputOptions& options, std::ostream& out);

// Node, role, replica, upstream and its reachability, last sync (local time and "N s ago"),
// counters, and in table output the version vector one origin per line and, at a province or
// national node, one line per child (last seen, last session, lag both ways, refusals, its
// protocol and software version). CSV: the node's row only.
[[nodiscard]] absl::Status PrintStatus(const v1::StatusResponse& response,
                                       const OutputOptions& options, std::ostream& out);

// Records of a listing. When all share one kind, each field has its column (table output
// leaves out long texts and the satker/tahun the key shows); mixed kinds get a one-line
// summary per record. Table output ends with the rupiah totals of the budget records listed,
// per satker and year, with their penyerapan (realisasi / pagu).
[[nodiscard]] absl::Status PrintList(const v1::ListResponse& response, const OutputOptions& options,
                                     std::ostream& out);

// The visible record, every field, and when the key is in conflict each head: id
// ("origin#seq"), author, HLC, whether it is the visible one, and its value.
[[nodiscard]] absl::Status PrintGet(const v1::GetResponse& response, const OutputOptions& options,
                                    std::ostream& out);

// Each conflicting key with its heads, one line per head.
[[nodiscard]] absl::Status PrintConflicts(const v1::ListConflictsResponse& response,
                                          const OutputOptions& options, std::ostream& out);

// The resolving change: key, id, author, HLC, the heads it supersedes and the value written.
[[nodiscard]] absl::Status PrintResolve(const v1::ResolveResponse& response,
                                        const OutputOptions& options, std::ostream& out);

// Every version of one key, oldest first: id, author, time, the bases it superseded, whether
// it is a head and the visible one, and its value (table: one line each; csv: every field).
[[nodiscard]] absl::Status PrintHistory(const v1::HistoryResponse& response,
                                        const OutputOptions& options, std::ostream& out);

// The digest of a satker's keys: "SATKER  DIGEST" (json: the response; csv: one row).
[[nodiscard]] absl::Status PrintDigest(const v1::DigestResponse& response,
                                       const OutputOptions& options, std::ostream& out);

// A backup archive's manifest (kinerjactl backup inspect, after its SHA-256 was checked):
// satker, replica, role, time taken, changes held, versions, files and the version vector
// (json: the BackupManifest; csv: one row).
[[nodiscard]] absl::Status PrintBackupManifest(const v1::BackupManifest& manifest,
                                               const OutputOptions& options, std::ostream& out);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_OUTPUT_OUTPUT_H_
