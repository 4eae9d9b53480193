// What the end-to-end tests read back through kinerjactl: its JSON output as protos, a node's
// status and the seqs it holds of an origin, and the budget files they import.
#ifndef KINERJA_TESTS_E2E_CTL_READ_H_
#define KINERJA_TESTS_E2E_CTL_READ_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kinerja/v1/admin.pb.h"
#include "tests/e2e/cluster.h"

namespace kinerja::e2e {

// kinerjactl's `-o json` output as a `Message`; a failed command or bad JSON fails the test.
template <typename Message>
Message ParseJson(const CtlResult& r) {
  Message m;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto st = google::protobuf::util::JsonStringToMessage(r.out, &m);
  EXPECT_TRUE(st.ok()) << st.ToString() << "\n" << r.out;
  return m;
}

inline v1::StatusResponse Status(const Cluster& c, const std::string& node) {
  return ParseJson<v1::StatusResponse>(c.Ctl(node, {"status", "-o", "json"}));
}

// The seqs of `origin` the node accounts for.
inline uint64_t Held(const v1::StatusResponse& s, const std::string& origin) {
  for (const auto& e : s.version_vector().entries()) {
    if (e.origin() == origin) return e.seq();
  }
  return 0;
}

// Monthly budget rows of `lines` budget lines of `satker`, pagu on each line's first row.
inline std::string AnggaranCsv(const std::string& satker, int lines,
                               int64_t pagu_base = 1'000'000) {
  std::string csv =
      "satker;tahun;program_kode;program;kegiatan_kode;rincian_kode;kegiatan;periode;pagu;"
      "realisasi\n";
  for (int l = 0; l < lines; ++l) {
    for (int m = 1; m <= 12; ++m) {
      absl::StrAppendFormat(
          &csv, "%s;2024;WA;Dukungan Manajemen;%d;%03d;Layanan Perkantoran;B%02d;%s;%d\n", satker,
          3000 + l / 100, l % 100, m, m == 1 ? absl::StrCat(pagu_base + l) : "", 1000 * m + l);
    }
  }
  return csv;
}

}  // namespace kinerja::e2e

#endif  // KINERJA_TESTS_E2E_CTL_READ_H_
