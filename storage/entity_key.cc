#include "storage/entity_key.h"

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/values/periode.h"

namespace kinerja::storage {
namespace {

constexpr absl::string_view kRef = "ref";
constexpr absl::string_view kCatatan = "catatan";

std::string Escape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

bool Unescape(absl::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      *out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const absl::string_view code = s.substr(i + 1, 2);
    if (code == "25") {
      *out += '%';
    } else if (code == "2F" || code == "2f") {
      *out += '/';
    } else {
      return false;
    }
    i += 2;
  }
  return true;
}

std::string Join(absl::string_view head, const std::vector<absl::string_view>& ids) {
  std::string key(head);
  for (absl::string_view id : ids) absl::StrAppend(&key, "/", Escape(id));
  return key;
}

absl::Status BadKey(absl::string_view key, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("bad key \"", key, "\": ", why));
}

bool IsYear(absl::string_view s, int* year) {
  return s.size() == 4 && absl::c_all_of(s, absl::ascii_isdigit) && absl::SimpleAtoi(s, year);
}

}  // namespace

absl::StatusOr<ParsedKey> ParseKey(absl::string_view key) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  if (parts.size() < 3) return BadKey(key, "expected at least 3 components");
  ParsedKey parsed;
  if (!Unescape(parts[0], &parsed.satker) || parsed.satker.empty()) {
    return BadKey(key, "bad satker component");
  }
  size_t first_id;
  if (parts[1] == kRef) {
    parsed.section = KeySection::kReference;
    parsed.kind = std::string(parts[2]);
    parsed.writer = parsed.satker;
    first_id = 3;
  } else if (parts[1] == kCatatan) {
    parsed.section = KeySection::kCatatan;
    parsed.kind = std::string(kCatatan);
    if (!Unescape(parts[2], &parsed.writer) || parsed.writer.empty()) {
      return BadKey(key, "bad writer component");
    }
    if (parsed.writer == parsed.satker) return BadKey(key, "a note must be by another satker");
    first_id = 3;
  } else if (IsYear(parts[1], &parsed.tahun)) {
    parsed.section = KeySection::kRecord;
    if (parts.size() < 4) return BadKey(key, "a record key needs a kind and an id");
    parsed.kind = std::string(parts[2]);
    parsed.writer = parsed.satker;
    first_id = 3;
  } else {
    return BadKey(key, "second component must be a year, \"ref\" or \"catatan\"");
  }
  if (parsed.kind.empty()) return BadKey(key, "empty kind");
  if (parts.size() <= first_id) return BadKey(key, "missing id");
  for (size_t i = first_id; i < parts.size(); ++i) {
    std::string id;
    if (!Unescape(parts[i], &id) || id.empty()) return BadKey(key, "bad id component");
    parsed.ids.push_back(std::move(id));
  }
  return parsed;
}

std::string SatkerPrefix(absl::string_view satker) { return absl::StrCat(Escape(satker), "/"); }

std::string YearPrefix(absl::string_view satker, int tahun) {
  return absl::StrCat(Escape(satker), "/", tahun, "/");
}

std::string RecordKey(absl::string_view satker, int tahun, absl::string_view kind,
                      const std::vector<absl::string_view>& ids) {
  return Join(absl::StrCat(Escape(satker), "/", tahun, "/", kind), ids);
}

std::string ReferenceKey(absl::string_view satker, absl::string_view kind,
                         const std::vector<absl::string_view>& ids) {
  return Join(absl::StrCat(Escape(satker), "/", kRef, "/", kind), ids);
}

std::string CatatanKey(absl::string_view satker, absl::string_view penulis, absl::string_view id) {
  return absl::StrCat(Escape(satker), "/", kCatatan, "/", Escape(penulis), "/", Escape(id));
}

absl::StatusOr<std::string> KeyForRecord(const v1::Record& record) {
  auto need = [](bool ok, absl::string_view what) -> absl::Status {
    if (ok) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat("record lacks ", what));
  };
  auto year_ok = [](int tahun) { return tahun >= 1000 && tahun <= 9999; };
  // An empty rincian is a line of its own; "-" stands for it in the key.
  auto rincian = [](const std::string& r) {
    return r.empty() ? absl::string_view("-") : absl::string_view(r);
  };
  switch (record.entity_case()) {
    case v1::Record::kSatker: {
      const auto& s = record.satker();
      if (auto st = need(!s.kode().empty(), "satker.kode"); !st.ok()) return st;
      return ReferenceKey("RI", kRefSatker, {s.kode()});
    }
    case v1::Record::kIndikator: {
      const auto& r = record.indikator();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.indikator_kode().empty(),
                         "indikator satker, tahun or indikator_kode");
          !st.ok()) {
        return st;
      }
      return RecordKey(r.satker(), r.tahun(), kKindIndikator, {r.indikator_kode()});
    }
    case v1::Record::kRealisasiIndikator: {
      const auto& r = record.realisasi_indikator();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.indikator_kode().empty() &&
                             r.periode() != v1::PERIODE_UNSPECIFIED,
                         "realisasi_indikator satker, tahun, indikator_kode or periode");
          !st.ok()) {
        return st;
      }
      return RecordKey(r.satker(), r.tahun(), kKindRealisasi,
                       {r.indikator_kode(), values::FormatPeriode(r.periode())});
    }
    case v1::Record::kAnggaranPagu: {
      const auto& r = record.anggaran_pagu();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.kegiatan_kode().empty(),
                         "anggaran_pagu satker, tahun or kegiatan_kode");
          !st.ok()) {
        return st;
      }
      return RecordKey(r.satker(), r.tahun(), kKindPagu,
                       {r.kegiatan_kode(), rincian(r.rincian_kode())});
    }
    case v1::Record::kAnggaranRealisasi: {
      const auto& r = record.anggaran_realisasi();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.kegiatan_kode().empty() &&
                             r.periode() != v1::PERIODE_UNSPECIFIED,
                         "anggaran_realisasi satker, tahun, kegiatan_kode or periode");
          !st.ok()) {
        return st;
      }
      return RecordKey(
          r.satker(), r.tahun(), kKindBelanja,
          {r.kegiatan_kode(), rincian(r.rincian_kode()), values::FormatPeriode(r.periode())});
    }
    case v1::Record::kRencanaAksi: {
      const auto& r = record.rencana_aksi();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.indikator_kode().empty() &&
                             !r.aksi_kode().empty(),
                         "rencana_aksi satker, tahun, indikator_kode or aksi_kode");
          !st.ok()) {
        return st;
      }
      return RecordKey(r.satker(), r.tahun(), kKindAksi, {r.indikator_kode(), r.aksi_kode()});
    }
    case v1::Record::kTotalDokumen: {
      const auto& r = record.total_dokumen();
      if (auto st = need(!r.satker().empty() && year_ok(r.tahun()) && !r.dokumen().empty() &&
                             !r.bagian().empty(),
                         "total_dokumen satker, tahun, dokumen or bagian");
          !st.ok()) {
        return st;
      }
      return RecordKey(r.satker(), r.tahun(), kKindTotal,
                       {r.dokumen(), r.bagian(), rincian(r.program_kode())});
    }
    case v1::Record::kCatatan: {
      const auto& r = record.catatan();
      if (auto st = need(!r.satker().empty() && !r.penulis().empty() && !r.topik().empty() &&
                             r.satker() != r.penulis(),
                         "catatan satker, penulis (another satker) or topik");
          !st.ok()) {
        return st;
      }
      return CatatanKey(r.satker(), r.penulis(), r.topik());
    }
    case v1::Record::ENTITY_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("record holds no entity");
}

}  // namespace kinerja::storage
