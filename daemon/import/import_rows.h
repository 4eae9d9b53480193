// The five import files of DOMAIN.md ("Import files"): satker, indikator,
// realisasi_indikator, anggaran and rencana_aksi. ParseImport turns one whole file into the
// domain entities it holds, or into the first error, so that a bad file changes nothing.
#ifndef KINERJA_DAEMON_IMPORT_IMPORT_ROWS_H_
#define KINERJA_DAEMON_IMPORT_IMPORT_ROWS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::import {

enum class ImportKind {
  kSatker,              // The satker registry: kode, nama, tingkat, induk.
  kIndikator,           // Indicators of an RKT, PK or IKU document with their targets.
  kRealisasiIndikator,  // Realisations of indicators per period.
  kAnggaran,            // Budget lines with pagu, and realisasi per month or year.
  kRencanaAksi,         // Actions per indicator with schedule and cost.
  kTotalDokumen,        // Totals a document states, to check its rows against.
};

// The kind's name as in DOMAIN.md: "satker", "indikator", "realisasi_indikator", "anggaran",
// "rencana_aksi".
absl::string_view ImportKindName(ImportKind kind);

// The kind named `name` (trimmed, any case); INVALID_ARGUMENT listing the kinds otherwise.
[[nodiscard]] absl::StatusOr<ImportKind> ImportKindFromName(absl::string_view name);

// An entity and the 1-based line of the row it came from, for the caller's own messages
// (e.g. a permission check naming file:line).
template <typename T>
struct Located {
  int line = 0;
  T value;
};

// Everything one file holds. Only the vectors of the file's kind are filled (anggaran fills
// both anggaran_pagu and anggaran_realisasi), in file order.
struct ImportFile {
  ImportKind kind = ImportKind::kSatker;
  std::vector<Located<v1::Satker>> satker;
  std::vector<Located<v1::Indikator>> indikator;
  std::vector<Located<v1::RealisasiIndikator>> realisasi_indikator;
  // One per budget line (satker, tahun, kegiatan_kode, rincian_kode), located at the line's
  // first row.
  std::vector<Located<v1::AnggaranPagu>> anggaran_pagu;
  // One per row that carries a realisasi.
  std::vector<Located<v1::AnggaranRealisasi>> anggaran_realisasi;
  std::vector<Located<v1::RencanaAksi>> rencana_aksi;
  std::vector<Located<v1::TotalDokumen>> total_dokumen;
};

// Parses `content`, the whole file of kind `kind`, named `file_name` in errors.
//
// The file is CSV as ReadCsv reads it; the header must name the kind's columns (any case and
// order, none unknown or missing; only anggaran's rincian_kode is optional). Every cell is
// trimmed. Rows whose cells are all empty are skipped. Rules per kind, from DOMAIN.md:
// - every kind but satker: `satker` a code without '/', `tahun` a year 2000-2100; a file may
//   mix satker and years (permissions are the caller's business). Codes (kode, induk,
//   *_kode) never contain '/'. Free-text remarks (keterangan, cara_penghitungan,
//   sumber_data) may be empty; every other cell must be filled unless said below.
// - satker: tingkat nasional/provinsi/kabkota; induk empty exactly for nasional, and never
//   the satker itself.
// - indikator: dokumen RKT/PK/IKU; polaritas positif/negatif, empty meaning positif; target a
//   value (ParseNilai, unit allowed) or empty, leaving Indikator.target unset; a non-empty
//   satuan fills Nilai.satuan of a numeric target that carries no unit of its own (a unit in
//   the target wins).
// - realisasi_indikator: periode any period; realisasi a value, unit allowed.
// - anggaran: rincian_kode may be empty (or its column absent); periode B01-B12 or TAHUNAN.
//   Rows of one budget line (satker, tahun, kegiatan_kode, rincian_kode) yield one
//   AnggaranPagu. pagu, program and kegiatan belong to the line: each may be left empty on
//   rows where another row of the line carries it, two different values are an error, and
//   none at all is an error; program_kode is required on every row and must agree. pagu is
//   never negative; "-" means zero in pagu and realisasi. An empty realisasi means no
//   AnggaranRealisasi for that row; a negative one is allowed (a refund booked that month).
//   Two rows with the same line and periode are an error (never summed), and so is a line
//   with both monthly rows and a TAHUNAN row, even one that carries only the pagu.
// - rencana_aksi: jadwal a schedule (ParseJadwal); biaya rupiah, "-" or empty meaning 0,
//   never negative; target a value.
// - Duplicates are errors in every kind: two satker rows with one kode, two indikator rows
//   with one (satker, tahun, indikator_kode), two realisasi rows with one (satker, tahun,
//   indikator_kode, periode), two actions with one (satker, tahun, indikator_kode, aksi_kode).
//
// Returns the entities, or the first error found as INVALID_ARGUMENT worded
//   anggaran.csv:4: column pagu: expected an amount like 1.000.000, got "dua juta"
// (file name, 1-based physical line, column, what was expected, what was found). Pure: no
// I/O, no state; thread-safe.
[[nodiscard]] absl::StatusOr<ImportFile> ParseImport(ImportKind kind, absl::string_view file_name,
                                                     absl::string_view content);

}  // namespace kinerja::import

#endif  // KINERJA_DAEMON_IMPORT_IMPORT_ROWS_H_
