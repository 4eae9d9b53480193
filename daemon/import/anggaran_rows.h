// The anggaran import (internal to ParseImport): rows of budget lines and periods become one
// AnggaranPagu per line and one AnggaranRealisasi per row that reports spending. Kept apart
// because, unlike the other kinds, a line's values are gathered across several rows.
#ifndef KINERJA_DAEMON_IMPORT_ANGGARAN_ROWS_H_
#define KINERJA_DAEMON_IMPORT_ANGGARAN_ROWS_H_

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "daemon/import/import_rows.h"
#include "daemon/import/import_table.h"

namespace kinerja::import {

// The columns of an anggaran file; rincian_kode is optional.
absl::Span<const ColumnSpec> AnggaranColumns();

// Appends the entities of `table` to out->anggaran_pagu and out->anggaran_realisasi,
// following the anggaran rules of ParseImport. Returns the first error; `out` is then
// partially filled and must be dropped.
[[nodiscard]] absl::Status ReadAnggaranRows(const ImportTable& table, ImportFile* out);

}  // namespace kinerja::import

#endif  // KINERJA_DAEMON_IMPORT_ANGGARAN_ROWS_H_
