#include "daemon/rollup/rollup_query.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/values/angka.h"
#include "daemon/rollup/capaian.h"
#include "daemon/rollup/rollup_keys.h"
#include "kinerja/v1/rollup.pb.h"

namespace kinerja::rollup {
namespace {

// Subtrees this large are read with one scan per row type; smaller ones per satker.
constexpr size_t kScanThreshold = 16;

absl::Status CheckSatker(const daemon::Registry& registry, absl::string_view node,
                         absl::string_view satker, int tahun) {
  if (satker.empty()) return absl::InvalidArgumentError("a satker is required");
  if (tahun <= 0) return absl::InvalidArgumentError("a year (tahun) is required");
  if (!registry.Contains(satker)) {
    return absl::NotFoundError(absl::StrCat("unknown satker ", satker));
  }
  if (!registry.IsSelfOrAncestor(node, satker)) {
    return absl::PermissionDeniedError(
        absl::StrCat("satker ", satker, " is not ", node, " or below it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::RollupRow> Parse(absl::string_view key, absl::string_view raw) {
  v1::RollupRow row;
  if (!row.ParseFromArray(raw.data(), static_cast<int>(raw.size()))) {
    return absl::DataLossError(absl::StrCat("undecodable rollup row ", key));
  }
  return row;
}

// Calls fn(satker, row) for every row of `type` of the satker in `subtree`.
absl::Status ForEachRow(const storage::ReadView& view, int tahun, absl::string_view type,
                        const std::vector<std::string>& subtree,
                        const absl::flat_hash_map<std::string, std::string>& bucket,
                        const std::function<void(const std::string&, const v1::RollupRow&)>& fn) {
  absl::Status inner;
  auto visit = [&](absl::string_view key, absl::string_view raw) {
    const std::string satker = RowSatker(key);
    if (!bucket.contains(satker)) return true;
    auto row = Parse(key, raw);
    if (!row.ok()) {
      inner = row.status();
      return false;
    }
    fn(satker, *row);
    return true;
  };
  absl::Status st;
  if (subtree.size() > kScanThreshold) {
    st = view.ScanDerived(TypePrefix(tahun, type), visit);
  } else {
    for (const std::string& s : subtree) {
      if (type == "total" || type == "counts") {
        const std::string key = type == "total" ? TotalKey(tahun, s) : CountsKey(tahun, s);
        auto raw = view.GetDerived(key);
        if (!raw.ok()) return raw.status();
        if (raw->has_value()) visit(key, **raw);
      } else {
        st = view.ScanDerived(SatkerTypePrefix(tahun, type, s), visit);
      }
      if (!st.ok() || !inner.ok()) break;
    }
  }
  if (!st.ok()) return st;
  return inner;
}

v1::BudgetRow MakeBudgetRow(int64_t pagu, int64_t realisasi) {
  v1::BudgetRow row;
  row.set_pagu(pagu);
  row.set_realisasi(realisasi);
  row.set_penyerapan(PenyerapanText(realisasi, pagu));
  return row;
}

std::vector<std::string> Flags(int64_t pagu, int64_t realisasi) {
  if (realisasi > pagu) return {"realisasi above pagu"};
  return {};
}

}  // namespace

absl::StatusOr<v1::RollupResponse> QueryRollup(const storage::ReadView& view,
                                               const daemon::Registry& registry,
                                               absl::string_view node,
                                               const v1::RollupRequest& request) {
  const std::string& satker = request.satker();
  const int tahun = request.tahun();
  if (absl::Status st = CheckSatker(registry, node, satker, tahun); !st.ok()) return st;

  // Each satker of the subtree adds to its own bucket: the queried satker itself, or the
  // direct child whose subtree it lies in.
  const std::vector<std::string> subtree = registry.Subtree(satker);
  absl::flat_hash_map<std::string, std::string> bucket;
  for (const std::string& s : subtree) {
    std::string b = s;
    while (b != satker && registry.Parent(b) != satker) b = registry.Parent(b);
    bucket[s] = b;
  }

  struct Sum {
    int64_t pagu = 0, realisasi = 0;
  };
  std::map<std::string, Sum> by_bucket;
  std::map<std::string, Sum> by_program;
  std::map<std::string, std::string> program_names;
  int64_t months[12] = {};
  uint32_t laporan[12] = {};
  std::set<std::string> with_figures;
  v1::RollupResponse response;
  response.set_satker(satker);
  response.set_tahun(tahun);

  absl::Status st = ForEachRow(view, tahun, "total", subtree, bucket,
                               [&](const std::string& s, const v1::RollupRow& row) {
                                 const v1::BudgetFigures& f = row.total();
                                 Sum& b = by_bucket[bucket[s]];
                                 b.pagu += f.pagu_rupiah();
                                 b.realisasi += f.realisasi_rupiah();
                                 for (int m = 0; m < 12 && m < f.realisasi_bulan_size(); ++m) {
                                   months[m] += f.realisasi_bulan(m);
                                   laporan[m] += f.laporan_bulan(m);
                                 }
                                 with_figures.insert(s);
                               });
  if (!st.ok()) return st;
  st = ForEachRow(view, tahun, "program", subtree, bucket,
                  [&](const std::string&, const v1::RollupRow& row) {
                    const v1::ProgramRollup& p = row.program();
                    Sum& sum = by_program[p.program_kode()];
                    sum.pagu += p.figures().pagu_rupiah();
                    sum.realisasi += p.figures().realisasi_rupiah();
                    std::string& name = program_names[p.program_kode()];
                    if (name.empty() || (!p.program().empty() && p.program() < name)) {
                      name = p.program();
                    }
                  });
  if (!st.ok()) return st;
  v1::IndikatorCounts* counts = response.mutable_indikator();
  st = ForEachRow(view, tahun, "counts", subtree, bucket,
                  [&](const std::string&, const v1::RollupRow& row) {
                    const v1::IndikatorCounts& c = row.counts();
                    counts->set_jumlah(counts->jumlah() + c.jumlah());
                    counts->set_dengan_target(counts->dengan_target() + c.dengan_target());
                    counts->set_dengan_realisasi(counts->dengan_realisasi() + c.dengan_realisasi());
                    counts->set_tercapai(counts->tercapai() + c.tercapai());
                  });
  if (!st.ok()) return st;

  int64_t pagu = 0, realisasi = 0;
  for (const auto& [b, sum] : by_bucket) {
    v1::BudgetRow* row = response.add_satker_rows();
    *row = MakeBudgetRow(sum.pagu, sum.realisasi);
    row->set_satker(b);
    if (const v1::Satker* s = registry.Find(b)) row->set_nama(s->nama());
    pagu += sum.pagu;
    realisasi += sum.realisasi;
  }
  for (const auto& [kode, sum] : by_program) {
    v1::BudgetRow* row = response.add_program_rows();
    *row = MakeBudgetRow(sum.pagu, sum.realisasi);
    row->set_program_kode(kode);
    row->set_nama(program_names[kode]);
  }
  int64_t cumulative = 0;
  for (int m = 0; m < 12; ++m) {
    cumulative += months[m];
    v1::MonthRow* row = response.add_bulan_rows();
    row->set_bulan(m + 1);
    row->set_realisasi(months[m]);
    row->set_kumulatif(cumulative);
    row->set_laporan(laporan[m]);
  }
  response.set_pagu(pagu);
  response.set_realisasi(realisasi);
  response.set_penyerapan(PenyerapanText(realisasi, pagu));
  response.set_satker_count(with_figures.size());
  return response;
}

absl::StatusOr<v1::LkjResponse> QueryLkj(const storage::ReadView& view,
                                         const daemon::Registry& registry, absl::string_view node,
                                         const v1::LkjRequest& request) {
  const std::string& satker = request.satker();
  const int tahun = request.tahun();
  if (absl::Status st = CheckSatker(registry, node, satker, tahun); !st.ok()) return st;
  v1::LkjResponse response;
  response.set_satker(satker);
  response.set_nama(registry.Find(satker)->nama());
  response.set_tahun(tahun);

  // Indicators, ordered by goal and code.
  std::vector<v1::LkjIndikatorRow> indikator;
  absl::Status inner;
  absl::Status st =
      view.ScanDerived(SatkerTypePrefix(tahun, "indikator", satker),
                       [&](absl::string_view key, absl::string_view raw) {
                         auto row = Parse(key, raw);
                         if (!row.ok()) {
                           inner = row.status();
                           return false;
                         }
                         const v1::IndikatorRollup& ind = row->indikator();
                         if (!ind.has_indikator())
                           return true;  // Realisasi of an indicator not held.
                         v1::LkjIndikatorRow out;
                         out.set_sasaran_kode(ind.indikator().sasaran_kode());
                         out.set_sasaran(ind.indikator().sasaran());
                         out.set_indikator_kode(ind.indikator_kode());
                         out.set_indikator(ind.indikator().indikator());
                         if (ind.indikator().has_target())
                           *out.mutable_target() = ind.indikator().target();
                         if (const auto* r = FinalRealisasi(ind)) {
                           *out.mutable_realisasi() = r->realisasi();
                           out.set_periode(r->periode());
                           if (ind.indikator().has_target()) {
                             if (auto c = Capaian(ind.indikator().target(), r->realisasi(),
                                                  ind.indikator().polaritas())) {
                               out.set_capaian(FormatPercent(*c));
                               out.set_tercapai(AtLeast(*c, 100));
                               if (Above(*c, 120)) out.add_flags("capaian above 120");
                             }
                           }
                         } else {
                           out.add_flags("no realisasi");
                         }
                         indikator.push_back(std::move(out));
                         return true;
                       });
  if (!st.ok()) return st;
  if (!inner.ok()) return inner;
  std::stable_sort(indikator.begin(), indikator.end(), [](const auto& a, const auto& b) {
    return std::tie(a.sasaran_kode(), a.indikator_kode()) <
           std::tie(b.sasaran_kode(), b.indikator_kode());
  });
  for (auto& row : indikator) *response.add_indikator() = std::move(row);

  // Budget: each program's kegiatan, then the program's subtotal.
  std::vector<v1::ProgramRollup> programs;
  st = view.ScanDerived(SatkerTypePrefix(tahun, "program", satker),
                        [&](absl::string_view key, absl::string_view raw) {
                          auto row = Parse(key, raw);
                          if (!row.ok()) {
                            inner = row.status();
                            return false;
                          }
                          programs.push_back(row->program());
                          return true;
                        });
  if (!st.ok()) return st;
  if (!inner.ok()) return inner;
  for (const v1::ProgramRollup& p : programs) {
    st = view.ScanDerived(
        absl::StrCat(SatkerTypePrefix(tahun, "kegiatan", satker), p.program_kode(), "/"),
        [&](absl::string_view key, absl::string_view raw) {
          auto row = Parse(key, raw);
          if (!row.ok()) {
            inner = row.status();
            return false;
          }
          const v1::KegiatanRollup& k = row->kegiatan();
          v1::LkjKegiatanRow* out = response.add_anggaran();
          out->set_program_kode(p.program_kode());
          out->set_program(p.program());
          out->set_kegiatan_kode(k.kegiatan_kode());
          out->set_kegiatan(k.kegiatan());
          out->set_pagu(k.figures().pagu_rupiah());
          out->set_realisasi(k.figures().realisasi_rupiah());
          out->set_penyerapan(PenyerapanText(out->realisasi(), out->pagu()));
          for (auto& f : Flags(out->pagu(), out->realisasi())) out->add_flags(f);
          return true;
        });
    if (!st.ok()) return st;
    if (!inner.ok()) return inner;
    v1::LkjKegiatanRow* subtotal = response.add_anggaran();
    subtotal->set_program_kode(p.program_kode());
    subtotal->set_program(p.program());
    subtotal->set_pagu(p.figures().pagu_rupiah());
    subtotal->set_realisasi(p.figures().realisasi_rupiah());
    subtotal->set_penyerapan(PenyerapanText(subtotal->realisasi(), subtotal->pagu()));
    for (auto& f : Flags(subtotal->pagu(), subtotal->realisasi())) subtotal->add_flags(f);
  }

  // What the document itself states, checked against the figures its rows add up to.
  std::map<std::string, v1::BudgetFigures> program_figures;
  for (const v1::ProgramRollup& p : programs) program_figures[p.program_kode()] = p.figures();
  std::vector<v1::TotalDokumen> stated;
  st = view.ScanDerived(SatkerTypePrefix(tahun, "stated", satker),
                        [&](absl::string_view key, absl::string_view raw) {
                          auto row = Parse(key, raw);
                          if (!row.ok()) {
                            inner = row.status();
                            return false;
                          }
                          stated.push_back(row->stated());
                          return true;
                        });
  if (!st.ok()) return st;
  if (!inner.ok()) return inner;

  auto total_raw = view.GetDerived(TotalKey(tahun, satker));
  if (!total_raw.ok()) return total_raw.status();
  if (total_raw->has_value()) {
    auto total = Parse(TotalKey(tahun, satker), **total_raw);
    if (!total.ok()) return total.status();
    const v1::BudgetFigures& f = total->total();
    response.set_pagu(f.pagu_rupiah());
    response.set_realisasi(f.realisasi_rupiah());
    response.set_penyerapan(PenyerapanText(f.realisasi_rupiah(), f.pagu_rupiah()));
    for (auto& flag : Flags(f.pagu_rupiah(), f.realisasi_rupiah())) response.add_flags(flag);
    program_figures[""] = f;
    bool monthly = false;
    for (uint32_t n : f.laporan_bulan()) monthly = monthly || n > 0;
    if (monthly || f.laporan_tahunan() == 0) {
      for (int m = 0; m < 12; ++m) {
        if (m >= f.laporan_bulan_size() || f.laporan_bulan(m) == 0) {
          response.add_bulan_tanpa_laporan(m + 1);
        }
      }
    }
  }
  for (const v1::TotalDokumen& t : stated) {
    const v1::BudgetFigures& rows_sum = program_figures[t.program_kode()];
    const std::string where = absl::StrCat(
        t.dokumen(), " (", t.bagian(), ")",
        t.program_kode().empty() ? "" : absl::StrCat(" for program ", t.program_kode()));
    if (t.has_pagu_rupiah() && t.pagu_rupiah() != rows_sum.pagu_rupiah()) {
      response.add_flags(absl::StrCat(where, " states pagu ", values::FormatRupiah(t.pagu_rupiah()),
                                      "; its rows add up to ",
                                      values::FormatRupiah(rows_sum.pagu_rupiah())));
    }
    if (t.has_realisasi_rupiah() && t.realisasi_rupiah() != rows_sum.realisasi_rupiah()) {
      response.add_flags(
          absl::StrCat(where, " states realisasi ", values::FormatRupiah(t.realisasi_rupiah()),
                       "; its rows add up to ", values::FormatRupiah(rows_sum.realisasi_rupiah())));
    }
  }
  return response;
}

}  // namespace kinerja::rollup
