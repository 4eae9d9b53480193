#include "daemon/node/importer.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/parse_import.h"
#include "daemon/codec/record_key.h"
#include "daemon/codec/record_limits.h"

namespace kinerja::daemon {

absl::Status CheckImportRecord(const storage::Replica& replica, const v1::Record& record,
                               const std::string& key, const std::string& value,
                               absl::string_view author) {
  if (absl::Status st = codec::CheckRecordLimits(record); !st.ok()) return st;
  return replica.CheckMutation(storage::Mutation{key, value}, author);
}

absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica, const Registry& registry,
                                             const std::string& node,
                                             const v1::ImportRequest& request) {
  const std::string file_name = request.file_name().empty() ? "import.csv" : request.file_name();
  auto rows = codec::ParseImport(request.file_kind(), file_name, request.content());
  if (!rows.ok()) return rows.status();

  const std::string author =
      absl::StrCat(request.author().empty() ? "import" : request.author(), " (", file_name, ")");
  auto view = replica->NewReadView();
  std::vector<storage::Mutation> mutations;
  std::set<int> lines;
  uint64_t created = 0, changed = 0, unchanged = 0;
  for (const codec::LocatedRecord& row : *rows) {
    lines.insert(row.line);
    auto key = codec::KeyForRecord(row.record);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_name, ":", row.line, ": ", key.status().message()));
    }
    if (absl::Status st = CheckWriter(registry, node, *key); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": this node (", node,
                                                  ") may not import it: ", st.message()));
    }
    std::string value = row.record.SerializeAsString();
    if (absl::Status st = CheckImportRecord(*replica, row.record, *key, value, author); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": ", st.message()));
    }
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
    auto written = replica->Write(mutations, author);
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
