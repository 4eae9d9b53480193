// Keys of rollup rows in the replica's derived rows. The year comes first and the row type
// second, so a national query reads each type for every satker with one short scan:
//   <tahun>/total/<satker>                          BudgetFigures
//   <tahun>/program/<satker>/<program_kode>         ProgramRollup
//   <tahun>/kegiatan/<satker>/<program>/<kegiatan>  KegiatanRollup
//   <tahun>/indikator/<satker>/<indikator_kode>     IndikatorRollup
//   <tahun>/counts/<satker>                         IndikatorCounts
//   <tahun>/stated/<satker>/<dokumen>/<bagian>/<program or ->   TotalDokumen
#ifndef KINERJA_DAEMON_ROLLUP_ROLLUP_KEYS_H_
#define KINERJA_DAEMON_ROLLUP_ROLLUP_KEYS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace kinerja::rollup {

std::string TotalKey(int tahun, absl::string_view satker);
std::string ProgramKey(int tahun, absl::string_view satker, absl::string_view program_kode);
std::string KegiatanKey(int tahun, absl::string_view satker, absl::string_view program_kode,
                        absl::string_view kegiatan_kode);
std::string IndikatorKey(int tahun, absl::string_view satker, absl::string_view indikator_kode);
std::string CountsKey(int tahun, absl::string_view satker);
std::string StatedKey(int tahun, absl::string_view satker, absl::string_view dokumen,
                      absl::string_view bagian, absl::string_view program_kode);

// Prefix of every row of one type in a year ("2024/total/"), or of one satker's rows of a
// type ("2024/program/3603/").
std::string TypePrefix(int tahun, absl::string_view type);
std::string SatkerTypePrefix(int tahun, absl::string_view type, absl::string_view satker);

// The satker a row key names (its third component), or "" if malformed.
std::string RowSatker(absl::string_view row_key);

}  // namespace kinerja::rollup

#endif  // KINERJA_DAEMON_ROLLUP_ROLLUP_KEYS_H_
