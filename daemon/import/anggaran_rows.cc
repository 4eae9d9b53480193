#include "daemon/import/anggaran_rows.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/periode.h"
#include "daemon/import/import_cells.h"

namespace kinerja::import {
namespace {

constexpr ColumnSpec kColumns[] = {
    {"satker"},    {"tahun"},         {"program_kode"},
    {"program"},   {"kegiatan_kode"}, {"rincian_kode", /*optional=*/true},
    {"kegiatan"},  {"periode"},       {"pagu"},
    {"realisasi"},
};

// One row as read, before the rules that span the rows of a budget line.
struct AnggaranRow {
  std::string satker;
  int32_t tahun = 0;
  std::string program_kode;
  std::optional<std::string> program;  // nullopt when the cell is empty.
  std::string kegiatan_kode;
  std::string rincian_kode;
  std::optional<std::string> kegiatan;  // nullopt when the cell is empty.
  v1::Periode periode = v1::PERIODE_UNSPECIFIED;
  std::optional<int64_t> pagu;
  std::optional<int64_t> realisasi;
};

// A value that belongs to a budget line rather than to one row: it may be left empty on rows
// where another row of the line carries it, must be equal wherever it is given, and must be
// given on at least one row.
template <typename T>
struct LineValue {
  std::optional<T> value;
  int line = 0;  // Line of the row that gave it first.
};

// Everything gathered about one budget line (satker, tahun, kegiatan_kode, rincian_kode).
struct BudgetLine {
  ImportRow first_row;    // Where the line appears first; errors about the whole line go here.
  std::string name;       // For messages: "kegiatan 6709 rincian QDB (satker 3603, 2024)".
  size_t pagu_index = 0;  // Its entity in ImportFile::anggaran_pagu.
  std::string program_kode;
  LineValue<int64_t> pagu;
  LineValue<std::string> program;
  LineValue<std::string> kegiatan;
  int monthly_line = 0;  // First monthly row; 0 if none.
  int tahunan_line = 0;  // The TAHUNAN row; 0 if none.
};

std::optional<std::string> NonEmpty(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

absl::StatusOr<AnggaranRow> ReadRow(const ImportRow& row) {
  CellReader cells(row);
  AnggaranRow r;
  r.satker = cells.Satker();
  r.tahun = cells.Tahun();
  r.program_kode = cells.Kode("program_kode");
  r.program = NonEmpty(cells.OptionalText("program"));
  r.kegiatan_kode = cells.Kode("kegiatan_kode");
  r.rincian_kode = cells.Kode("rincian_kode", /*required=*/false);
  r.kegiatan = NonEmpty(cells.OptionalText("kegiatan"));
  r.periode = cells.Periode("periode");
  if (cells.ok() && !values::IsMonth(r.periode) && r.periode != v1::PERIODE_TAHUNAN) {
    cells.Fail(row.Expected("periode", "a month B01-B12 or TAHUNAN"));
  }
  r.pagu = cells.Rupiah("pagu", /*allow_negative=*/false);
  // A month's realisasi is net of refunds booked in it, so it may be negative.
  r.realisasi = cells.Rupiah("realisasi", /*allow_negative=*/true);
  if (!cells.ok()) return cells.status();
  return r;
}

std::string Show(int64_t rupiah) { return values::FormatRupiah(rupiah); }
std::string Show(const std::string& text) { return QuoteForMessage(text); }

// Folds the value `given` on `row` into the line's value of `column`.
template <typename T>
absl::Status Merge(const ImportRow& row, absl::string_view column, const std::optional<T>& given,
                   const BudgetLine& line, LineValue<T>* into) {
  if (!given.has_value()) return absl::OkStatus();
  if (!into->value.has_value()) {
    into->value = given;
    into->line = row.line();
    return absl::OkStatus();
  }
  if (*into->value == *given) return absl::OkStatus();
  return row.Error(column, absl::StrCat(Show(*given), " differs from ", Show(*into->value),
                                        " on line ", into->line, " for ", line.name));
}

// Applies the rules that relate a row to the earlier rows of its line.
absl::Status AddRowToLine(const ImportRow& row, const AnggaranRow& r, BudgetLine* line) {
  if (r.program_kode != line->program_kode) {
    return row.Error("program_kode",
                     absl::StrCat(Show(r.program_kode), " differs from ", Show(line->program_kode),
                                  " on line ", line->first_row.line(), " for ", line->name));
  }
  const bool monthly = values::IsMonth(r.periode);
  const int other_kind_line = monthly ? line->tahunan_line : line->monthly_line;
  if (other_kind_line != 0) {
    return row.Error(
        "periode",
        absl::StrCat(line->name, " has a ", monthly ? "TAHUNAN" : "monthly", " row on line ",
                     other_kind_line, "; a line has either monthly rows or one TAHUNAN row"));
  }
  int& own_kind_line = monthly ? line->monthly_line : line->tahunan_line;
  if (own_kind_line == 0) own_kind_line = row.line();

  if (absl::Status s = Merge(row, "pagu", r.pagu, *line, &line->pagu); !s.ok()) return s;
  if (absl::Status s = Merge(row, "program", r.program, *line, &line->program); !s.ok()) {
    return s;
  }
  return Merge(row, "kegiatan", r.kegiatan, *line, &line->kegiatan);
}

BudgetLine NewLine(const ImportRow& row, const AnggaranRow& r, ImportFile* out) {
  BudgetLine line{.first_row = row};
  line.name = absl::StrCat("kegiatan ", r.kegiatan_kode);
  if (!r.rincian_kode.empty()) absl::StrAppend(&line.name, " rincian ", r.rincian_kode);
  absl::StrAppend(&line.name, " (satker ", r.satker, ", ", r.tahun, ")");
  line.program_kode = r.program_kode;
  line.pagu_index = out->anggaran_pagu.size();

  Located<v1::AnggaranPagu>& pagu = out->anggaran_pagu.emplace_back();
  pagu.line = row.line();
  pagu.value.set_satker(r.satker);
  pagu.value.set_tahun(r.tahun);
  pagu.value.set_program_kode(r.program_kode);
  pagu.value.set_kegiatan_kode(r.kegiatan_kode);
  pagu.value.set_rincian_kode(r.rincian_kode);
  return line;
}

void AddRealisasi(const ImportRow& row, const AnggaranRow& r, ImportFile* out) {
  Located<v1::AnggaranRealisasi>& realisasi = out->anggaran_realisasi.emplace_back();
  realisasi.line = row.line();
  realisasi.value.set_satker(r.satker);
  realisasi.value.set_tahun(r.tahun);
  realisasi.value.set_program_kode(r.program_kode);
  realisasi.value.set_kegiatan_kode(r.kegiatan_kode);
  realisasi.value.set_rincian_kode(r.rincian_kode);
  realisasi.value.set_periode(r.periode);
  realisasi.value.set_realisasi_rupiah(*r.realisasi);
}

// Fills each line's AnggaranPagu from the values gathered over its rows.
absl::Status FinishLines(const std::vector<BudgetLine>& lines, ImportFile* out) {
  for (const BudgetLine& line : lines) {
    const auto missing = [&](absl::string_view column) {
      return line.first_row.Error(
          column, absl::StrCat("no row of ", line.name, " gives the line's ", column));
    };
    if (!line.pagu.value.has_value()) return missing("pagu");
    if (!line.program.value.has_value()) return missing("program");
    if (!line.kegiatan.value.has_value()) return missing("kegiatan");
    v1::AnggaranPagu& pagu = out->anggaran_pagu[line.pagu_index].value;
    pagu.set_pagu_rupiah(*line.pagu.value);
    pagu.set_program(*line.program.value);
    pagu.set_kegiatan(*line.kegiatan.value);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const ColumnSpec> AnggaranColumns() { return kColumns; }

absl::Status ReadAnggaranRows(const ImportTable& table, ImportFile* out) {
  std::vector<BudgetLine> lines;
  absl::flat_hash_map<std::string, size_t> line_index;  // Line key -> index in `lines`.
  FirstLines periods_seen;                              // Line key + periode.
  for (const ImportRow& row : table.rows()) {
    absl::StatusOr<AnggaranRow> r = ReadRow(row);
    if (!r.ok()) return r.status();
    // Codes hold no '/', so joining with it keeps keys distinct.
    std::string key =
        absl::StrCat(r->satker, "/", r->tahun, "/", r->kegiatan_kode, "/", r->rincian_kode);
    const auto [it, is_new] = line_index.try_emplace(key, lines.size());
    if (is_new) lines.push_back(NewLine(row, *r, out));
    BudgetLine& line = lines[it->second];

    const std::string periode = values::FormatPeriode(r->periode);
    if (absl::Status s = CheckUnique(row, "periode", absl::StrCat(key, "/", periode),
                                     absl::StrCat(periode, " of ", line.name), &periods_seen);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = AddRowToLine(row, *r, &line); !s.ok()) return s;
    if (r->realisasi.has_value()) AddRealisasi(row, *r, out);
  }
  return FinishLines(lines, out);
}

}  // namespace kinerja::import
