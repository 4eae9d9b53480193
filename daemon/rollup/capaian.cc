#include "daemon/rollup/capaian.h"

#include <algorithm>

#include "common/values/nilai.h"
#include "common/values/percent.h"

namespace kinerja::rollup {
namespace {

__extension__ typedef __int128 int128;

Percent Normalized(int128 num, int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  // Reduce so the fraction fits int64 even for large products.
  while (num > INT64_MAX || num < INT64_MIN || den > INT64_MAX) {
    num /= 2;
    den /= 2;
  }
  return Percent{static_cast<int64_t>(num), std::max<int64_t>(static_cast<int64_t>(den), 1)};
}

}  // namespace

bool AtLeast(const Percent& p, int64_t percent) {
  return static_cast<int128>(p.num) >= static_cast<int128>(percent) * p.den;
}

bool Above(const Percent& p, int64_t percent) {
  return static_cast<int128>(p.num) > static_cast<int128>(percent) * p.den;
}

std::string FormatPercent(const Percent& p) {
  return values::FormatRoundedPercent(values::RoundPercent(p.num, p.den, 1),
                                      values::Style::kDisplay);
}

std::optional<Percent> Penyerapan(int64_t realisasi_rupiah, int64_t pagu_rupiah) {
  if (pagu_rupiah == 0) return std::nullopt;
  return Normalized(static_cast<int128>(realisasi_rupiah) * 100, pagu_rupiah);
}

std::string PenyerapanText(int64_t realisasi_rupiah, int64_t pagu_rupiah) {
  auto p = Penyerapan(realisasi_rupiah, pagu_rupiah);
  return p ? FormatPercent(*p) : "";
}

std::optional<Percent> Capaian(const v1::Nilai& target, const v1::Nilai& realisasi,
                               v1::Polaritas polaritas) {
  if (target.kind_case() == v1::Nilai::kKategori && realisasi.kind_case() == v1::Nilai::kKategori) {
    const auto ts = values::KategoriSkala(target.kategori());
    const auto rs = values::KategoriSkala(realisasi.kategori());
    const auto tr = values::KategoriRank(target.kategori());
    const auto rr = values::KategoriRank(realisasi.kategori());
    if (!ts || !rs || *ts != *rs || !tr || !rr || *tr <= 0) return std::nullopt;
    if (*rr >= *tr) return Percent{100, 1};
    return Normalized(static_cast<int128>(*rr) * 100, *tr);
  }
  if (target.kind_case() != v1::Nilai::kAngkaE4 || realisasi.kind_case() != v1::Nilai::kAngkaE4) {
    return std::nullopt;
  }
  const int128 t = target.angka_e4();
  const int128 r = realisasi.angka_e4();
  if (polaritas == v1::POLARITAS_NEGATIF) {
    if (t == 0) return Percent{r == 0 ? 100 : 0, 1};
    Percent p = Normalized((2 * t - r) * 100, t);
    if (p.num < 0) return Percent{0, 1};
    return p;
  }
  if (t == 0) return std::nullopt;
  return Normalized(r * 100, t);
}

const v1::IndikatorRollup::Realisasi* FinalRealisasi(const v1::IndikatorRollup& row) {
  const v1::IndikatorRollup::Realisasi* best = nullptr;
  auto rank = [](v1::Periode p) {
    if (p == v1::PERIODE_TAHUNAN) return 3000;
    if (p >= v1::PERIODE_TW1 && p <= v1::PERIODE_TW4) return 2000 + static_cast<int>(p);
    return 1000 + static_cast<int>(p);
  };
  for (const auto& r : row.realisasi()) {
    if (best == nullptr || rank(r.periode()) > rank(best->periode())) best = &r;
  }
  return best;
}

}  // namespace kinerja::rollup
