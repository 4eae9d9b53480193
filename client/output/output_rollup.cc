// Output of `rollup` (consolidated figures of a satker's subtree) and of `feed` (rollup
// changes as NDJSON).
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/output/multi_table_csv.h"
#include "client/output/output_internal.h"
#include "client/output/query_output.h"
#include "client/output/text_table.h"
#include "common/values/angka.h"
#include "common/values/periode.h"

namespace kinerja::client {
namespace {

using internal::NameValueTable;
using internal::PercentText;
using internal::WriteJson;

constexpr size_t kNamaWidth = 60;  // Longest satker or program name shown in table output.

// "97.20" for a column headed "%", "-" when there is no penyerapan.
std::string PercentCell(const v1::BudgetRow& row) {
  const std::string text = PercentText(row.penyerapan(), row.realisasi(), row.pagu());
  return text.empty() ? "-" : text;
}

// The name of the satker asked for, when one of the satker rows is that satker.
std::string OwnName(const v1::RollupResponse& r) {
  for (const v1::BudgetRow& row : r.satker_rows()) {
    if (row.satker() == r.satker()) return row.nama();
  }
  return "";
}

void WriteHeader(const v1::RollupResponse& r, std::ostream& out) {
  TextTable table = NameValueTable();
  const std::string nama = OwnName(r);
  table.AddRow({"satker", nama.empty() ? r.satker() : absl::StrCat(r.satker(), " ", nama)});
  table.AddRow({"tahun", absl::StrCat(r.tahun())});
  table.AddRow({"pagu", values::FormatRupiah(r.pagu())});
  table.AddRow({"realisasi", values::FormatRupiah(r.realisasi())});
  const std::string penyerapan = PercentText(r.penyerapan(), r.realisasi(), r.pagu());
  table.AddRow({"penyerapan", penyerapan.empty() ? "-" : absl::StrCat(penyerapan, "%")});
  table.AddRow({"satker with figures", absl::StrCat(r.satker_count())});
  table.WriteAligned(out, /*with_header=*/false);
}

// SATKER or PROGRAM, NAMA, PAGU, REALISASI, PENYERAPAN % of `rows`.
void WriteBudgetRows(absl::string_view title, absl::string_view key_column,
                     const google::protobuf::RepeatedPtrField<v1::BudgetRow>& rows, bool by_satker,
                     std::ostream& out) {
  out << "\n" << title << "\n";
  if (rows.empty()) {
    out << "no figures\n";
    return;
  }
  TextTable table({TextColumn{std::string(key_column)},
                   TextColumn{"nama", Align::kLeft, kNamaWidth}, TextColumn{"pagu", Align::kRight},
                   TextColumn{"realisasi", Align::kRight},
                   TextColumn{"penyerapan %", Align::kRight}});
  for (const v1::BudgetRow& row : rows) {
    table.AddRow({by_satker ? row.satker() : row.program_kode(), row.nama(),
                  values::FormatRupiah(row.pagu()), values::FormatRupiah(row.realisasi()),
                  PercentCell(row)});
  }
  table.WriteAligned(out);
}

void WriteIndikatorCounts(const v1::IndikatorCounts& c, std::ostream& out) {
  out << "\nIndikator kinerja\n";
  TextTable table({TextColumn{"jumlah", Align::kRight}, TextColumn{"dengan target", Align::kRight},
                   TextColumn{"dengan realisasi", Align::kRight},
                   TextColumn{"tercapai", Align::kRight}});
  table.AddRow({absl::StrCat(c.jumlah()), absl::StrCat(c.dengan_target()),
                absl::StrCat(c.dengan_realisasi()), absl::StrCat(c.tercapai())});
  table.WriteAligned(out);
}

// One line per month, then what was recorded for the whole year (TAHUNAN) when the monthly
// amounts do not add up to the realisasi.
void WriteMonths(const v1::RollupResponse& r, std::ostream& out) {
  out << "\nRealisasi per bulan\n";
  TextTable table({TextColumn{"bulan"}, TextColumn{"realisasi", Align::kRight},
                   TextColumn{"kumulatif", Align::kRight}, TextColumn{"laporan", Align::kRight}});
  int64_t monthly = 0;
  for (const v1::MonthRow& m : r.bulan_rows()) {
    monthly += m.realisasi();
    table.AddRow({values::FormatBulan(m.bulan()), values::FormatRupiah(m.realisasi()),
                  values::FormatRupiah(m.kumulatif()), absl::StrCat(m.laporan())});
  }
  if (r.realisasi() != monthly) {
    table.AddRow({"TAHUNAN", values::FormatRupiah(r.realisasi() - monthly),
                  values::FormatRupiah(r.realisasi()), ""});
  }
  if (table.empty()) {
    out << "no realisasi\n";
    return;
  }
  table.WriteAligned(out);
}

void WriteRollupTable(const v1::RollupResponse& r, std::ostream& out) {
  WriteHeader(r, out);
  WriteBudgetRows("Anggaran per satker", "satker", r.satker_rows(), /*by_satker=*/true, out);
  WriteBudgetRows("Anggaran per program", "program", r.program_rows(), /*by_satker=*/false, out);
  WriteIndikatorCounts(r.indikator(), out);
  WriteMonths(r, out);
}

void WriteRollupCsv(const v1::RollupResponse& r, std::ostream& out) {
  MultiTableCsv table({"satker", "tahun", "program_kode", "nama", "bulan", "pagu", "realisasi",
                       "penyerapan", "kumulatif", "laporan", "satker_count", "jumlah",
                       "dengan_target", "dengan_realisasi", "tercapai"});
  const auto line = [&](absl::string_view tabel, const std::string& satker) -> MultiTableCsv& {
    return table.Line(tabel).Set("satker", satker).Set("tahun", absl::StrCat(r.tahun()));
  };
  const auto budget = [&](MultiTableCsv& csv, const v1::BudgetRow& row) {
    csv.Set("nama", row.nama())
        .Set("pagu", absl::StrCat(row.pagu()))
        .Set("realisasi", absl::StrCat(row.realisasi()))
        .Set("penyerapan", PercentText(row.penyerapan(), row.realisasi(), row.pagu()));
  };
  line("total", r.satker())
      .Set("pagu", absl::StrCat(r.pagu()))
      .Set("realisasi", absl::StrCat(r.realisasi()))
      .Set("penyerapan", PercentText(r.penyerapan(), r.realisasi(), r.pagu()))
      .Set("satker_count", absl::StrCat(r.satker_count()));
  for (const v1::BudgetRow& row : r.satker_rows()) budget(line("satker", row.satker()), row);
  for (const v1::BudgetRow& row : r.program_rows()) {
    budget(line("program", r.satker()).Set("program_kode", row.program_kode()), row);
  }
  const v1::IndikatorCounts& c = r.indikator();
  line("indikator", r.satker())
      .Set("jumlah", absl::StrCat(c.jumlah()))
      .Set("dengan_target", absl::StrCat(c.dengan_target()))
      .Set("dengan_realisasi", absl::StrCat(c.dengan_realisasi()))
      .Set("tercapai", absl::StrCat(c.tercapai()));
  for (const v1::MonthRow& m : r.bulan_rows()) {
    line("bulan", r.satker())
        .Set("bulan", absl::StrCat(m.bulan()))
        .Set("realisasi", absl::StrCat(m.realisasi()))
        .Set("kumulatif", absl::StrCat(m.kumulatif()))
        .Set("laporan", absl::StrCat(m.laporan()));
  }
  table.Write(out);
}

}  // namespace

absl::Status PrintRollup(const v1::RollupResponse& r, const OutputOptions& options,
                         std::ostream& out) {
  switch (options.format) {
    case OutputFormat::kJson: {
      // The counts are a message field, which the JSON mapping leaves out when unset.
      v1::RollupResponse shown = r;
      shown.mutable_indikator();
      return WriteJson(shown, out);
    }
    case OutputFormat::kCsv:
      WriteRollupCsv(r, out);
      break;
    case OutputFormat::kTable:
      WriteRollupTable(r, out);
      break;
  }
  return absl::OkStatus();
}

absl::Status PrintRollupChange(const v1::RollupChange& change, std::ostream& out) {
  if (absl::Status status = WriteJson(change, out); !status.ok()) return status;
  out.flush();
  if (!out) return absl::DataLossError("cannot write the feed to the output");
  return absl::OkStatus();
}

}  // namespace kinerja::client
