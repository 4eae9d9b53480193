#include "client/cli/cli_validators.h"

#include <string>

#include "client/cli/arg_values.h"

namespace kinerja::client {

CLI::Validator DurationValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto parsed = ParseTimeout(text);
        return parsed.ok() ? "" : std::string(parsed.status().message());
      },
      "", "duration");
}

CLI::Validator ChangeIdValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto parsed = ParseChangeId(text);
        return parsed.ok() ? "" : std::string(parsed.status().message());
      },
      "", "change id");
}

}  // namespace kinerja::client
