// Which PostgreSQL table a national rollup change lands in (sink/schema.sql): the row key
// ("<tahun>/<type>/<satker>/...", daemon/rollup/rollup_keys.h) names the year, the kind of
// row and the satker. Pure: no database, no gRPC, so tests call it directly.
#ifndef KINERJA_SINK_ROLLUP_ROWS_H_
#define KINERJA_SINK_ROLLUP_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::sink {

// The tables of schema.sql a change writes.
enum class SinkTable {
  kIgnored,    // A row kind the sink does not keep (kegiatan, indikator, stated).
  kSatker,     // "<tahun>/total/<satker>": kinerja_rollup_satker and kinerja_rollup_bulan.
  kProgram,    // "<tahun>/program/<satker>/<kode>": kinerja_rollup_program.
  kIndikator,  // "<tahun>/counts/<satker>": kinerja_rollup_indikator.
};

// A feed change with its key taken apart.
struct SinkRowKey {
  SinkTable table = SinkTable::kIgnored;
  int32_t tahun = 0;
  std::string satker;
  std::string program_kode;  // kProgram only.
};

// Parses change.row_key() and checks that a change that is not a deletion carries the row
// kind its key names. INVALID_ARGUMENT, naming the cursor and key, for a malformed key or a
// row of the wrong kind (national would be serving something this sink does not understand;
// applying it could corrupt the figures).
[[nodiscard]] absl::StatusOr<SinkRowKey> ParseSinkRowKey(const v1::RollupChange& change);

}  // namespace kinerja::sink

#endif  // KINERJA_SINK_ROLLUP_ROWS_H_
