#include "daemon/rollup/rollup_keys.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace kinerja::rollup {

// Codes never contain '/' (the import refuses them), so components need no escaping.
std::string TotalKey(int tahun, absl::string_view satker) {
  return absl::StrCat(tahun, "/total/", satker);
}
std::string ProgramKey(int tahun, absl::string_view satker, absl::string_view program_kode) {
  return absl::StrCat(tahun, "/program/", satker, "/", program_kode);
}
std::string KegiatanKey(int tahun, absl::string_view satker, absl::string_view program_kode,
                        absl::string_view kegiatan_kode) {
  return absl::StrCat(tahun, "/kegiatan/", satker, "/", program_kode, "/", kegiatan_kode);
}
std::string IndikatorKey(int tahun, absl::string_view satker, absl::string_view indikator_kode) {
  return absl::StrCat(tahun, "/indikator/", satker, "/", indikator_kode);
}
std::string CountsKey(int tahun, absl::string_view satker) {
  return absl::StrCat(tahun, "/counts/", satker);
}
std::string TypePrefix(int tahun, absl::string_view type) {
  return absl::StrCat(tahun, "/", type, "/");
}
std::string SatkerTypePrefix(int tahun, absl::string_view type, absl::string_view satker) {
  return absl::StrCat(tahun, "/", type, "/", satker, "/");
}
std::string RowSatker(absl::string_view row_key) {
  std::vector<absl::string_view> parts = absl::StrSplit(row_key, '/');
  return parts.size() >= 3 ? std::string(parts[2]) : "";
}

}  // namespace kinerja::rollup
