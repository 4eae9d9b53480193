// Helpers shared by the import tests: parse a file expecting success or an error, and see the
// located records of a file by entity, the way the tests name them.
#ifndef KINERJA_TESTS_DAEMON_CODEC_IMPORT_TEST_UTIL_H_
#define KINERJA_TESTS_DAEMON_CODEC_IMPORT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/values/enum_words.h"
#include "daemon/codec/parse_import.h"
#include "gtest/gtest.h"

namespace kinerja::codec {

// An entity and the 1-based line of the row it came from.
template <typename T>
struct Located {
  int line = 0;
  T value;
};

// The records of one parsed file, split by entity, each vector in file order.
struct ImportFile {
  v1::FileKind kind = v1::FILE_KIND_UNSPECIFIED;
  std::vector<Located<v1::Satker>> satker;
  std::vector<Located<v1::Indikator>> indikator;
  std::vector<Located<v1::RealisasiIndikator>> realisasi_indikator;
  std::vector<Located<v1::AnggaranPagu>> anggaran_pagu;
  std::vector<Located<v1::AnggaranRealisasi>> anggaran_realisasi;
  std::vector<Located<v1::RencanaAksi>> rencana_aksi;
  std::vector<Located<v1::TotalDokumen>> total_dokumen;
};

inline ImportFile ByEntity(v1::FileKind kind, const std::vector<LocatedRecord>& records) {
  ImportFile file;
  file.kind = kind;
  for (const LocatedRecord& r : records) {
    const int line = r.line;
    const v1::Record& c = r.record;
    if (c.has_satker()) file.satker.push_back({line, c.satker()});
    if (c.has_indikator()) file.indikator.push_back({line, c.indikator()});
    if (c.has_realisasi_indikator()) {
      file.realisasi_indikator.push_back({line, c.realisasi_indikator()});
    }
    if (c.has_anggaran_pagu()) file.anggaran_pagu.push_back({line, c.anggaran_pagu()});
    if (c.has_anggaran_realisasi()) {
      file.anggaran_realisasi.push_back({line, c.anggaran_realisasi()});
    }
    if (c.has_rencana_aksi()) file.rencana_aksi.push_back({line, c.rencana_aksi()});
    if (c.has_total_dokumen()) file.total_dokumen.push_back({line, c.total_dokumen()});
  }
  return file;
}

// Parses `content` as file "<kind>.csv"; a failure of the test if it is refused.
inline ImportFile ParseOk(v1::FileKind kind, absl::string_view content) {
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(kind, absl::StrCat(values::EnumWord(kind), ".csv"), content);
  EXPECT_TRUE(records.ok()) << records.status();
  return records.ok() ? ByEntity(kind, *records) : ImportFile{};
}

// The INVALID_ARGUMENT message for `content` as file "<kind>.csv"; a failure of the test if
// it is accepted.
inline std::string ErrorOf(v1::FileKind kind, absl::string_view content) {
  absl::StatusOr<std::vector<LocatedRecord>> records =
      ParseImport(kind, absl::StrCat(values::EnumWord(kind), ".csv"), content);
  EXPECT_FALSE(records.ok()) << "accepted:\n" << content;
  if (records.ok()) return "";
  EXPECT_EQ(records.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(records.status().message());
}

}  // namespace kinerja::codec

#endif  // KINERJA_TESTS_DAEMON_CODEC_IMPORT_TEST_UTIL_H_
