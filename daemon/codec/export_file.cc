#include "daemon/codec/export_file.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "daemon/codec/parse_import.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

// A CSV field, quoted when it holds a separator, a quote or a line break.
std::string Field(absl::string_view s) {
  if (s.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void AppendLine(const std::vector<std::string>& cells, std::string* csv) {
  absl::StrAppend(
      csv,
      absl::StrJoin(cells, ",",
                    [](std::string* out, const std::string& c) { out->append(Field(c)); }),
      "\n");
}

// The satker (and year) prefix of the request; "" (everything) when no satker is given.
std::string RequestPrefix(const v1::ExportRequest& request) {
  if (request.satker().empty()) return "";
  return request.tahun() > 0 ? storage::YearPrefix(request.satker(), request.tahun())
                             : storage::SatkerPrefix(request.satker());
}

// Whether the key `parsed` is of `kind` and, for a satker record, of the requested year.
bool KeyMatches(const storage::ParsedKey& parsed, const RecordKind& kind,
                const v1::ExportRequest& request) {
  if (parsed.section != kind.section || parsed.kind != kind.key_kind) return false;
  return parsed.section != storage::KeySection::kRecord || request.tahun() <= 0 ||
         parsed.tahun == request.tahun();
}

// Appends the visible records of `kind` that `request` selects, in key order.
absl::Status AppendRecords(const storage::ReadView& view, const RecordKind& kind,
                           const v1::ExportRequest& request, std::vector<v1::Record>* out) {
  const std::string prefix =
      kind.export_prefix != nullptr ? kind.export_prefix(request) : RequestPrefix(request);
  return view.Scan(prefix, [&](absl::string_view key, absl::string_view value) {
    absl::StatusOr<storage::ParsedKey> parsed = storage::ParseKey(key);
    if (!parsed.ok() || !KeyMatches(*parsed, kind, request)) return absl::OkStatus();
    v1::Record record;
    if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return absl::DataLossError(absl::StrCat("undecodable record ", key));
    }
    if (kind.export_selects == nullptr || kind.export_selects(record, request)) {
      out->push_back(std::move(record));
    }
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<v1::ExportResponse> ExportFile(const storage::ReadView& view,
                                              const v1::ExportRequest& request,
                                              const CodecTable& table) {
  absl::StatusOr<const FileCodec*> codec = FindCodec(request.file_kind(), table);
  if (!codec.ok()) return codec.status();
  std::vector<v1::Record> records;
  for (const RecordKind& kind : (*codec)->records) {
    if (absl::Status st = AppendRecords(view, kind, request, &records); !st.ok()) return st;
  }
  std::vector<std::string> header;
  for (const ColumnSpec& column : (*codec)->columns) header.emplace_back(column.name);
  std::string csv;
  AppendLine(header, &csv);
  const std::vector<std::vector<std::string>> rows = (*codec)->format(records);
  for (const std::vector<std::string>& row : rows) AppendLine(row, &csv);
  v1::ExportResponse response;
  response.set_csv(std::move(csv));
  response.set_rows(rows.size());
  return response;
}

absl::StatusOr<v1::ExportResponse> ExportFile(const storage::ReadView& view,
                                              const v1::ExportRequest& request) {
  return ExportFile(view, request, CodecTable::BuiltIn());
}

}  // namespace kinerja::codec
