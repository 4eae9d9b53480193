// Fuzz target angka_roundtrip: the value formats of common/values (rupiah, fixed-point
// numbers, percentages, periods, schedules, Nilai) read what they write. For any text x that
// parses, parse(format(parse(x))) == parse(x) in the document style; for the int64 values
// taken from the input's bytes, format(v) parses back to v. Aborts on a violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/values/angka.h"
#include "common/values/nilai.h"
#include "common/values/percent.h"
#include "common/values/periode.h"
#include "common/values/style.h"

namespace kinerja::values {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

[[noreturn]] void Fail(const char* what, absl::string_view input, absl::string_view written) {
  std::fprintf(stderr, "angka_roundtrip: %s\n  input:   \"%.*s\"\n  written: \"%.*s\"\n", what,
               static_cast<int>(input.size()), input.data(), static_cast<int>(written.size()),
               written.data());
  std::abort();
}

// FormatRupiah and the document style of FormatAngkaE4 read back exactly (both promise it for
// every value above INT64_MIN).
void CheckWrites(int64_t v) {
  if (v == kMin) return;
  const std::string rupiah = FormatRupiah(v);
  absl::StatusOr<int64_t> r = ParseRupiah(rupiah);
  if (!r.ok() || *r != v) Fail("FormatRupiah does not read back", std::to_string(v), rupiah);
  const std::string angka = FormatAngkaE4(v, Style::kDocument);
  absl::StatusOr<int64_t> a = ParseAngkaE4(angka);
  if (!a.ok() || *a != v)
    Fail("FormatAngkaE4 (document) does not read back", std::to_string(v), angka);
  if (FormatAngkaE4(v, Style::kDisplay).empty()) Fail("empty display", std::to_string(v), "");
}

// A rounded percentage, written in the document style, reads back (as a number) as its own
// hundredths; FormatPercent always ends in '%'.
void CheckPercent(int64_t numerator, int64_t denominator, int64_t per_unit) {
  if (denominator == 0) return;
  const RoundedPercent p = RoundPercent(numerator, denominator, per_unit);
  if (p.negative && p.hundredths == 0) Fail("negative zero percent", "", "");
  const std::string text = FormatRoundedPercent(p, Style::kDocument);
  if (p.hundredths <= absl::uint128(std::numeric_limits<int64_t>::max() / 100)) {
    const int64_t e4 = static_cast<int64_t>(p.hundredths) * 100 * (p.negative ? -1 : 1);
    absl::StatusOr<int64_t> back = ParseAngkaE4(text);
    if (!back.ok() || *back != e4) Fail("FormatRoundedPercent does not read back", "", text);
  }
  const std::string shown = FormatPercent(numerator, denominator, Style::kDisplay);
  if (!absl::EndsWith(shown, "%")) Fail("FormatPercent without %", "", shown);
}

void CheckText(absl::string_view text) {
  if (absl::StatusOr<int64_t> v = ParseRupiah(text); v.ok() && *v != kMin) {
    const std::string written = FormatRupiah(*v);
    absl::StatusOr<int64_t> back = ParseRupiah(written);
    if (!back.ok() || *back != *v) Fail("rupiah round trip", text, written);
  }
  if (absl::StatusOr<int64_t> v = ParseAngkaE4(text); v.ok() && *v != kMin) {
    const std::string written = FormatAngkaE4(*v, Style::kDocument);
    absl::StatusOr<int64_t> back = ParseAngkaE4(written);
    if (!back.ok() || *back != *v) Fail("angka round trip", text, written);
  }
  if (absl::StatusOr<v1::Periode> p = ParsePeriode(text); p.ok()) {
    const std::string written = FormatPeriode(*p);
    absl::StatusOr<v1::Periode> back = ParsePeriode(written);
    if (!back.ok() || *back != *p) Fail("periode round trip", text, written);
  }
  if (absl::StatusOr<std::vector<v1::Periode>> j = ParseJadwal(text); j.ok()) {
    const std::string written = FormatJadwal(*j);
    absl::StatusOr<std::vector<v1::Periode>> back = ParseJadwal(written);
    if (!back.ok() || *back != *j) Fail("jadwal round trip", text, written);
  }
  for (bool has_unit : {false, true}) {
    absl::StatusOr<v1::Nilai> n = ParseNilai(text, has_unit);
    if (!n.ok()) continue;
    FormatNilai(*n, Style::kDisplay);
    if (n->has_angka_e4() && n->angka_e4() == kMin) continue;
    const std::string written = FormatNilai(*n, Style::kDocument);
    absl::StatusOr<v1::Nilai> back = ParseNilai(written, true);
    if (!back.ok() || back->has_angka_e4() != n->has_angka_e4() ||
        back->angka_e4() != n->angka_e4() || back->kategori() != n->kategori() ||
        back->satuan() != n->satuan()) {
      Fail("nilai round trip", text, written);
    }
  }
}

int64_t Int64At(const uint8_t* data) {
  int64_t v;
  std::memcpy(&v, data, sizeof v);
  return v;
}

}  // namespace
}  // namespace kinerja::values

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kinerja::values;
  CheckText(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (size >= 8) CheckWrites(Int64At(data));
  if (size >= 24) {
    const int64_t per_unit =
        static_cast<int64_t>(static_cast<uint64_t>(Int64At(data + 16)) % 100) + 1;
    CheckPercent(Int64At(data), Int64At(data + 8), per_unit);
  }
  return 0;
}
