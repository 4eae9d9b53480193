#include "client/output/output.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/output/output_internal.h"
#include "common/report/lkj_layout.h"
#include "common/values/percent.h"
#include "google/protobuf/util/json_util.h"

namespace kinerja::client {

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown output format \"", name, "\": expected table, json or csv"));
}

namespace internal {

absl::Status WriteJson(const google::protobuf::Message& message, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot render ", message.GetTypeName(), " as JSON: ", status.ToString()));
  }
  out << json << "\n";
  return absl::OkStatus();
}

void WriteTable(const TextTable& table, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kCsv) {
    table.WriteCsv(out);
  } else {
    table.WriteAligned(out);
  }
}

TextTable NameValueTable() { return TextTable({TextColumn{"name"}, TextColumn{"value"}}); }

std::string Flag(bool value, OutputFormat format) {
  if (format == OutputFormat::kCsv) return value ? "true" : "false";
  return value ? "yes" : "";
}

std::string PercentText(absl::string_view given, int64_t numerator, int64_t denominator) {
  return report::PercentText(given, numerator, denominator);
}

}  // namespace internal
}  // namespace kinerja::client
