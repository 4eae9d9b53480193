// Output of `kinerjactl history KEY`: every version of one key, oldest first.
#include <string>
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
using internal::WriteJson;

std::string Ids(const google::protobuf::RepeatedPtrField<v1::ChangeId>& ids) {
  std::vector<std::string> out;
  for (const v1::ChangeId& id : ids) out.push_back(values::FormatChangeId(id));
  return absl::StrJoin(out, ", ");
}

void WriteHistoryTable(const v1::HistoryResponse& r, const OutputOptions& options,
                       std::ostream& out) {
  out << "key  " << r.key() << "\n";
  TextTable table({TextColumn{"version"}, TextColumn{"author"}, TextColumn{"time"},
                   TextColumn{"bases"}, TextColumn{"head"}, TextColumn{"winner"},
                   TextColumn{"value", Align::kLeft, 80}});
  for (const v1::HistoryVersion& hv : r.versions()) {
    const v1::Version& v = hv.version();
    table.AddRow({values::FormatChangeId(v.id()), v.author(),
                  values::FormatHlc(v.hlc(), options.time_zone),
                  hv.bases().empty() ? "-" : Ids(hv.bases()), Flag(hv.head(), options.format),
                  Flag(v.winner(), options.format),
                  v.tombstone() ? "(deleted)" : RecordSummary(v.record())});
  }
  table.WriteAligned(out);
}

// One row per version with every column of the key's record kind.
void WriteHistoryCsv(const v1::HistoryResponse& r, std::ostream& out) {
  v1::Record::EntityCase kind = v1::Record::ENTITY_NOT_SET;
  for (const v1::HistoryVersion& hv : r.versions()) {
    if (kind == v1::Record::ENTITY_NOT_SET) kind = hv.version().record().entity_case();
  }
  std::vector<TextColumn> columns;
  for (const char* name : {"key", "version", "author", "hlc", "time_unix_ms", "bases",
                           "superseded_by", "head", "winner", "deleted"}) {
    columns.push_back(TextColumn{name});
  }
  for (const RecordColumn& c : RecordColumns(kind)) columns.push_back(c.column);
  TextTable table(std::move(columns));
  const OutputFormat csv = OutputFormat::kCsv;
  for (const v1::HistoryVersion& hv : r.versions()) {
    const v1::Version& v = hv.version();
    std::vector<std::string> cells = {r.key(),
                                      values::FormatChangeId(v.id()),
                                      v.author(),
                                      absl::StrCat(v.hlc()),
                                      absl::StrCat(hv.time_unix_ms()),
                                      Ids(hv.bases()),
                                      Ids(hv.superseded_by()),
                                      Flag(hv.head(), csv),
                                      Flag(v.winner(), csv),
                                      Flag(v.tombstone(), csv)};
    for (const RecordColumn& c : RecordColumns(kind)) {
      cells.push_back(v.record().entity_case() == kind ? c.cell(v.record(), CellStyle::kMachine)
                                                       : "");
    }
    table.AddRow(std::move(cells));
  }
  table.WriteCsv(out);
}

}  // namespace

absl::Status PrintHistory(const v1::HistoryResponse& r, const OutputOptions& options,
                          std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson:
      return WriteJson(r, out);
    case OutputFormat::kCsv:
      WriteHistoryCsv(r, out);
      break;
    case OutputFormat::kTable:
      WriteHistoryTable(r, options, out);
      break;
  }
  return absl::OkStatus();
}

}  // namespace kinerja::client
