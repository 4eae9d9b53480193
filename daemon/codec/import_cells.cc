#include "daemon/codec/import_cells.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/nilai.h"
#include "common/values/periode.h"

namespace kinerja::codec {
namespace {

constexpr absl::string_view kExpectedKode = "a code without '/'";
constexpr absl::string_view kExpectedSatker = "a satker code like 3604 or RI, without '/'";
constexpr absl::string_view kExpectedRupiah = "an amount like 1.000.000";
constexpr absl::string_view kExpectedNilai =
    "a number (97,5), a number with a unit (95%, 12 Laporan) or a grade (WTP, BB)";

bool AllDigits(absl::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

void CellReader::Fail(absl::Status error) {
  if (status_.ok()) status_ = std::move(error);
}

std::string CellReader::Text(absl::string_view column) {
  if (!ok()) return "";
  const absl::string_view cell = row_.Cell(column);
  if (cell.empty()) Fail(row_.Expected(column, "a value"));
  return std::string(cell);
}

std::string CellReader::OptionalText(absl::string_view column) {
  return std::string(row_.Cell(column));
}

std::string CellReader::KodeExpecting(absl::string_view column, bool required,
                                      absl::string_view what) {
  if (!ok()) return "";
  const absl::string_view cell = row_.Cell(column);
  if ((required && cell.empty()) || cell.find('/') != absl::string_view::npos) {
    Fail(row_.Expected(column, what));
  }
  return std::string(cell);
}

std::string CellReader::Kode(absl::string_view column, bool required) {
  return KodeExpecting(column, required, kExpectedKode);
}

std::string CellReader::OptionalKeyKode(absl::string_view column) {
  if (!ok()) return "";
  if (row_.Cell(column) == "-") {
    Fail(row_.Expected(column, "a code without '/' and not \"-\" (leave the cell empty for none)"));
    return "";
  }
  return KodeExpecting(column, /*required=*/false, kExpectedKode);
}

std::string CellReader::Satker(absl::string_view column) {
  return KodeExpecting(column, /*required=*/true, kExpectedSatker);
}

int32_t CellReader::Tahun() {
  if (!ok()) return 0;
  const absl::string_view cell = row_.Cell("tahun");
  int32_t tahun = 0;
  if (cell.size() != 4 || !AllDigits(cell) || !absl::SimpleAtoi(cell, &tahun) ||
      tahun < kTahunMin || tahun > kTahunMax) {
    Fail(row_.Expected("tahun",
                       absl::StrCat("a year like 2024 (", kTahunMin, " to ", kTahunMax, ")")));
  }
  return tahun;
}

std::optional<int64_t> CellReader::Rupiah(absl::string_view column, bool allow_negative) {
  if (!ok()) return std::nullopt;
  const absl::string_view cell = row_.Cell(column);
  if (cell.empty()) return std::nullopt;
  if (cell == "-") return 0;
  const absl::StatusOr<int64_t> rupiah = values::ParseRupiah(cell);
  if (!rupiah.ok()) {
    Fail(row_.Expected(column, kExpectedRupiah));
    return std::nullopt;
  }
  if (*rupiah < 0 && !allow_negative) {
    Fail(row_.Expected(column, "an amount of zero or more like 1.000.000"));
    return std::nullopt;
  }
  return *rupiah;
}

v1::Periode CellReader::Periode(absl::string_view column) {
  if (!ok()) return v1::PERIODE_UNSPECIFIED;
  const absl::StatusOr<v1::Periode> periode = values::ParsePeriode(row_.Cell(column));
  if (!periode.ok()) {
    Fail(row_.Expected(column, "a period TAHUNAN, TW1-TW4 or B01-B12"));
    return v1::PERIODE_UNSPECIFIED;
  }
  return *periode;
}

v1::Nilai CellReader::Nilai(absl::string_view column) {
  if (!ok()) return {};
  absl::StatusOr<v1::Nilai> nilai = values::ParseNilai(row_.Cell(column), /*column_has_unit=*/true);
  if (!nilai.ok()) {
    Fail(row_.Expected(column, kExpectedNilai));
    return {};
  }
  return *std::move(nilai);
}

std::vector<v1::Periode> CellReader::Jadwal(absl::string_view column) {
  if (!ok()) return {};
  absl::StatusOr<std::vector<v1::Periode>> jadwal = values::ParseJadwal(row_.Cell(column));
  if (!jadwal.ok()) {
    Fail(row_.Expected(column, "a schedule like B1-B3,B6,B10-B12 or TW1,TW3",
                       jadwal.status().message()));
    return {};
  }
  return *std::move(jadwal);
}

absl::Status CheckUnique(const ImportRow& row, absl::string_view column, std::string key,
                         absl::string_view what, FirstLines* first_lines) {
  const auto [it, inserted] = first_lines->try_emplace(std::move(key), row.line());
  if (inserted) return absl::OkStatus();
  return row.Error(column, absl::StrCat("duplicate: ", what, " is already on line ", it->second));
}

std::string EntityForMessage(int32_t tahun, absl::string_view satker, absl::string_view what,
                             absl::string_view kode) {
  return absl::StrCat(what, " ", kode, " (satker ", satker, ", ", tahun, ")");
}

}  // namespace kinerja::codec
