// The layout of kinerjactl's --help footers, shared by the application and its subcommands.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/cli/command.h"

namespace kinerja::client {
namespace {

constexpr size_t kColumns = 80;

constexpr absl::string_view kGlobalOptions =
    "Global options --addr, -o/--output and --timeout (see kinerjactl --help) may come before "
    "or after the subcommand.";

constexpr absl::string_view kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  the operation failed; the daemon's message is printed as \"kinerjactl: ...\"\n"
    "  2  usage error\n"
    "  3  kinerjad cannot be reached (for sync: its upstream cannot be reached)\n";

// `paragraph`'s words in lines of at most kColumns characters (longer words stand alone).
std::string Wrap(absl::string_view paragraph) {
  std::string out;
  size_t line = 0;
  for (absl::string_view word : absl::StrSplit(paragraph, ' ', absl::SkipWhitespace())) {
    if (line > 0 && line + 1 + word.size() > kColumns) {
      out += "\n";
      line = 0;
    }
    if (line > 0) {
      out += " ";
      ++line;
    }
    absl::StrAppend(&out, word);
    line += word.size();
  }
  return out;
}

}  // namespace

std::string CommandFooter(absl::string_view details, absl::string_view examples) {
  return CommandFooter(details, examples, kExitCodes);
}

std::string CommandFooter(absl::string_view details, absl::string_view examples,
                          absl::string_view exit_codes) {
  std::string out;
  for (absl::string_view paragraph : absl::StrSplit(details, "\n\n", absl::SkipEmpty())) {
    absl::StrAppend(&out, Wrap(paragraph), "\n\n");
  }
  absl::StrAppend(&out, Wrap(kGlobalOptions), "\n\n");
  absl::StrAppend(&out, "Example:\n", examples, "\n\n", exit_codes);
  return out;
}

}  // namespace kinerja::client
