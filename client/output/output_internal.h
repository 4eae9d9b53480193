// Pieces shared by the output_*.cc files; not part of the client's interface.
#ifndef KINERJA_CLIENT_OUTPUT_OUTPUT_INTERNAL_H_
#define KINERJA_CLIENT_OUTPUT_OUTPUT_INTERNAL_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/output/output.h"
#include "client/output/text_table.h"
#include "google/protobuf/message.h"

namespace kinerja::client::internal {

// The message in the proto3 JSON mapping (proto field names, zero values printed) and "\n".
[[nodiscard]] absl::Status WriteJson(const google::protobuf::Message& message, std::ostream& out);

// A table with a header in table or CSV format. REQUIRES: format is not kJson.
void WriteTable(const TextTable& table, OutputFormat format, std::ostream& out);

// A two-column table of "name  value" lines without header, for one object in table output.
TextTable NameValueTable();

// "true"/"false" for CSV, "yes"/"" for people.
std::string Flag(bool value, OutputFormat format);

// A percentage with two decimals, without the "%" sign ("97.20"): `given` as the daemon
// computed it when not empty, else numerator / denominator rounded as FormatPercent rounds;
// "" when neither gives one (no `given` and a zero denominator).
std::string PercentText(absl::string_view given, int64_t numerator, int64_t denominator);

}  // namespace kinerja::client::internal

#endif  // KINERJA_CLIENT_OUTPUT_OUTPUT_INTERNAL_H_
