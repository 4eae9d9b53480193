// A registry row for the node tests: satker `kode` at `tingkat` under `induk`.
#ifndef KINERJA_TESTS_DAEMON_NODE_SATKER_ROW_H_
#define KINERJA_TESTS_DAEMON_NODE_SATKER_ROW_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "kinerja/v1/domain.pb.h"

namespace kinerja::daemon {

inline v1::Satker Satker(const std::string& kode, v1::Tingkat tingkat, const std::string& induk) {
  v1::Satker s;
  s.set_kode(kode);
  s.set_nama(absl::StrCat("KPU ", kode));
  s.set_tingkat(tingkat);
  s.set_induk(induk);
  return s;
}

}  // namespace kinerja::daemon

#endif  // KINERJA_TESTS_DAEMON_NODE_SATKER_ROW_H_
