// Rendering of QueryService responses for kinerjactl, in the three formats and with the
// conventions of output.h (grouped rupiah, two-decimal percentages, proto3 JSON with proto
// field names and zero values). What is particular to these responses:
//
//  table  Reads like the tables of an LKj document: a header block, then one titled table
//         per part of the response.
//  json   The response message, one object on one line. A rollup always carries its
//         `indikator` counts, zeros included.
//  csv    Several tables in one file: the first column, `tabel`, says which table a line
//         belongs to, and the other columns are the union of the tables' columns, empty where
//         a table has no such column. Filter on `tabel` to get one table back. Money in
//         whole rupiah, percentages as "97.20" ("" when the denominator is 0), months as
//         numbers 1..12.
//
// Percentages are the daemon's strings; one it leaves empty is computed from the amounts the
// way FormatPercent computes it.
//
// Every function writes the whole response to `out` and fails only if the response cannot be
// rendered as JSON (INTERNAL).
#ifndef KINERJA_CLIENT_OUTPUT_QUERY_OUTPUT_H_
#define KINERJA_CLIENT_OUTPUT_QUERY_OUTPUT_H_

#include <ostream>

#include "absl/status/status.h"
#include "client/output/output.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::client {

// Consolidated figures of a satker's subtree in a year. Table: satker (and its name when a
// satker row gives it), tahun, pagu, realisasi, penyerapan, satker with figures; then the
// satker rows (SATKER, NAMA, PAGU, REALISASI, PENYERAPAN %), the program rows, the indicator
// counts, and the realisasi per month with its cumulative sum, followed by the yearly
// (TAHUNAN) amount when some realisasi was recorded yearly.
//
// CSV columns: tabel, satker, tahun, program_kode, nama, bulan, pagu, realisasi, penyerapan,
// kumulatif, laporan, satker_count, jumlah, dengan_target, dengan_realisasi, tercapai; with
// tabel one of
//   total      the subtree's pagu, realisasi, penyerapan and satker_count;
//   satker     one per satker row (satker is the row's own);
//   program    one per program row;
//   indikator  the indicator counts (jumlah .. tercapai);
//   bulan      one per month: bulan, realisasi, kumulatif, laporan.
// satker is the one asked for on every line but the satker lines.
[[nodiscard]] absl::Status PrintRollup(const v1::RollupResponse& response,
                                       const OutputOptions& options, std::ostream& out);

// The LKj report. Table: the title "Laporan Kinerja <nama> Tahun <tahun>"; the indicators
// (NO, SASARAN, INDIKATOR, TARGET, REALISASI, CAPAIAN, FLAGS), numbered by sasaran as the
// documents do; the budget (PROGRAM, KEGIATAN, URAIAN, PAGU, REALISASI, PENYERAPAN %, FLAGS):
// each program's kegiatan then its "Jumlah" line, and the "Total" line; the months without a
// budget realisasi; the report's flags.
//
// CSV columns: tabel, satker, tahun, sasaran_kode, sasaran, indikator_kode, indikator,
// target, realisasi, periode, capaian, tercapai, program_kode, program, kegiatan_kode,
// kegiatan, pagu, penyerapan, bulan_tanpa_laporan, flags; with tabel one of
//   indikator  one per indicator; target and realisasi as the document wrote them;
//   anggaran   one per budget row as the daemon sends them: a program's kegiatan, then its
//              subtotal (kegiatan_kode empty); realisasi in whole rupiah;
//   total      the year's pagu, realisasi and penyerapan, the months without a budget
//              realisasi (space-separated numbers, "3 7") and the report's flags.
// Several flags in one cell are joined by "; ".
[[nodiscard]] absl::Status PrintLkj(const v1::LkjResponse& response, const OutputOptions& options,
                                    std::ostream& out);

// One rollup change as one line of JSON (proto3 mapping, proto field names, zero values),
// flushed at once so that a consumer of a followed feed sees it without delay. The same in
// every format: the feed is NDJSON. Besides INTERNAL, fails with DATA_LOSS when `out` can no
// longer be written (a closed pipe, a full disk), so that a followed feed stops.
[[nodiscard]] absl::Status PrintRollupChange(const v1::RollupChange& change, std::ostream& out);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_OUTPUT_QUERY_OUTPUT_H_
