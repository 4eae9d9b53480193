// Entity keys: the string under which each replicated record lives. All data about a satker
// sits under the prefix "<satker>/", so a satker's records, scans and sync scopes are one
// prefix; the part after it says who may write the key (DESIGN.md, "Authorisation"):
//
//   <satker>/<tahun>/<kind>/<id>...   a satker's own record (writer: <satker>)
//   <satker>/ref/<kind>/<id>...       reference data <satker> publishes to its subtree
//                                     (writer: <satker>; e.g. the registry "RI/ref/satker/3604")
//   <satker>/catatan/<penulis>/<id>   a review note on <satker> by its ancestor <penulis>
//
// Components are percent-escaped ('%' and '/'), so any code or text can be an id.
#ifndef KINERJA_STORAGE_ENTITY_KEY_H_
#define KINERJA_STORAGE_ENTITY_KEY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kinerja::storage {

// Kinds of satker records ("<satker>/<tahun>/<kind>/...").
inline constexpr absl::string_view kKindIndikator = "indikator";  // /<indikator_kode>
inline constexpr absl::string_view kKindRealisasi = "realisasi";  // /<indikator_kode>/<periode>
inline constexpr absl::string_view kKindPagu = "pagu";            // /<kegiatan>/<rincian>
inline constexpr absl::string_view kKindBelanja = "belanja";      // /<kegiatan>/<rincian>/<periode>
inline constexpr absl::string_view kKindAksi = "aksi";            // /<indikator_kode>/<aksi_kode>
inline constexpr absl::string_view kKindTotal = "total";  // /<dokumen>/<bagian>/<program or ->
// Reference kinds ("<satker>/ref/<kind>/...").
inline constexpr absl::string_view kRefSatker = "satker";  // /<kode>: a registry entry

enum class KeySection {
  kRecord,     // A satker's own yearly record.
  kReference,  // Reference data published by the satker to its subtree.
  kCatatan,    // A review note about the satker written by an ancestor.
};

struct ParsedKey {
  std::string satker;  // The satker the key is about (its first component).
  KeySection section = KeySection::kRecord;
  int tahun = 0;                 // Year; only for kRecord.
  std::string kind;              // kRecord/kReference: the kind; kCatatan: "catatan".
  std::string writer;            // The satker allowed to write this key.
  std::vector<std::string> ids;  // Remaining components, unescaped.
};

// Parses and validates a key. INVALID_ARGUMENT naming the key if it does not follow the
// grammar above.
[[nodiscard]] absl::StatusOr<ParsedKey> ParseKey(absl::string_view key);

// "<satker>/": the prefix of everything about a satker.
std::string SatkerPrefix(absl::string_view satker);
// "<satker>/<tahun>/": the prefix of a satker's records of a year.
std::string YearPrefix(absl::string_view satker, int tahun);

std::string RecordKey(absl::string_view satker, int tahun, absl::string_view kind,
                      const std::vector<absl::string_view>& ids);
std::string ReferenceKey(absl::string_view satker, absl::string_view kind,
                         const std::vector<absl::string_view>& ids);
std::string CatatanKey(absl::string_view satker, absl::string_view penulis, absl::string_view id);

// The key of a record (which fields of it identify it) is not storage's business: each record
// kind's codec entry computes it with the functions above (daemon/codec/record_key.h).

}  // namespace kinerja::storage

#endif  // KINERJA_STORAGE_ENTITY_KEY_H_
