// Output of the commands that report on the node rather than on records: import, sync, status.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"
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
  if (s.children().empty()) return;

  out << "children\n";
  TextTable children({TextColumn{"satker"}, TextColumn{"name", Align::kLeft, 24},
                      TextColumn{"last seen"}, TextColumn{"last session"},
                      TextColumn{"lag down", Align::kRight}, TextColumn{"lag up", Align::kRight},
                      TextColumn{"refusals", Align::kRight}, TextColumn{"protocol"},
                      TextColumn{"version"}});
  for (const v1::ChildStatus& c : s.children()) {
    std::string session = "never";
    if (c.last_session_unix_ms() != 0) {
      session = c.last_session_ok() ? "ok" : absl::StrCat("error: ", c.last_session_error());
    }
    children.AddRow({c.satker(), c.name(), LastSync(c.last_seen_unix_ms(), options), session,
                     absl::StrCat(c.lag_down()), absl::StrCat(c.lag_up()),
                     absl::StrCat(c.refusals()),
                     c.protocol_version() == 0 ? "-" : absl::StrCat(c.protocol_version()),
                     c.software_version().empty() ? "-" : c.software_version()});
  }
  children.WriteAligned(out);
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

std::string OutcomeWord(v1::ImportOutcome outcome) {
  switch (outcome) {
    case v1::IMPORT_OUTCOME_CREATED:
      return "create";
    case v1::IMPORT_OUTCOME_CHANGED:
      return "change";
    case v1::IMPORT_OUTCOME_UNCHANGED:
      return "unchanged";
    default:
      return "?";
  }
}

// The fields that differ with their old and new value: "pagu_rupiah 1000000 -> 2000000".
std::string Differences(const v1::ImportRecordOutcome& o) {
  std::vector<std::string> parts;
  for (const std::string& name : o.changed_fields()) {
    auto value = [&name](const v1::Record& record) -> std::string {
      const google::protobuf::FieldDescriptor* entity = v1::Record::descriptor()->FindFieldByNumber(
          static_cast<int>(record.entity_case()));
      if (entity == nullptr) return "";
      const google::protobuf::Message& m = record.GetReflection()->GetMessage(record, entity);
      const google::protobuf::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
      if (f == nullptr || f->is_repeated()) return "";
      std::string text;
      google::protobuf::TextFormat::PrintFieldValueToString(m, f, -1, &text);
      return text;
    };
    parts.push_back(absl::StrCat(name, " ", value(o.old_record()), " -> ", value(o.new_record())));
  }
  return absl::StrJoin(parts, "; ");
}

void WritePreviewTable(const v1::ImportResponse& r, std::ostream& out) {
  const v1::ImportPreview& p = r.preview();
  out << "preview: would create " << r.created() << ", change " << r.changed()
      << ", leave unchanged " << r.unchanged() << " (" << r.rows()
      << (r.rows() == 1 ? " row)" : " rows)") << "; nothing was written\n";
  TextTable records({TextColumn{"line", Align::kRight}, TextColumn{"outcome"}, TextColumn{"key"},
                     TextColumn{"changes", Align::kLeft, 100}});
  for (const v1::ImportRecordOutcome& o : p.records()) {
    if (o.outcome() == v1::IMPORT_OUTCOME_UNCHANGED) continue;
    records.AddRow({absl::StrCat(o.line()), OutcomeWord(o.outcome()), o.key(), Differences(o)});
  }
  if (records.num_rows() > 0) records.WriteAligned(out);
  if (p.records_total() > static_cast<uint64_t>(p.records_size())) {
    out << "(the first " << p.records_size() << " of " << p.records_total()
        << " records shown)\n";
  }
  if (p.errors_total() == 0) {
    out << "no errors: the import would save this file\n";
    return;
  }
  out << p.errors_total() << (p.errors_total() == 1 ? " error" : " errors")
      << ": the import would save nothing\n";
  TextTable errors({TextColumn{"line", Align::kRight}, TextColumn{"column", Align::kRight},
                    TextColumn{"field"}, TextColumn{"message"}});
  for (const v1::ImportError& e : p.errors()) {
    errors.AddRow({e.line() == 0 ? "-" : absl::StrCat(e.line()),
                   e.column() == 0 ? "-" : absl::StrCat(e.column()), e.field(), e.message()});
  }
  errors.WriteAligned(out);
  if (p.errors_total() > static_cast<uint64_t>(p.errors_size())) {
    out << "(the first " << p.errors_size() << " of " << p.errors_total() << " errors shown)\n";
  }
}

void WritePreviewCsv(const v1::ImportResponse& r, std::ostream& out) {
  TextTable table({TextColumn{"line"}, TextColumn{"outcome"}, TextColumn{"key"},
                   TextColumn{"changed_fields"}, TextColumn{"column"}, TextColumn{"field"},
                   TextColumn{"message"}});
  for (const v1::ImportRecordOutcome& o : r.preview().records()) {
    table.AddRow({absl::StrCat(o.line()), OutcomeWord(o.outcome()), o.key(),
                  absl::StrJoin(o.changed_fields(), " "), "", "", ""});
  }
  for (const v1::ImportError& e : r.preview().errors()) {
    table.AddRow({absl::StrCat(e.line()), "error", "", "", absl::StrCat(e.column()), e.field(),
                  e.message()});
  }
  table.WriteCsv(out);
}

}  // namespace

absl::Status PrintImport(const v1::ImportResponse& r, const OutputOptions& options,
                         std::ostream& out) {
  if (r.has_preview() && options.format != OutputFormat::kJson) {
    if (options.format == OutputFormat::kCsv) {
      WritePreviewCsv(r, out);
    } else {
      WritePreviewTable(r, out);
    }
    return absl::OkStatus();
  }
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
