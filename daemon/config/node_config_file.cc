#include "daemon/config/node_config_file.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

// Keeps the first error the text-format parser reports, as "file:line:column: message".
class FirstErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  explicit FirstErrorCollector(absl::string_view file_name) : file_name_(file_name) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!first_error_.empty()) return;
    // The parser counts lines and columns from 0.
    first_error_ = absl::StrCat(file_name_, ":", line + 1, ":", column + 1, ": ", message);
  }

  const std::string& first_error() const { return first_error_; }

 private:
  const std::string file_name_;
  std::string first_error_;
};

}  // namespace

absl::StatusOr<v1::NodeConfig> ParseNodeConfigText(absl::string_view file_name,
                                                   absl::string_view text) {
  FirstErrorCollector errors(file_name);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  v1::NodeConfig config;
  if (!parser.ParseFromString(std::string(text), &config)) {
    std::string where =
        errors.first_error().empty() ? std::string(file_name) : errors.first_error();
    return absl::InvalidArgumentError(absl::StrCat("config: ", where));
  }
  return config;
}

absl::StatusOr<v1::NodeConfig> ReadNodeConfigFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("config: cannot read \"", path, "\": ", std::strerror(errno)));
  }
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, n);
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) {
    return absl::NotFoundError(
        absl::StrCat("config: cannot read \"", path, "\": ", std::strerror(error)));
  }
  return ParseNodeConfigText(path, text);
}

}  // namespace kinerja::config
