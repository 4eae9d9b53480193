// Fuzz targets import_<kind>: one file of one import kind (KINERJA_FUZZ_KIND, set per target
// by CMakeLists.txt) through ParseImport, and the same bytes through the streaming
// ImportParser fed in pieces cut where the input says. Invariants (abort on violation): no
// crash or undefined behaviour; both readings agree, record for record or on the error; every
// record read has a key (KeyForRecord) and a line within the file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "daemon/codec/file_codec.h"
#include "daemon/codec/import_parser.h"
#include "daemon/codec/parse_import.h"
#include "daemon/codec/record_key.h"
#include "google/protobuf/util/message_differencer.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {
namespace {

constexpr v1::FileKind kKind = v1::KINERJA_FUZZ_KIND;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "import fuzz (kind %d): %s\n", static_cast<int>(kKind),
               absl::CHexEscape(what).c_str());
  std::abort();
}

// The file through ImportParser with small runs, fed in pieces of `piece` bytes.
absl::Status Stream(absl::string_view content, size_t piece, std::vector<LocatedRecord>* out) {
  ImportParserOptions options;
  options.run_bytes = 64;  // Many runs even for a small file: the run boundaries get tested.
  absl::StatusOr<std::unique_ptr<ImportParser>> parser =
      ImportParser::Create(kKind, "fuzz.csv", CodecTable::BuiltIn(), options);
  if (!parser.ok()) Fail(std::string(parser.status().message()));
  for (size_t at = 0; at < content.size(); at += piece) {
    if (absl::Status st = (*parser)->Feed(content.substr(at, piece), out); !st.ok()) return st;
  }
  return (*parser)->Finish(out);
}

}  // namespace
}  // namespace kinerja::codec

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kinerja;
  using namespace kinerja::codec;
  if (size == 0) return 0;
  // The first byte chooses the streaming piece size (1..256); the rest is the file.
  const size_t piece = size_t{data[0]} + 1;
  const absl::string_view content(reinterpret_cast<const char*>(data) + 1, size - 1);

  absl::StatusOr<std::vector<LocatedRecord>> whole = ParseImport(kKind, "fuzz.csv", content);
  std::vector<LocatedRecord> streamed;
  const absl::Status stream_status = Stream(content, piece, &streamed);

  if (whole.ok() != stream_status.ok()) {
    Fail("whole file and streamed pieces disagree: " + whole.status().ToString() + " vs " +
         stream_status.ToString());
  }
  if (!whole.ok()) {
    if (whole.status().code() != absl::StatusCode::kInvalidArgument) {
      Fail("an import error that is not INVALID_ARGUMENT: " + whole.status().ToString());
    }
    if (whole.status().message() != stream_status.message()) {
      Fail("different errors: " + whole.status().ToString() + " vs " + stream_status.ToString());
    }
    return 0;
  }
  if (whole->size() != streamed.size()) Fail("whole file and streamed pieces differ in records");
  int lines = 1;  // Physical lines: CRLF, LF and a lone CR each end one.
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\n' ||
        (content[i] == '\r' && (i + 1 == content.size() || content[i + 1] != '\n'))) {
      ++lines;
    }
  }
  for (size_t i = 0; i < whole->size(); ++i) {
    const LocatedRecord& a = (*whole)[i];
    const LocatedRecord& b = streamed[i];
    if (a.line != b.line ||
        !google::protobuf::util::MessageDifferencer::Equals(a.record, b.record)) {
      Fail("record " + std::to_string(i) + " differs between whole file and streamed pieces");
    }
    if (a.line < 2 || a.line > lines)
      Fail("record line out of the file: " + std::to_string(a.line));
    absl::StatusOr<std::string> key = KeyForRecord(a.record);
    if (!key.ok()) Fail("a parsed record without a key: " + key.status().ToString());
  }
  return 0;
}
