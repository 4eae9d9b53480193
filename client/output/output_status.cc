// Output of the commands that report on the node rather than on records: import, sync, status.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/output/output.h"
#include "client/output/output_internal.h"
#include "client/output/text_table.h"
#include "common/values/enum_words.h"

namespace kinerja::client {
namespace {

using internal::Flag;
using internal::NameValueTable;
using internal::WriteJson;
using internal::WriteTable;

// A single object as one CSV row under a header of its field names.
void WriteCsvRow(const std::vector<std::pair<std::string, std::string>>& fields,
                 std::ostream& out) {
  std::vector<TextColumn> columns;
  std::vector<std::string> cells;
  for (const auto& [name, value] : fields) {
    columns.push_back(TextColumn{name});
    cells.push_back(value);
  }
  TextTable table(std::move(columns));
  table.AddRow(std::move(cells));
  table.WriteCsv(out);
}

// "2024-05-01 10:00:00 WIB (12 s ago)", or "never".
std::string LastSync(int64_t unix_ms, const OutputOptions& options) {
  if (unix_ms == 0) return "never";
  const absl::Time at = absl::FromUnixMillis(unix_ms);
  const int64_t ago = absl::ToInt64Seconds(options.now - at);
  const std::string when = absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", at, options.time_zone);
  if (ago < 0) return absl::StrCat(when, " (in ", -ago, " s)");
  return absl::StrCat(when, " (", ago, " s ago)");
}

std::string Upstream(const v1::StatusResponse& s) {
  if (s.upstream().empty()) return "(none)";
  return absl::StrCat(s.upstream(), s.upstream_reachable() ? " (reachable)" : " (unreachable)");
}

void WriteStatusTable(const v1::StatusResponse& s, const OutputOptions& options,
                      std::ostream& out) {
  TextTable table = NameValueTable();
  table.AddRow({"node", s.node()});
  table.AddRow({"role", values::EnumWord(s.role())});
  table.AddRow({"replica id", s.replica_id()});
  table.AddRow({"upstream", Upstream(s)});
  table.AddRow({"last sync", LastSync(s.last_sync_unix_ms(), options)});
  if (!s.last_sync_error().empty()) table.AddRow({"last sync error", s.last_sync_error()});
  table.AddRow({"waiting up", absl::StrCat(s.waiting_up())});
  table.AddRow({"conflicts", absl::StrCat(s.conflicts())});
  table.AddRow({"changes held", absl::StrCat(s.changes_held())});
  table.AddRow({"clock skew events", absl::StrCat(s.clock_skew_events())});
  table.AddRow({"refused changes", absl::StrCat(s.refused_changes())});
  if (!s.write_refused().empty()) table.AddRow({"WRITING REFUSED", s.write_refused()});
  table.AddRow({"version vector", s.version_vector().entries().empty() ? "(empty)" : ""});
  table.WriteAligned(out, /*with_header=*/false);

  TextTable vector({TextColumn{"origin"}, TextColumn{"seq", Align::kRight}});
  for (const v1::VersionVector::Entry& e : s.version_vector().entries()) {
    vector.AddRow({absl::StrCat("  ", e.origin()), absl::StrCat(e.seq())});
  }
  vector.WriteAligned(out, /*with_header=*/false);
}

void WriteStatusCsv(const v1::StatusResponse& s, std::ostream& out) {
  std::vector<std::string> vv;
  for (const v1::VersionVector::Entry& e : s.version_vector().entries()) {
    vv.push_back(absl::StrCat(e.origin(), ":", e.seq()));
  }
  WriteCsvRow({{"node", s.node()},
               {"role", values::EnumWord(s.role())},
               {"replica_id", s.replica_id()},
               {"upstream", s.upstream()},
               {"upstream_reachable", Flag(s.upstream_reachable(), OutputFormat::kCsv)},
               {"last_sync_unix_ms", absl::StrCat(s.last_sync_unix_ms())},
               {"last_sync_error", s.last_sync_error()},
               {"waiting_up", absl::StrCat(s.waiting_up())},
               {"conflicts", absl::StrCat(s.conflicts())},
               {"changes_held", absl::StrCat(s.changes_held())},
               {"clock_skew_events", absl::StrCat(s.clock_skew_events())},
               {"refused_changes", absl::StrCat(s.refused_changes())},
               {"version_vector", absl::StrJoin(vv, " ")}},
              out);
}

}  // namespace

absl::Status PrintImport(const v1::ImportResponse& r, const OutputOptions& options,
                         std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteCsvRow({{"created", absl::StrCat(r.created())},
                   {"changed", absl::StrCat(r.changed())},
                   {"unchanged", absl::StrCat(r.unchanged())},
                   {"rows", absl::StrCat(r.rows())}},
                  out);
      break;
    case OutputFormat::kTable:
      out << "created " << r.created() << ", changed " << r.changed() << ", unchanged "
          << r.unchanged() << " (" << r.rows() << (r.rows() == 1 ? " row)" : " rows)") << "\n";
      break;
  }
  return absl::OkStatus();
}

absl::Status PrintDigest(const v1::DigestResponse& r, const OutputOptions& options,
                         std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteCsvRow({{"satker", r.satker()}, {"digest", r.digest()}}, out);
      break;
    case OutputFormat::kTable:
      out << r.satker() << "  " << r.digest() << "\n";
      break;
  }
  return absl::OkStatus();
}

absl::Status PrintSync(const v1::SyncNowResponse& r, const OutputOptions& options,
                       std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteCsvRow({{"sent", absl::StrCat(r.sent())},
                   {"received", absl::StrCat(r.received())},
                   {"duration_ms", absl::StrCat(r.duration_ms())},
                   {"waiting_up", absl::StrCat(r.waiting_up())}},
                  out);
      break;
    case OutputFormat::kTable:
      out << "sent " << r.sent() << (r.sent() == 1 ? " change" : " changes") << ", received "
          << r.received() << " in "
          << absl::FormatDuration(absl::Milliseconds(static_cast<int64_t>(r.duration_ms())))
          << "; ";
      if (r.waiting_up() == 0) {
        out << "caught up with the upstream\n";
      } else {
        out << r.waiting_up() << " still waiting to go up\n";
      }
      break;
  }
  return absl::OkStatus();
}

absl::Status PrintStatus(const v1::StatusResponse& r, const OutputOptions& options,
                         std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteStatusCsv(r, out);
      break;
    case OutputFormat::kTable:
      WriteStatusTable(r, options, out);
      break;
  }
  return absl::OkStatus();
}

}  // namespace kinerja::client
