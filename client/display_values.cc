#include "client/display_values.h"

#include <sstream>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace kinerja::client {
namespace {

// Magnitude of a possibly negative int64 without overflowing on the minimum.
uint64_t Magnitude(int64_t v) {
  return v < 0 ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
}

// Groups of three digits separated by `separator`.
std::string GroupThousands(uint64_t magnitude, char separator) {
  const std::string digits = absl::StrCat(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// The enum value name without its prefix, e.g. ("PERIODE_B01", "PERIODE_") -> "B01".
std::string WithoutPrefix(const std::string& name, absl::string_view prefix) {
  absl::string_view rest = name;
  if (!absl::ConsumePrefix(&rest, prefix) || rest == "UNSPECIFIED") return "";
  return std::string(rest);
}

bool IsMonth(int p) { return p >= v1::PERIODE_B01 && p <= v1::PERIODE_B12; }
bool IsQuarter(int p) { return p >= v1::PERIODE_TW1 && p <= v1::PERIODE_TW4; }
bool Follows(int prev, int next) {
  return next == prev + 1 &&
         ((IsMonth(prev) && IsMonth(next)) || (IsQuarter(prev) && IsQuarter(next)));
}

}  // namespace

std::string FormatRupiah(int64_t rupiah) {
  return absl::StrCat(rupiah < 0 ? "-" : "", GroupThousands(Magnitude(rupiah), '.'));
}

std::string FormatPercent(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return "-";
  // Hundredths of a percent, |n| * 10000 / |d| rounded half up, in 128 bits so that no
  // int64 input overflows.
  const absl::uint128 n = absl::uint128(Magnitude(numerator)) * 10000;
  const absl::uint128 d = Magnitude(denominator);
  const absl::uint128 hundredths = (n * 2 + d) / (d * 2);
  const bool negative = (numerator < 0) != (denominator < 0) && hundredths != 0;
  std::ostringstream out;
  out << (negative ? "-" : "") << hundredths / 100 << '.'
      << absl::StrFormat("%02d", static_cast<int>(absl::Uint128Low64(hundredths % 100))) << '%';
  return out.str();
}

std::string FormatAngkaE4(int64_t angka_e4) {
  const uint64_t m = Magnitude(angka_e4);
  std::string out = absl::StrCat(angka_e4 < 0 ? "-" : "", m / 10000);
  std::string fraction = absl::StrFormat("%04d", static_cast<int>(m % 10000));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) absl::StrAppend(&out, ".", fraction);
  return out;
}

std::string FormatPeriode(v1::Periode periode) {
  if (!v1::Periode_IsValid(periode)) return "";
  return WithoutPrefix(v1::Periode_Name(periode), "PERIODE_");
}

std::string FormatBulan(int bulan) {
  if (bulan < 1 || bulan > 12) return absl::StrCat(bulan);
  return FormatPeriode(static_cast<v1::Periode>(v1::PERIODE_B01 + bulan - 1));
}

std::string FormatJadwal(absl::Span<const int> jadwal) {
  std::vector<std::string> items;
  for (size_t i = 0; i < jadwal.size();) {
    size_t end = i;
    while (end + 1 < jadwal.size() && Follows(jadwal[end], jadwal[end + 1])) ++end;
    std::string item = FormatPeriode(static_cast<v1::Periode>(jadwal[i]));
    if (end > i) {
      absl::StrAppend(&item, "-", FormatPeriode(static_cast<v1::Periode>(jadwal[end])));
    }
    items.push_back(std::move(item));
    i = end + 1;
  }
  return absl::StrJoin(items, ",");
}

std::string FormatNilai(const v1::Nilai& nilai) {
  if (!nilai.teks().empty()) return nilai.teks();
  switch (nilai.kind_case()) {
    case v1::Nilai::kAngkaE4: {
      if (nilai.satuan() == "%") {
        // Two decimals exactly: angka_e4 / 10000 percent = angka_e4 / 1000000 of one.
        return FormatPercent(nilai.angka_e4(), 1000000);
      }
      std::string out = FormatAngkaE4(nilai.angka_e4());
      if (!nilai.satuan().empty()) absl::StrAppend(&out, " ", nilai.satuan());
      return out;
    }
    case v1::Nilai::kKategori:
      return nilai.kategori();
    case v1::Nilai::KIND_NOT_SET:
      break;
  }
  return "";
}

std::string FormatTingkat(v1::Tingkat tingkat) {
  if (!v1::Tingkat_IsValid(tingkat)) return "";
  return absl::AsciiStrToLower(WithoutPrefix(v1::Tingkat_Name(tingkat), "TINGKAT_"));
}

std::string FormatDokumen(v1::Dokumen dokumen) {
  if (!v1::Dokumen_IsValid(dokumen)) return "";
  return WithoutPrefix(v1::Dokumen_Name(dokumen), "DOKUMEN_");
}

std::string FormatPolaritas(v1::Polaritas polaritas) {
  if (!v1::Polaritas_IsValid(polaritas)) return "";
  return absl::AsciiStrToLower(WithoutPrefix(v1::Polaritas_Name(polaritas), "POLARITAS_"));
}

std::string FormatRole(v1::Role role) {
  if (!v1::Role_IsValid(role)) return "";
  return absl::AsciiStrToLower(WithoutPrefix(v1::Role_Name(role), "ROLE_"));
}

std::string FormatHlc(uint64_t hlc, absl::TimeZone time_zone) {
  const absl::Time physical = absl::FromUnixMillis(static_cast<int64_t>(hlc >> 16));
  std::string out = absl::FormatTime("%Y-%m-%d %H:%M:%E3S", physical, time_zone);
  const uint64_t counter = hlc & 0xFFFF;
  if (counter != 0) absl::StrAppend(&out, "/", counter);
  return out;
}

std::string FormatChangeId(const v1::ChangeId& id) { return FormatChangeId(id.origin(), id.seq()); }

std::string FormatChangeId(absl::string_view origin, uint64_t seq) {
  return absl::StrCat(origin, "#", seq);
}

}  // namespace kinerja::client
