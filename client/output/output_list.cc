// Output of `ls`: a listing of records, and in table output the budget totals it contains.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/output/output.h"
#include "client/output/output_internal.h"
#include "client/output/record_columns.h"
#include "client/output/text_table.h"
#include "common/values/angka.h"
#include "common/values/percent.h"

namespace kinerja::client {
namespace {

using internal::Flag;
using internal::WriteJson;
using internal::WriteTable;

// The one kind every entry holds, or ENTITY_NOT_SET when they differ or some hold none.
v1::Record::EntityCase CommonKind(const v1::ListResponse& r) {
  if (r.entries().empty()) return v1::Record::ENTITY_NOT_SET;
  const v1::Record::EntityCase kind = r.entries(0).record().entity_case();
  for (const v1::Entry& e : r.entries()) {
    if (e.record().entity_case() != kind) return v1::Record::ENTITY_NOT_SET;
  }
  return kind;
}

bool AnyConflict(const v1::ListResponse& r) {
  for (const v1::Entry& e : r.entries()) {
    if (e.conflict()) return true;
  }
  return false;
}

// Every entry of one kind: key, [conflict,] the kind's columns.
TextTable KindTable(const v1::ListResponse& r, v1::Record::EntityCase kind, OutputFormat format) {
  const bool csv = format == OutputFormat::kCsv;
  const bool conflict_column = csv || AnyConflict(r);
  const CellStyle style = csv ? CellStyle::kMachine : CellStyle::kHuman;
  std::vector<const RecordColumn*> shown;
  for (const RecordColumn& c : RecordColumns(kind)) {
    if (csv || !c.detail) shown.push_back(&c);
  }
  std::vector<TextColumn> columns = {TextColumn{"key"}};
  if (conflict_column) columns.push_back(TextColumn{"conflict"});
  for (const RecordColumn* c : shown) columns.push_back(c->column);
  TextTable table(std::move(columns));
  for (const v1::Entry& e : r.entries()) {
    std::vector<std::string> cells = {e.key()};
    if (conflict_column) cells.push_back(Flag(e.conflict(), format));
    for (const RecordColumn* c : shown) cells.push_back(c->cell(e.record(), style));
    table.AddRow(std::move(cells));
  }
  return table;
}

// Entries of several kinds: key, kind, [conflict,] a summary of the value.
TextTable MixedTable(const v1::ListResponse& r, OutputFormat format) {
  const bool conflict_column = format == OutputFormat::kCsv || AnyConflict(r);
  std::vector<TextColumn> columns = {TextColumn{"key"}, TextColumn{"kind"}};
  if (conflict_column) columns.push_back(TextColumn{"conflict"});
  columns.push_back(TextColumn{"value"});
  TextTable table(std::move(columns));
  for (const v1::Entry& e : r.entries()) {
    std::vector<std::string> cells = {e.key(), RecordKindName(e.record().entity_case())};
    if (conflict_column) cells.push_back(Flag(e.conflict(), format));
    cells.push_back(RecordSummary(e.record()));
    table.AddRow(std::move(cells));
  }
  return table;
}

struct BudgetTotal {
  bool has_pagu = false;
  bool has_realisasi = false;
  int64_t pagu_rupiah = 0;
  int64_t realisasi_rupiah = 0;
};

// "total listed 3603 2024: pagu 238.339.761.000, realisasi 231.658.704.797, penyerapan
// 97.20%", one line per satker and year holding budget records.
void WriteBudgetTotals(const v1::ListResponse& r, std::ostream& out) {
  std::map<std::pair<std::string, int>, BudgetTotal> totals;
  for (const v1::Entry& e : r.entries()) {
    if (e.record().has_anggaran_pagu()) {
      const v1::AnggaranPagu& p = e.record().anggaran_pagu();
      BudgetTotal& t = totals[{p.satker(), p.tahun()}];
      t.has_pagu = true;
      t.pagu_rupiah += p.pagu_rupiah();
    } else if (e.record().has_anggaran_realisasi()) {
      const v1::AnggaranRealisasi& b = e.record().anggaran_realisasi();
      BudgetTotal& t = totals[{b.satker(), b.tahun()}];
      t.has_realisasi = true;
      t.realisasi_rupiah += b.realisasi_rupiah();
    }
  }
  if (totals.empty()) return;
  out << "\n";
  for (const auto& [where, t] : totals) {
    std::vector<std::string> parts;
    if (t.has_pagu) parts.push_back(absl::StrCat("pagu ", values::FormatRupiah(t.pagu_rupiah)));
    if (t.has_realisasi) {
      parts.push_back(absl::StrCat("realisasi ", values::FormatRupiah(t.realisasi_rupiah)));
    }
    if (t.has_pagu && t.has_realisasi && t.pagu_rupiah > 0) {
      parts.push_back(absl::StrCat(
          "penyerapan ",
          values::FormatPercent(t.realisasi_rupiah, t.pagu_rupiah, values::Style::kDisplay)));
    }
    out << "total listed " << where.first << " " << where.second << ": "
        << absl::StrJoin(parts, ", ") << "\n";
  }
}

}  // namespace

absl::Status PrintList(const v1::ListResponse& r, const OutputOptions& options, std::ostream& out) {
  if (options.format == OutputFormat::kJson) return WriteJson(r, out);
  if (options.format == OutputFormat::kTable && r.entries().empty()) {
    out << "no records\n";
    return absl::OkStatus();
  }
  const v1::Record::EntityCase kind = CommonKind(r);
  const TextTable table = kind == v1::Record::ENTITY_NOT_SET ? MixedTable(r, options.format)
                                                             : KindTable(r, kind, options.format);
  WriteTable(table, options.format, out);
  if (options.format == OutputFormat::kTable) WriteBudgetTotals(r, out);
  return absl::OkStatus();
}

}  // namespace kinerja::client
