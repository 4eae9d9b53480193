#include "daemon/node/importer.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/import/import_rows.h"
#include "storage/entity_key.h"

namespace kinerja::daemon {
namespace {

struct Row {
  int line;
  v1::Record record;
};

template <typename T, typename Set>
void Append(const std::vector<import::Located<T>>& in, Set set, std::vector<Row>* out) {
  for (const auto& located : in) {
    Row row{located.line, {}};
    *(row.record.*set)() = located.value;
    out->push_back(std::move(row));
  }
}

std::vector<Row> Flatten(const import::ImportFile& file) {
  std::vector<Row> rows;
  Append(file.satker, &v1::Record::mutable_satker, &rows);
  Append(file.indikator, &v1::Record::mutable_indikator, &rows);
  Append(file.realisasi_indikator, &v1::Record::mutable_realisasi_indikator, &rows);
  Append(file.anggaran_pagu, &v1::Record::mutable_anggaran_pagu, &rows);
  Append(file.anggaran_realisasi, &v1::Record::mutable_anggaran_realisasi, &rows);
  Append(file.rencana_aksi, &v1::Record::mutable_rencana_aksi, &rows);
  Append(file.total_dokumen, &v1::Record::mutable_total_dokumen, &rows);
  return rows;
}

}  // namespace

absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica, const Registry& registry,
                                             const std::string& node,
                                             const v1::ImportRequest& request) {
  auto kind = import::ImportKindFromName(request.kind());
  if (!kind.ok()) return kind.status();
  const std::string file_name = request.file_name().empty() ? "import.csv" : request.file_name();
  auto file = import::ParseImport(*kind, file_name, request.content());
  if (!file.ok()) return file.status();

  const std::vector<Row> rows = Flatten(*file);
  auto view = replica->NewReadView();
  std::vector<storage::Mutation> mutations;
  std::set<int> lines;
  uint64_t created = 0, changed = 0, unchanged = 0;
  for (const Row& row : rows) {
    lines.insert(row.line);
    auto key = storage::KeyForRecord(row.record);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_name, ":", row.line, ": ", key.status().message()));
    }
    if (absl::Status st = CheckWriter(registry, node, *key); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": this node (", node,
                                                  ") may not import it: ", st.message()));
    }
    std::string value = row.record.SerializeAsString();
    auto current = view->Get(*key);
    if (!current.ok()) return current.status();
    if (!current->has_value()) {
      ++created;
    } else if (**current == value) {
      ++unchanged;
      continue;
    } else {
      ++changed;
    }
    mutations.push_back(storage::Mutation{*std::move(key), std::move(value)});
  }
  if (!mutations.empty()) {
    const std::string author = request.author().empty() ? "import" : request.author();
    auto written = replica->Write(mutations, absl::StrCat(author, " (", file_name, ")"));
    if (!written.ok()) return written.status();
  }
  v1::ImportResponse response;
  response.set_created(created);
  response.set_changed(changed);
  response.set_unchanged(unchanged);
  response.set_rows(lines.size());
  return response;
}

}  // namespace kinerja::daemon
