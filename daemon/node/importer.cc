#include "daemon/node/importer.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/import_parser.h"
#include "daemon/codec/record_key.h"
#include "daemon/codec/record_limits.h"
#include "storage/staged_import.h"

namespace kinerja::daemon {

absl::Status CheckImportRecord(const storage::Replica& replica, const v1::Record& record,
                               const std::string& key, const std::string& value,
                               absl::string_view author) {
  if (absl::Status st = codec::CheckRecordLimits(record); !st.ok()) return st;
  return replica.CheckMutation(storage::Mutation{key, value}, author);
}

namespace {

// Duplicate keys are found in the import's staging, not in memory.
class StagingClaims final : public codec::KeyClaims {
 public:
  explicit StagingClaims(storage::StagedImport* staged) : staged_(staged) {}
  absl::StatusOr<std::optional<int>> Claim(const std::string& key, int line) override {
    return staged_->Claim(key, line);
  }

 private:
  storage::StagedImport* const staged_;
};

// Checks and stages the records of one run.
absl::Status StageRecords(const std::vector<codec::LocatedRecord>& records,
                          const std::string& file_name, const Registry& registry,
                          const std::string& node, const storage::Replica& replica,
                          absl::string_view author, storage::StagedImport* staged) {
  const size_t max_value_bytes = replica.max_value_bytes();
  for (const codec::LocatedRecord& row : records) {
    auto key = codec::KeyForRecord(row.record);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_name, ":", row.line, ": ", key.status().message()));
    }
    if (absl::Status st = CheckWriter(registry, node, *key); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": this node (", node,
                                                  ") may not import it: ", st.message()));
    }
    const std::string value = row.record.SerializeAsString();
    if (value.size() > max_value_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          file_name, ":", row.line, ": the record of this row (", *key, ") is ", value.size(),
          " bytes, more than a record may hold (", max_value_bytes, " bytes); shorten its cells"));
    }
    if (absl::Status st = CheckImportRecord(replica, row.record, *key, value, author); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": ", st.message()));
    }
    if (absl::Status st = staged->Stage(*key, value); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat(file_name, ":", row.line, ": ", st.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bool> WholeFileSource::Next(std::string* piece) {
  piece->clear();
  if (done_) return false;
  done_ = true;
  *piece = content_;
  return true;
}

absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica, const Registry& registry,
                                             const std::string& node, const ImportFile& file,
                                             ImportSource* source) {
  const std::string file_name = file.file_name.empty() ? "import.csv" : file.file_name;
  std::unique_ptr<storage::StagedImport> staged = replica->BeginImport();
  StagingClaims claims(staged.get());
  codec::ImportParserOptions options;
  options.claims = &claims;
  options.max_cell_bytes = replica->max_value_bytes();
  auto parser =
      codec::ImportParser::Create(file.kind, file_name, codec::CodecTable::BuiltIn(), options);
  if (!parser.ok()) return parser.status();

  std::string piece;
  std::vector<codec::LocatedRecord> records;
  const std::string author =
      absl::StrCat(file.author.empty() ? "import" : file.author, " (", file_name, ")");
  auto stage = [&]() -> absl::Status {
    absl::Status st =
        StageRecords(records, file_name, registry, node, *replica, author, staged.get());
    records.clear();
    return st;
  };
  while (true) {
    absl::StatusOr<bool> more = source->Next(&piece);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (absl::Status st = (*parser)->Feed(piece, &records); !st.ok()) return st;
    if (absl::Status st = stage(); !st.ok()) return st;
  }
  if (absl::Status st = (*parser)->Finish(&records); !st.ok()) return st;
  if (absl::Status st = stage(); !st.ok()) return st;

  absl::StatusOr<storage::ImportCounts> counts = staged->Commit(author);
  if (!counts.ok()) return counts.status();
  v1::ImportResponse response;
  response.set_created(counts->created);
  response.set_changed(counts->changed);
  response.set_unchanged(counts->unchanged);
  response.set_rows((*parser)->rows());
  return response;
}

absl::StatusOr<v1::ImportResponse> ImportCsv(storage::Replica* replica, const Registry& registry,
                                             const std::string& node,
                                             const v1::ImportRequest& request) {
  WholeFileSource source(request.content());
  return ImportCsv(replica, registry, node,
                   ImportFile{request.file_kind(), request.file_name(), request.author()}, &source);
}

}  // namespace kinerja::daemon
