// CLI11 validators for kinerjactl's own argument syntaxes, so that a bad duration or change
// id is a usage error (exit 2) reported the way CLI11 reports any other.
#ifndef KINERJA_CLIENT_CLI_CLI_VALIDATORS_H_
#define KINERJA_CLIENT_CLI_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>

namespace kinerja::client {

// Accepts what ParseTimeout accepts ("30s", "2m", "500ms"). Adds nothing to the help text;
// name the value with type_name("DURATION").
CLI::Validator DurationValidator();

// Accepts what ParseChangeId accepts ("3604.9f2c41d07ab3#12"); type_name("ORIGIN#SEQ").
CLI::Validator ChangeIdValidator();

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_CLI_CLI_VALIDATORS_H_
