#include "daemon/node/importer.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "daemon/authz/authz.h"
#include "daemon/codec/import_parser.h"
#include "daemon/codec/record_key.h"
#include "daemon/codec/record_limits.h"
#include "google/protobuf/util/message_differencer.h"
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

// The fields of the entity of `before` and `after` (records of one kind) whose values differ.
std::vector<std::string> ChangedFields(const v1::Record& before, const v1::Record& after) {
  std::vector<std::string> out;
  if (before.entity_case() != after.entity_case()) return {"kind"};
  const google::protobuf::FieldDescriptor* entity =
      v1::Record::descriptor()->FindFieldByNumber(static_cast<int>(before.entity_case()));
  if (entity == nullptr) return out;
  const google::protobuf::Reflection* reflection = before.GetReflection();
  const google::protobuf::Message& a = reflection->GetMessage(before, entity);
  const google::protobuf::Message& b = reflection->GetMessage(after, entity);
  const google::protobuf::Descriptor* d = a.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    google::protobuf::util::MessageDifferencer differ;
    if (!differ.CompareWithFields(a, b, {f}, {f})) out.push_back(f->name());
  }
  return out;
}

// The preview of an import (ImportFile::dry_run): ImportCsv's checks against one snapshot,
// errors collected, nothing written.
absl::StatusOr<v1::ImportResponse> PreviewCsv(const storage::Replica& replica,
                                              const Registry& registry, const std::string& node,
                                              const ImportFile& file, ImportSource* source) {
  const std::string file_name = file.file_name.empty() ? "import.csv" : file.file_name;
  codec::ImportParserOptions options;
  options.max_cell_bytes = replica.max_value_bytes();
  options.max_errors = v1::IMPORT_LIMIT_ERRORS;
  auto parser =
      codec::ImportParser::Create(file.kind, file_name, codec::CodecTable::BuiltIn(), options);
  if (!parser.ok()) return parser.status();
  const std::string author =
      absl::StrCat(file.author.empty() ? "import" : file.author, " (", file_name, ")");
  const std::unique_ptr<storage::ReadView> view = replica.NewReadView();
  const size_t max_value_bytes = replica.max_value_bytes();
  v1::ImportResponse response;
  v1::ImportPreview* preview = response.mutable_preview();
  std::vector<codec::LocatedRecord> records;
  // Checks each record as StageRecords does and adds its outcome; an error is collected.
  auto check = [&]() -> absl::Status {
    for (const codec::LocatedRecord& row : records) {
      const std::string at = absl::StrCat(file_name, ":", row.line, ": ");
      auto key = codec::KeyForRecord(row.record);
      if (!key.ok()) {
        (*parser)->AddError(absl::InvalidArgumentError(absl::StrCat(at, key.status().message())));
        continue;
      }
      if (absl::Status st = CheckWriter(registry, node, *key); !st.ok()) {
        (*parser)->AddError(absl::Status(
            st.code(), absl::StrCat(at, "this node (", node, ") may not import it: ",
                                    st.message())));
        continue;
      }
      const std::string value = row.record.SerializeAsString();
      if (value.size() > max_value_bytes) {
        (*parser)->AddError(absl::InvalidArgumentError(absl::StrCat(
            at, "the record of this row (", *key, ") is ", value.size(),
            " bytes, more than a record may hold (", max_value_bytes,
            " bytes); shorten its cells")));
        continue;
      }
      if (absl::Status st = CheckImportRecord(replica, row.record, *key, value, author);
          !st.ok()) {
        (*parser)->AddError(absl::Status(st.code(), absl::StrCat(at, st.message())));
        continue;
      }
      absl::StatusOr<std::optional<std::string>> before = view->Get(*key);
      if (!before.ok()) return before.status();
      v1::ImportOutcome outcome = v1::IMPORT_OUTCOME_CREATED;
      if (before->has_value()) {
        outcome = **before == value ? v1::IMPORT_OUTCOME_UNCHANGED : v1::IMPORT_OUTCOME_CHANGED;
      }
      switch (outcome) {
        case v1::IMPORT_OUTCOME_CREATED:
          response.set_created(response.created() + 1);
          break;
        case v1::IMPORT_OUTCOME_CHANGED:
          response.set_changed(response.changed() + 1);
          break;
        default:
          response.set_unchanged(response.unchanged() + 1);
          break;
      }
      preview->set_records_total(preview->records_total() + 1);
      if (preview->records_size() >= v1::IMPORT_LIMIT_RECORDS) continue;
      v1::ImportRecordOutcome* o = preview->add_records();
      o->set_key(*key);
      o->set_line(static_cast<uint32_t>(row.line));
      o->set_outcome(outcome);
      *o->mutable_new_record() = row.record;
      if (outcome == v1::IMPORT_OUTCOME_CHANGED) {
        if (!o->mutable_old_record()->ParseFromString(**before)) {
          return absl::DataLossError(absl::StrCat("undecodable value of ", *key));
        }
        for (std::string& f : ChangedFields(o->old_record(), row.record)) {
          o->add_changed_fields(std::move(f));
        }
      }
    }
    records.clear();
    return absl::OkStatus();
  };
  std::string piece;
  bool file_error = false;  // An error about the whole file ended the parse.
  while (!file_error) {
    absl::StatusOr<bool> more = source->Next(&piece);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (absl::Status st = (*parser)->Feed(piece, &records); !st.ok()) {
      (*parser)->AddError(st);
      file_error = true;
    }
    if (absl::Status st = check(); !st.ok()) return st;
  }
  if (!file_error) {
    if (absl::Status st = (*parser)->Finish(&records); !st.ok()) (*parser)->AddError(st);
    if (absl::Status st = check(); !st.ok()) return st;
  }
  response.set_rows((*parser)->rows());
  std::vector<v1::ImportError> errors = (*parser)->errors();
  std::stable_sort(errors.begin(), errors.end(),
                   [](const v1::ImportError& a, const v1::ImportError& b) {
                     return a.line() < b.line();
                   });
  for (v1::ImportError& e : errors) *preview->add_errors() = std::move(e);
  preview->set_errors_total((*parser)->errors_total());
  return response;
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
  if (file.dry_run) return PreviewCsv(*replica, registry, node, file, source);
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
                   ImportFile{request.file_kind(), request.file_name(), request.author(),
                              request.dry_run()},
                   &source);
}

}  // namespace kinerja::daemon
