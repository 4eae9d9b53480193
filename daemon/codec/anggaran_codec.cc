// The anggaran file: budget lines with their pagu ("<satker>/<tahun>/pagu/<kegiatan>/<rincian>")
// and what was spent per month or year ("<satker>/<tahun>/belanja/<kegiatan>/<rincian>/<periode>").
#include <algorithm>
#include <any>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "common/values/enum_words.h"
#include "common/values/periode.h"
#include "daemon/codec/builtin_codecs.h"
#include "daemon/codec/import_cells.h"
#include "daemon/codec/parsed_records.h"
#include "daemon/codec/record_key.h"
#include "storage/entity_key.h"

namespace kinerja::codec {
namespace {

absl::StatusOr<std::string> PaguKey(const v1::Record& record) {
  const v1::AnggaranPagu& r = record.anggaran_pagu();
  if (absl::Status st =
          RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) && !r.kegiatan_kode().empty(),
                        "anggaran_pagu satker, tahun or kegiatan_kode");
      !st.ok()) {
    return st;
  }
  absl::StatusOr<absl::string_view> rincian = CodeOrDash(r.rincian_kode(), "rincian_kode");
  if (!rincian.ok()) return rincian.status();
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindPagu,
                            {r.kegiatan_kode(), *rincian});
}

absl::StatusOr<std::string> BelanjaKey(const v1::Record& record) {
  const v1::AnggaranRealisasi& r = record.anggaran_realisasi();
  if (absl::Status st =
          RequireFields(!r.satker().empty() && IsKeyYear(r.tahun()) && !r.kegiatan_kode().empty() &&
                            r.periode() != v1::PERIODE_UNSPECIFIED,
                        "anggaran_realisasi satker, tahun, kegiatan_kode or periode");
      !st.ok()) {
    return st;
  }
  absl::StatusOr<absl::string_view> rincian = CodeOrDash(r.rincian_kode(), "rincian_kode");
  if (!rincian.ok()) return rincian.status();
  return storage::RecordKey(r.satker(), r.tahun(), storage::kKindBelanja,
                            {r.kegiatan_kode(), *rincian, values::FormatPeriode(r.periode())});
}

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
  int first_line = 0;     // Where the line appears first; errors about the whole line go here.
  std::string name;       // For messages: "kegiatan 6709 rincian QDB (satker 3603, 2024)".
  size_t pagu_index = 0;  // Its record in Lines::pagu.
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
  r.rincian_kode = cells.OptionalKeyKode("rincian_kode");
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
                                  " on line ", line->first_line, " for ", line->name));
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

// The records of a file in the making: one AnggaranPagu per budget line, finished when every
// row is read. (Each row's AnggaranRealisasi goes out at once.)
struct AnggaranRecords {
  std::vector<LocatedRecord> pagu;
};

// What a file carries from one run of rows to the next: its budget lines so far. Memory grows
// with the number of budget lines, not of rows.
struct AnggaranState {
  AnggaranRecords records;
  std::vector<BudgetLine> lines;
  absl::flat_hash_map<std::string, size_t> line_index;  // Line key -> index in `lines`.
};

// The record that names what `r` is about: its line and period, as a belanja key.
v1::Record RowIdentity(const AnggaranRow& r) {
  v1::Record record;
  v1::AnggaranRealisasi& realisasi = *record.mutable_anggaran_realisasi();
  realisasi.set_satker(r.satker);
  realisasi.set_tahun(r.tahun);
  realisasi.set_program_kode(r.program_kode);
  realisasi.set_kegiatan_kode(r.kegiatan_kode);
  realisasi.set_rincian_kode(r.rincian_kode);
  realisasi.set_periode(r.periode);
  return record;
}

BudgetLine NewLine(const ImportRow& row, const AnggaranRow& r, AnggaranRecords* out) {
  BudgetLine line{.first_line = row.line()};
  line.name = absl::StrCat("kegiatan ", r.kegiatan_kode);
  if (!r.rincian_kode.empty()) absl::StrAppend(&line.name, " rincian ", r.rincian_kode);
  absl::StrAppend(&line.name, " (satker ", r.satker, ", ", r.tahun, ")");
  line.program_kode = r.program_kode;
  line.pagu_index = out->pagu.size();

  LocatedRecord& located = out->pagu.emplace_back();
  located.line = row.line();
  v1::AnggaranPagu& pagu = *located.record.mutable_anggaran_pagu();
  pagu.set_satker(r.satker);
  pagu.set_tahun(r.tahun);
  pagu.set_program_kode(r.program_kode);
  pagu.set_kegiatan_kode(r.kegiatan_kode);
  pagu.set_rincian_kode(r.rincian_kode);
  return line;
}

void AddRealisasi(const ImportRow& row, const AnggaranRow& r, ParsedRecords* out) {
  v1::Record record = RowIdentity(r);
  record.mutable_anggaran_realisasi()->set_realisasi_rupiah(*r.realisasi);
  out->Append(row.line(), std::move(record));
}

// Fills each line's AnggaranPagu from the values gathered over its rows.
absl::Status FinishLines(absl::string_view file_name, const std::vector<BudgetLine>& lines,
                         AnggaranRecords* out) {
  for (const BudgetLine& line : lines) {
    const auto missing = [&](absl::string_view column) {
      return RowError(file_name, line.first_line, column,
                      absl::StrCat("no row of ", line.name, " gives the line's ", column));
    };
    if (!line.pagu.value.has_value()) return missing("pagu");
    if (!line.program.value.has_value()) return missing("program");
    if (!line.kegiatan.value.has_value()) return missing("kegiatan");
    v1::AnggaranPagu& pagu = *out->pagu[line.pagu_index].record.mutable_anggaran_pagu();
    pagu.set_pagu_rupiah(*line.pagu.value);
    pagu.set_program(*line.program.value);
    pagu.set_kegiatan(*line.kegiatan.value);
  }
  return absl::OkStatus();
}

// The rows of budget lines: one per month spent (the pagu on the first), or one TAHUNAN row
// with the pagu alone for a line without spending.
std::vector<std::vector<std::string>> FormatAnggaran(const std::vector<v1::Record>& records) {
  using LineId = std::tuple<std::string, int, std::string, std::string>;
  std::map<LineId, std::vector<const v1::AnggaranRealisasi*>> spent_by_line;
  for (const v1::Record& record : records) {
    if (!record.has_anggaran_realisasi()) continue;
    const v1::AnggaranRealisasi& b = record.anggaran_realisasi();
    spent_by_line[{b.satker(), b.tahun(), b.kegiatan_kode(), b.rincian_kode()}].push_back(&b);
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Record& record : records) {
    if (!record.has_anggaran_pagu()) continue;
    const v1::AnggaranPagu& p = record.anggaran_pagu();
    auto row = [&](const std::string& periode, const std::string& pagu,
                   const std::string& realisasi) {
      rows.push_back({p.satker(), absl::StrCat(p.tahun()), p.program_kode(), p.program(),
                      p.kegiatan_kode(), p.rincian_kode(), p.kegiatan(), periode, pagu, realisasi});
    };
    auto it = spent_by_line.find({p.satker(), p.tahun(), p.kegiatan_kode(), p.rincian_kode()});
    if (it == spent_by_line.end()) {
      row("TAHUNAN", values::FormatRupiah(p.pagu_rupiah()), "");
      continue;
    }
    std::vector<const v1::AnggaranRealisasi*>& months = it->second;
    std::sort(months.begin(), months.end(),
              [](const auto* a, const auto* b) { return a->periode() < b->periode(); });
    bool first = true;
    for (const v1::AnggaranRealisasi* b : months) {
      row(values::FormatPeriode(b->periode()), first ? values::FormatRupiah(p.pagu_rupiah()) : "",
          values::FormatRupiah(b->realisasi_rupiah()));
      first = false;
    }
  }
  return rows;
}

// The key of the budget line `r` belongs to.
absl::StatusOr<std::string> LineKey(const AnggaranRow& r, const ParsedRecords& parsed) {
  v1::Record record;
  v1::AnggaranPagu& pagu = *record.mutable_anggaran_pagu();
  pagu.set_satker(r.satker);
  pagu.set_tahun(r.tahun);
  pagu.set_kegiatan_kode(r.kegiatan_kode);
  pagu.set_rincian_kode(r.rincian_kode);
  return parsed.KeyOf(record);
}

// Gathers the rows into budget lines; a row's line and period are its identity (two rows
// with both equal are an error even when neither carries a realisasi).
absl::Status ParseAnggaran(const ImportTable& table, ParsedRecords* out) {
  std::any& any_state = out->codec_state();
  if (!any_state.has_value()) any_state = AnggaranState();
  AnggaranState& state = *std::any_cast<AnggaranState>(&any_state);
  AnggaranRecords& records = state.records;
  std::vector<BudgetLine>& lines = state.lines;
  absl::flat_hash_map<std::string, size_t>& line_index = state.line_index;
  for (const ImportRow& row : table.rows()) {
    absl::StatusOr<AnggaranRow> r = ReadRow(row);
    if (!r.ok()) return r.status();
    absl::StatusOr<std::string> key = LineKey(*r, *out);
    if (!key.ok()) return row.Error("kegiatan_kode", key.status().message());
    const auto [it, is_new] = line_index.try_emplace(*key, lines.size());
    if (is_new) lines.push_back(NewLine(row, *r, &records));
    BudgetLine& line = lines[it->second];

    const std::string what = absl::StrCat(values::FormatPeriode(r->periode), " of ", line.name);
    if (absl::Status s = out->Claim(row, "periode", RowIdentity(*r), what); !s.ok()) return s;
    if (absl::Status s = AddRowToLine(row, *r, &line); !s.ok()) return s;
    if (r->realisasi.has_value()) AddRealisasi(row, *r, out);
  }
  return absl::OkStatus();
}

// After the last row: each budget line's AnggaranPagu.
absl::Status FinishAnggaran(absl::string_view file_name, ParsedRecords* out) {
  AnggaranState* state = std::any_cast<AnggaranState>(&out->codec_state());
  if (state == nullptr) return absl::OkStatus();  // No rows.
  if (absl::Status s = FinishLines(file_name, state->lines, &state->records); !s.ok()) return s;
  for (LocatedRecord& pagu : state->records.pagu) out->Append(pagu.line, std::move(pagu.record));
  out->codec_state().reset();
  return absl::OkStatus();
}

}  // namespace

FileCodec AnggaranCodec() {
  return FileCodec{
      .kind = v1::FILE_KIND_ANGGARAN,
      .name = values::EnumWord(v1::FILE_KIND_ANGGARAN),
      .columns = {{"satker"},
                  {"tahun"},
                  {"program_kode"},
                  {"program"},
                  {"kegiatan_kode"},
                  {"rincian_kode", /*optional=*/true},
                  {"kegiatan"},
                  {"periode"},
                  {"pagu"},
                  {"realisasi"}},
      .records = {RecordKind{.entity = v1::Record::kAnggaranPagu,
                             .key_kind = storage::kKindPagu,
                             .key = PaguKey},
                  RecordKind{.entity = v1::Record::kAnggaranRealisasi,
                             .key_kind = storage::kKindBelanja,
                             .key = BelanjaKey}},
      .parse = ParseAnggaran,
      .finish = FinishAnggaran,
      .format = FormatAnggaran,
  };
}

}  // namespace kinerja::codec
