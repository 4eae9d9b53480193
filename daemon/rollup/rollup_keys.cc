#include "daemon/rollup/rollup_keys.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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
std::string StatedKey(int tahun, absl::string_view satker, absl::string_view dokumen,
                      absl::string_view bagian, absl::string_view program_kode) {
  // Document and section names are free text: '/' in them is replaced to keep the layout.
  auto clean = [](absl::string_view s) { return absl::StrReplaceAll(s, {{"/", "|"}}); };
  return absl::StrCat(tahun, "/stated/", satker, "/", clean(dokumen), "/", clean(bagian), "/",
                      program_kode.empty() ? "-" : program_kode);
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
