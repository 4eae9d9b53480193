// Typed reading of the cells of an import row: codes, years, amounts, periods, values and
// schedules. A failed read yields the row's error naming file, line and column, what was
// expected and what was found:
//   anggaran.csv:4: column pagu: expected an amount like 1.000.000, got "dua juta"
#ifndef KINERJA_DAEMON_CODEC_IMPORT_CELLS_H_
#define KINERJA_DAEMON_CODEC_IMPORT_CELLS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/values/enum_words.h"
#include "daemon/codec/import_table.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::codec {

// Lowest and highest accepted `tahun`.
inline constexpr int kTahunMin = 2000;
inline constexpr int kTahunMax = 2100;

// Reads the cells of one row, keeping the first error: after a failed read every further read
// returns an empty value and status() stays at that first error. So a whole row is read
// field by field, and status() is checked once before the values are used in any rule that
// compares them.
class CellReader {
 public:
  explicit CellReader(const ImportRow& row) : row_(row) {}

  CellReader(const CellReader&) = delete;
  CellReader& operator=(const CellReader&) = delete;

  // Non-empty text.
  std::string Text(absl::string_view column);
  // Text, possibly empty.
  std::string OptionalText(absl::string_view column);
  // A code that is part of an entity's identity (indikator_kode, kegiatan_kode, ...). Codes
  // become parts of storage keys, so they never contain '/'. Empty is an error unless
  // `required` is false.
  std::string Kode(absl::string_view column, bool required = true);
  // An optional code that is part of a key (rincian_kode): like Kode(column, false), and "-"
  // is refused, since keys spell an absent code "-" (record_key.h, CodeOrDash).
  std::string OptionalKeyKode(absl::string_view column);
  // A satker code: like Kode, with an example in the error.
  std::string Satker(absl::string_view column = "satker");
  // The `tahun` cell: exactly four digits, kTahunMin to kTahunMax.
  int32_t Tahun();
  // An amount of rupiah (ParseRupiah) where "" is nullopt and "-" is zero. A negative amount
  // is an error unless `allow_negative`.
  std::optional<int64_t> Rupiah(absl::string_view column, bool allow_negative);
  // A period (ParsePeriode).
  v1::Periode Periode(absl::string_view column);
  // A non-empty value (ParseNilai); the column allows a unit.
  v1::Nilai Nilai(absl::string_view column);
  // A non-empty schedule (ParseJadwal); the error names the bad item.
  std::vector<v1::Periode> Jadwal(absl::string_view column);
  // The value of an enum column written as one of the enum's words (values::EnumFromWord,
  // any case); the error lists the words. Enum{} after an error.
  template <typename Enum>
  Enum Choice(absl::string_view column);

  // Records `error` unless an earlier one is recorded.
  void Fail(absl::Status error);

  const ImportRow& row() const { return row_; }
  bool ok() const { return status_.ok(); }
  const absl::Status& status() const { return status_; }

 private:
  std::string KodeExpecting(absl::string_view column, bool required, absl::string_view what);

  const ImportRow& row_;
  absl::Status status_;
};

template <typename Enum>
Enum CellReader::Choice(absl::string_view column) {
  if (!ok()) return Enum{};
  if (const std::optional<Enum> value = values::EnumFromWord<Enum>(row_.Cell(column))) {
    return *value;
  }
  Fail(row_.Expected(column, absl::StrCat("one of ", values::EnumWordsList<Enum>())));
  return Enum{};
}

// The first line of each entity key seen so far in a file.
using FirstLines = absl::flat_hash_map<std::string, int>;

// Records that `row` holds the entity `key`. If an earlier row held it, returns the error
// "<file>:<line>: column <column>: duplicate: <what> is already on line <n>". Two rows for one
// entity are never merged or summed.
[[nodiscard]] absl::Status CheckUnique(const ImportRow& row, absl::string_view column,
                                       std::string key, absl::string_view what,
                                       FirstLines* first_lines);

// "<what> <kode> (satker 3604, 2024)": an entity as duplicate messages name it.
std::string EntityForMessage(int32_t tahun, absl::string_view satker, absl::string_view what,
                             absl::string_view kode);

}  // namespace kinerja::codec

#endif  // KINERJA_DAEMON_CODEC_IMPORT_CELLS_H_
