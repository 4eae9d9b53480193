// Output of the commands that show versions of one key: get, conflicts and resolve.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/output/output.h"
#include "client/output/output_internal.h"
#include "client/output/record_columns.h"
#include "client/output/text_table.h"
#include "common/values/change_text.h"

namespace kinerja::client {
namespace {

using internal::Flag;
using internal::NameValueTable;
using internal::WriteJson;
using internal::WriteTable;

constexpr absl::string_view kDeleted = "(deleted)";

std::string Hlc(uint64_t hlc, const OutputOptions& options) {
  if (options.format == OutputFormat::kCsv) return absl::StrCat(hlc);
  return values::FormatHlc(hlc, options.time_zone);
}

// One "name  value" row per field of `record`, texts whole.
void AddRecordRows(const v1::Record& record, TextTable& table) {
  if (record.entity_case() == v1::Record::ENTITY_NOT_SET) {
    table.AddRow({"value", std::string(kDeleted)});
    return;
  }
  table.AddRow({"kind", RecordKindName(record.entity_case())});
  for (const RecordColumn& c : RecordColumns(record.entity_case())) {
    table.AddRow({c.column.name, c.cell(record, CellStyle::kHuman)});
  }
}

// CSV columns: `leading`, then every column of records of `kind`.
std::vector<TextColumn> CsvColumns(std::vector<std::string> leading, v1::Record::EntityCase kind) {
  std::vector<TextColumn> columns;
  for (std::string& name : leading) columns.push_back(TextColumn{std::move(name)});
  for (const RecordColumn& c : RecordColumns(kind)) columns.push_back(c.column);
  return columns;
}

// `cells` followed by the machine cells of `record` for the columns of `kind`.
std::vector<std::string> CsvRow(std::vector<std::string> cells, const v1::Record& record,
                                v1::Record::EntityCase kind) {
  for (const RecordColumn& c : RecordColumns(kind)) {
    cells.push_back(record.entity_case() == kind ? c.cell(record, CellStyle::kMachine) : "");
  }
  return cells;
}

std::string HeadValue(const v1::Version& v) {
  return v.tombstone() ? std::string(kDeleted) : RecordSummary(v.record());
}

// The heads of one or more keys, one line per head; the key is repeated on every line in
// CSV and only on the first line of its key in table output.
class HeadsTable {
 public:
  HeadsTable(bool with_key, const OutputOptions& options)
      : options_(options), with_key_(with_key), table_(Columns(with_key, options.format)) {}

  void Add(const std::string& key, const google::protobuf::RepeatedPtrField<v1::Version>& heads) {
    const bool csv = options_.format == OutputFormat::kCsv;
    for (int i = 0; i < heads.size(); ++i) {
      const v1::Version& v = heads[i];
      std::vector<std::string> cells;
      if (with_key_) cells.push_back(csv || i == 0 ? key : "");
      cells.push_back(values::FormatChangeId(v.id()));
      cells.push_back(v.author());
      cells.push_back(Hlc(v.hlc(), options_));
      cells.push_back(Flag(v.winner(), options_.format));
      if (csv) cells.push_back(Flag(v.tombstone(), options_.format));
      cells.push_back(HeadValue(v));
      table_.AddRow(std::move(cells));
    }
  }

  const TextTable& table() const { return table_; }

 private:
  static std::vector<TextColumn> Columns(bool with_key, OutputFormat format) {
    std::vector<TextColumn> columns;
    if (with_key) columns.push_back(TextColumn{"key"});
    for (const char* name : {"version", "author", "hlc", "winner"}) {
      columns.push_back(TextColumn{name});
    }
    if (format == OutputFormat::kCsv) columns.push_back(TextColumn{"deleted"});
    columns.push_back(TextColumn{"value"});
    return columns;
  }

  const OutputOptions& options_;
  const bool with_key_;
  TextTable table_;
};

void WriteGetTable(const v1::GetResponse& r, const OutputOptions& options, std::ostream& out) {
  TextTable table = NameValueTable();
  table.AddRow({"key", r.entry().key()});
  table.AddRow(
      {"conflict", r.heads_size() > 1 ? absl::StrCat("yes, ", r.heads_size(), " heads") : "no"});
  AddRecordRows(r.entry().record(), table);
  table.WriteAligned(out, /*with_header=*/false);
  if (r.heads_size() > 1) {
    out << "\n";
    HeadsTable heads(/*with_key=*/false, options);
    heads.Add(r.entry().key(), r.heads());
    heads.table().WriteAligned(out);
  }
}

// One line per head with every field of its value; the visible record alone if no head.
void WriteGetCsv(const v1::GetResponse& r, std::ostream& out) {
  v1::Record::EntityCase kind = r.entry().record().entity_case();
  for (const v1::Version& v : r.heads()) {
    if (kind == v1::Record::ENTITY_NOT_SET) kind = v.record().entity_case();
  }
  TextTable table(CsvColumns({"key", "version", "author", "hlc", "winner", "deleted"}, kind));
  const OutputFormat csv = OutputFormat::kCsv;
  for (const v1::Version& v : r.heads()) {
    table.AddRow(CsvRow({r.entry().key(), values::FormatChangeId(v.id()), v.author(),
                         absl::StrCat(v.hlc()), Flag(v.winner(), csv), Flag(v.tombstone(), csv)},
                        v.record(), kind));
  }
  if (r.heads().empty()) {
    const bool deleted = !r.entry().has_record();
    table.AddRow(
        CsvRow({r.entry().key(), "", "", "", "", Flag(deleted, csv)}, r.entry().record(), kind));
  }
  table.WriteCsv(out);
}

std::string Bases(const v1::Change& change) {
  std::vector<std::string> ids;
  for (const v1::ChangeId& id : change.bases()) ids.push_back(values::FormatChangeId(id));
  return absl::StrJoin(ids, ", ");
}

}  // namespace

absl::Status PrintGet(const v1::GetResponse& r, const OutputOptions& options, std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteGetCsv(r, out);
      break;
    case OutputFormat::kTable:
      WriteGetTable(r, options, out);
      break;
  }
  return absl::OkStatus();
}

absl::Status PrintConflicts(const v1::ListConflictsResponse& r, const OutputOptions& options,
                            std::ostream& out) {
  if (options.format == OutputFormat::kJson) return WriteJson(r, out);
  if (options.format == OutputFormat::kTable && r.conflicts().empty()) {
    out << "no conflicts\n";
    return absl::OkStatus();
  }
  HeadsTable heads(/*with_key=*/true, options);
  for (const v1::Conflict& c : r.conflicts()) heads.Add(c.key(), c.heads());
  WriteTable(heads.table(), options.format, out);
  return absl::OkStatus();
}

absl::Status PrintResolve(const v1::ResolveResponse& r, const OutputOptions& options,
                          std::ostream& out) {
  if (options.format == OutputFormat::kJson) return WriteJson(r, out);
  const v1::Change& change = r.change();
  v1::Record record;
  const bool decoded = change.tombstone() || record.ParseFromString(change.value());
  if (options.format == OutputFormat::kCsv) {
    const OutputFormat csv = OutputFormat::kCsv;
    TextTable table(
        CsvColumns({"key", "version", "author", "hlc", "bases", "deleted"}, record.entity_case()));
    table.AddRow(CsvRow(
        {change.key(), values::FormatChangeId(change.origin(), change.seq()), change.author(),
         absl::StrCat(change.hlc()), Bases(change), Flag(change.tombstone(), csv)},
        record, record.entity_case()));
    table.WriteCsv(out);
    return absl::OkStatus();
  }
  TextTable table = NameValueTable();
  table.AddRow({"resolved", change.key()});
  table.AddRow({"version", values::FormatChangeId(change.origin(), change.seq())});
  table.AddRow({"author", change.author()});
  table.AddRow({"hlc", Hlc(change.hlc(), options)});
  table.AddRow({"bases", Bases(change)});
  if (!decoded) {
    table.AddRow({"value", "(not a kinerja.v1.Record)"});
  } else {
    AddRecordRows(record, table);
  }
  table.WriteAligned(out, /*with_header=*/false);
  return absl::OkStatus();
}

}  // namespace kinerja::client
