#include "common/values/nilai.h"

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/percent.h"

namespace kinerja::values {
namespace {

struct Grade {
  absl::string_view name;
  SkalaKategori skala;
  int rank;  // 1 is the worst of its scale.
};

constexpr Grade kGrades[] = {
    {"WTP", SkalaKategori::kOpiniBpk, 4},  {"WDP", SkalaKategori::kOpiniBpk, 3},
    {"TW", SkalaKategori::kOpiniBpk, 2},   {"TMP", SkalaKategori::kOpiniBpk, 1},
    {"AA", SkalaKategori::kNilaiSakip, 7}, {"A", SkalaKategori::kNilaiSakip, 6},
    {"BB", SkalaKategori::kNilaiSakip, 5}, {"B", SkalaKategori::kNilaiSakip, 4},
    {"CC", SkalaKategori::kNilaiSakip, 3}, {"C", SkalaKategori::kNilaiSakip, 2},
    {"D", SkalaKategori::kNilaiSakip, 1},
};

const Grade* FindGrade(absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  for (const Grade& grade : kGrades) {
    if (grade.name == upper) return &grade;
  }
  return nullptr;
}

bool IsNumberChar(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',';
}

// A number and its unit: "97,5%" or "12 Laporan" in a document; a percentage is shown with
// exactly two decimals ("97.50%").
std::string FormatAngkaWithSatuan(const v1::Nilai& nilai, Style style) {
  if (nilai.satuan() == "%") {
    if (style == Style::kDisplay) {
      return absl::StrCat(
          FormatRoundedPercent(RoundPercent(nilai.angka_e4(), kAngkaScale, 1), style), "%");
    }
    return absl::StrCat(FormatAngkaE4(nilai.angka_e4(), style), "%");
  }
  std::string out = FormatAngkaE4(nilai.angka_e4(), style);
  if (!nilai.satuan().empty()) absl::StrAppend(&out, " ", nilai.satuan());
  return out;
}

}  // namespace

std::optional<SkalaKategori> KategoriSkala(absl::string_view grade) {
  const Grade* found = FindGrade(grade);
  if (found == nullptr) return std::nullopt;
  return found->skala;
}

std::optional<int> KategoriRank(absl::string_view grade) {
  const Grade* found = FindGrade(grade);
  if (found == nullptr) return std::nullopt;
  return found->rank;
}

absl::StatusOr<v1::Nilai> ParseNilai(absl::string_view text, bool column_has_unit) {
  const absl::string_view teks = absl::StripAsciiWhitespace(text);
  if (teks.empty()) return absl::InvalidArgumentError("empty value");
  v1::Nilai nilai;
  nilai.set_teks(std::string(teks));
  if (const Grade* grade = FindGrade(teks)) {
    nilai.set_kategori(std::string(grade->name));
    return nilai;
  }

  size_t end = teks.front() == '-' ? 1 : 0;
  while (end < teks.size() && IsNumberChar(teks[end])) ++end;
  absl::StatusOr<int64_t> angka = ParseAngkaE4(teks.substr(0, end));
  if (!angka.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("neither a number nor a grade: ", angka.status().message()));
  }
  nilai.set_angka_e4(*angka);

  const absl::string_view unit = absl::StripLeadingAsciiWhitespace(teks.substr(end));
  if (unit.empty()) return nilai;
  if (!column_has_unit) return absl::InvalidArgumentError("a unit is not allowed here");
  if (unit != "%" && !absl::ascii_isalpha(static_cast<unsigned char>(unit.front()))) {
    return absl::InvalidArgumentError("a number may be followed only by % or a unit word");
  }
  nilai.set_satuan(std::string(unit));
  return nilai;
}

std::string FormatNilai(const v1::Nilai& nilai, Style style) {
  if (style == Style::kDisplay && !nilai.teks().empty()) return nilai.teks();
  switch (nilai.kind_case()) {
    case v1::Nilai::kKategori:
      return nilai.kategori();
    case v1::Nilai::kAngkaE4:
      return FormatAngkaWithSatuan(nilai, style);
    case v1::Nilai::KIND_NOT_SET:
      break;
  }
  return "";
}

}  // namespace kinerja::values
