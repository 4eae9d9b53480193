// Export of held records in the import formats of DOMAIN.md, so that exporting from one node
// and importing on a fresh one reproduces the same records.
#ifndef KINERJA_DAEMON_ROLLUP_EXPORT_CSV_H_
#define KINERJA_DAEMON_ROLLUP_EXPORT_CSV_H_

#include "absl/status/statusor.h"
#include "kinerja/v1/query.pb.h"
#include "storage/replica.h"

namespace kinerja::rollup {

// The visible records of `request.kind` (satker, indikator, realisasi_indikator, anggaran,
// rencana_aksi), optionally of one satker and year, as one comma-separated CSV with a header.
// INVALID_ARGUMENT for an unknown kind.
absl::StatusOr<v1::ExportResponse> ExportCsv(const storage::ReadView& view,
                                             const v1::ExportRequest& request);

}  // namespace kinerja::rollup

#endif  // KINERJA_DAEMON_ROLLUP_EXPORT_CSV_H_
