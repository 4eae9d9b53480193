// Fuzz target config_text: a config file's text through ParseNodeConfigText, the defaults and
// ValidateNodeConfig, as kinerjad reads --config. Invariants (abort on violation): no crash or
// undefined behaviour; errors are INVALID_ARGUMENT starting "config: "; a parsed config
// printed back as text parses to the same config; defaults applied twice change nothing more
// than once; a config that validates keeps the limits ValidateNodeConfig promises.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "daemon/config/node_config_defaults.h"
#include "daemon/config/node_config_file.h"
#include "daemon/config/node_config_validate.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "kinerja/v1/config.pb.h"

namespace kinerja::config {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "config_text: %s\n", what.c_str());
  std::abort();
}

bool Same(const v1::NodeConfig& a, const v1::NodeConfig& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

void CheckError(const absl::Status& status, const char* step) {
  if (status.code() != absl::StatusCode::kInvalidArgument ||
      !absl::StartsWith(status.message(), "config: ")) {
    Fail(std::string(step) +
         ": an error not worded \"config: ...\" as INVALID_ARGUMENT: " + status.ToString());
  }
}

}  // namespace
}  // namespace kinerja::config

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kinerja;
  using namespace kinerja::config;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<v1::NodeConfig> config = ParseNodeConfigText("fuzz.conf", text);
  if (!config.ok()) {
    CheckError(config.status(), "parse");
    return 0;
  }

  std::string printed;
  if (!google::protobuf::TextFormat::PrintToString(*config, &printed)) Fail("cannot print");
  absl::StatusOr<v1::NodeConfig> reparsed = ParseNodeConfigText("printed.conf", printed);
  if (!reparsed.ok()) Fail("printed config does not parse: " + reparsed.status().ToString());
  if (!Same(*config, *reparsed)) Fail("printed config parses to another config:\n" + printed);

  v1::NodeConfig once = *config;
  // The registry is checked by reading it: point a named one at a file that always reads, so
  // the target never touches the fuzzer's own choice of path.
  if (!once.registry().empty()) once.set_registry("/dev/null");
  ApplyNodeConfigDefaults(&once);
  v1::NodeConfig twice = once;
  ApplyNodeConfigDefaults(&twice);
  if (!Same(once, twice)) Fail("defaults applied twice differ from once");

  const absl::Status valid = ValidateNodeConfig(once);
  if (!valid.ok()) {
    CheckError(valid, "validate");
    return 0;
  }
  const v1::SyncLimits& s = once.sync();
  if (s.max_message_bytes() < kMinMessageBytes) Fail("valid with max_message_bytes too small");
  if (s.max_batch_bytes() > s.max_message_bytes() / 2) Fail("valid with a batch over half");
  if (s.initial_backoff_ms() > s.max_backoff_ms()) Fail("valid with initial > max backoff");
  if (s.max_batch_changes() == 0 || s.window() == 0 || s.interval_ms() == 0 ||
      once.max_clock_skew_seconds() == 0) {
    Fail("valid with a zero limit");
  }
  if (once.node().empty() || once.listen().empty() || once.data_dir().empty()) {
    Fail("valid without a required field");
  }
  return 0;
}
