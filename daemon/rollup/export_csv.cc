#include "daemon/rollup/export_csv.h"

#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/values/angka.h"
#include "common/values/nilai.h"
#include "common/values/periode.h"
#include "daemon/import/import_rows.h"
#include "storage/entity_key.h"

namespace kinerja::rollup {
namespace {

std::string Field(absl::string_view s) {
  if (s.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Line(std::string* csv, const std::vector<std::string>& cells) {
  absl::StrAppend(
      csv,
      absl::StrJoin(cells, ",",
                    [](std::string* out, const std::string& c) { out->append(Field(c)); }),
      "\n");
}

std::string Nilai(const v1::Nilai& n) {
  return n.teks().empty() ? values::FormatNilai(n, values::Style::kDocument) : n.teks();
}

const char* TingkatName(v1::Tingkat t) {
  switch (t) {
    case v1::TINGKAT_NASIONAL:
      return "nasional";
    case v1::TINGKAT_PROVINSI:
      return "provinsi";
    default:
      return "kabkota";
  }
}

const char* DokumenName(v1::Dokumen d) {
  switch (d) {
    case v1::DOKUMEN_PK:
      return "PK";
    case v1::DOKUMEN_IKU:
      return "IKU";
    default:
      return "RKT";
  }
}

// Visible records under `prefix` whose key kind is `kind`, in key order.
absl::Status Records(const storage::ReadView& view, const std::string& prefix,
                     absl::string_view kind, std::vector<v1::Record>* out) {
  absl::Status inner;
  absl::Status st = view.Scan(prefix, [&](absl::string_view key, absl::string_view value) {
    auto parsed = storage::ParseKey(key);
    if (!parsed.ok() || parsed->kind != kind) return true;
    v1::Record r;
    if (!r.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      inner = absl::DataLossError(absl::StrCat("undecodable record ", key));
      return false;
    }
    out->push_back(std::move(r));
    return true;
  });
  return st.ok() ? inner : st;
}

}  // namespace

absl::StatusOr<v1::ExportResponse> ExportCsv(const storage::ReadView& view,
                                             const v1::ExportRequest& request) {
  auto kind = import::ImportKindFromName(request.kind());
  if (!kind.ok()) return kind.status();
  std::string prefix;
  if (!request.satker().empty()) {
    prefix = request.tahun() > 0 ? storage::YearPrefix(request.satker(), request.tahun())
                                 : storage::SatkerPrefix(request.satker());
  }
  std::string csv;
  uint64_t rows = 0;
  std::vector<v1::Record> records;
  switch (*kind) {
    case import::ImportKind::kSatker: {
      Line(&csv, {"kode", "nama", "tingkat", "induk"});
      if (absl::Status st =
              Records(view, storage::SatkerPrefix("RI"), storage::kRefSatker, &records);
          !st.ok()) {
        return st;
      }
      for (const auto& r : records) {
        const v1::Satker& s = r.satker();
        if (!request.satker().empty() && s.kode() != request.satker()) continue;
        Line(&csv, {s.kode(), s.nama(), TingkatName(s.tingkat()), s.induk()});
        ++rows;
      }
      break;
    }
    case import::ImportKind::kIndikator: {
      Line(&csv,
           {"satker", "tahun", "dokumen", "sasaran_kode", "sasaran", "indikator_kode", "indikator",
            "target", "satuan", "polaritas", "cara_penghitungan", "sumber_data"});
      if (absl::Status st = Records(view, prefix, storage::kKindIndikator, &records); !st.ok()) {
        return st;
      }
      for (const auto& r : records) {
        const v1::Indikator& i = r.indikator();
        if (request.tahun() > 0 && i.tahun() != request.tahun()) continue;
        Line(&csv,
             {i.satker(), absl::StrCat(i.tahun()), DokumenName(i.dokumen()), i.sasaran_kode(),
              i.sasaran(), i.indikator_kode(), i.indikator(),
              i.has_target() ? Nilai(i.target()) : "", i.has_target() ? i.target().satuan() : "",
              i.polaritas() == v1::POLARITAS_NEGATIF ? "negatif" : "positif", i.cara_penghitungan(),
              i.sumber_data()});
        ++rows;
      }
      break;
    }
    case import::ImportKind::kRealisasiIndikator: {
      Line(&csv, {"satker", "tahun", "indikator_kode", "periode", "realisasi", "keterangan"});
      if (absl::Status st = Records(view, prefix, storage::kKindRealisasi, &records); !st.ok()) {
        return st;
      }
      for (const auto& r : records) {
        const v1::RealisasiIndikator& i = r.realisasi_indikator();
        if (request.tahun() > 0 && i.tahun() != request.tahun()) continue;
        Line(&csv, {i.satker(), absl::StrCat(i.tahun()), i.indikator_kode(),
                    values::FormatPeriode(i.periode()), Nilai(i.realisasi()), i.keterangan()});
        ++rows;
      }
      break;
    }
    case import::ImportKind::kAnggaran: {
      Line(&csv, {"satker", "tahun", "program_kode", "program", "kegiatan_kode", "rincian_kode",
                  "kegiatan", "periode", "pagu", "realisasi"});
      std::vector<v1::Record> spent;
      if (absl::Status st = Records(view, prefix, storage::kKindPagu, &records); !st.ok())
        return st;
      if (absl::Status st = Records(view, prefix, storage::kKindBelanja, &spent); !st.ok())
        return st;
      using Line4 = std::tuple<std::string, int, std::string, std::string>;
      std::map<Line4, std::vector<const v1::AnggaranRealisasi*>> by_line;
      for (const auto& r : spent) {
        const auto& b = r.anggaran_realisasi();
        by_line[{b.satker(), b.tahun(), b.kegiatan_kode(), b.rincian_kode()}].push_back(&b);
      }
      for (const auto& r : records) {
        const v1::AnggaranPagu& p = r.anggaran_pagu();
        if (request.tahun() > 0 && p.tahun() != request.tahun()) continue;
        auto cells = [&](const std::string& periode, const std::string& pagu,
                         const std::string& realisasi) {
          Line(&csv, {p.satker(), absl::StrCat(p.tahun()), p.program_kode(), p.program(),
                      p.kegiatan_kode(), p.rincian_kode(), p.kegiatan(), periode, pagu, realisasi});
          ++rows;
        };
        auto it = by_line.find({p.satker(), p.tahun(), p.kegiatan_kode(), p.rincian_kode()});
        if (it == by_line.end()) {
          cells("TAHUNAN", values::FormatRupiah(p.pagu_rupiah()), "");  // A line without spending.
          continue;
        }
        auto& months = it->second;
        std::sort(months.begin(), months.end(),
                  [](const auto* a, const auto* b) { return a->periode() < b->periode(); });
        bool first = true;
        for (const auto* b : months) {
          cells(values::FormatPeriode(b->periode()),
                first ? values::FormatRupiah(p.pagu_rupiah()) : "",
                values::FormatRupiah(b->realisasi_rupiah()));
          first = false;
        }
      }
      break;
    }
    case import::ImportKind::kRencanaAksi: {
      Line(&csv, {"satker", "tahun", "indikator_kode", "aksi_kode", "aksi", "target", "jadwal",
                  "biaya", "pelaksana"});
      if (absl::Status st = Records(view, prefix, storage::kKindAksi, &records); !st.ok())
        return st;
      for (const auto& r : records) {
        const v1::RencanaAksi& a = r.rencana_aksi();
        if (request.tahun() > 0 && a.tahun() != request.tahun()) continue;
        std::vector<v1::Periode> jadwal;
        for (int p : a.jadwal()) jadwal.push_back(static_cast<v1::Periode>(p));
        Line(&csv, {a.satker(), absl::StrCat(a.tahun()), a.indikator_kode(), a.aksi_kode(),
                    a.aksi(), Nilai(a.target()), values::FormatJadwal(jadwal),
                    values::FormatRupiah(a.biaya_rupiah()), a.pelaksana()});
        ++rows;
      }
      break;
    }
    case import::ImportKind::kTotalDokumen: {
      Line(&csv, {"satker", "tahun", "dokumen", "bagian", "program_kode", "pagu", "realisasi"});
      if (absl::Status st = Records(view, prefix, storage::kKindTotal, &records); !st.ok()) {
        return st;
      }
      for (const auto& r : records) {
        const v1::TotalDokumen& t = r.total_dokumen();
        if (request.tahun() > 0 && t.tahun() != request.tahun()) continue;
        Line(&csv, {t.satker(), absl::StrCat(t.tahun()), t.dokumen(), t.bagian(), t.program_kode(),
                    t.has_pagu_rupiah() ? values::FormatRupiah(t.pagu_rupiah()) : "",
                    t.has_realisasi_rupiah() ? values::FormatRupiah(t.realisasi_rupiah()) : ""});
        ++rows;
      }
      break;
    }
  }
  v1::ExportResponse response;
  response.set_csv(std::move(csv));
  response.set_rows(rows);
  return response;
}

}  // namespace kinerja::rollup
