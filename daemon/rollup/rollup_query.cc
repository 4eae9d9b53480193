#include "daemon/rollup/rollup_query.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

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

using RowFn = std::function<absl::Status(absl::string_view key, const v1::RollupRow& row)>;

// Calls fn(key, row) for each rollup row with `prefix`; DATA_LOSS for an undecodable row.
absl::Status ScanRows(const storage::ReadView& view, absl::string_view prefix, const RowFn& fn) {
  return view.ScanDerived(prefix, [&](absl::string_view key, absl::string_view raw) {
    absl::StatusOr<v1::RollupRow> row = Parse(key, raw);
    if (!row.ok()) return row.status();
    return fn(key, *row);
  });
}

using SatkerRowFn = std::function<void(const std::string& satker, const v1::RollupRow& row)>;

// Calls fn(satker, row) for every row of `type` of the satker in `subtree`.
absl::Status ForEachRow(const storage::ReadView& view, int tahun, absl::string_view type,
                        const std::vector<std::string>& subtree,
                        const absl::flat_hash_map<std::string, std::string>& bucket,
                        const SatkerRowFn& fn) {
  const RowFn visit = [&](absl::string_view key, const v1::RollupRow& row) {
    const std::string satker = RowSatker(key);
    if (bucket.contains(satker)) fn(satker, row);
    return absl::OkStatus();
  };
  if (subtree.size() > kScanThreshold) return ScanRows(view, TypePrefix(tahun, type), visit);
  for (const std::string& s : subtree) {
    if (type == "total" || type == "counts") {
      const std::string key = type == "total" ? TotalKey(tahun, s) : CountsKey(tahun, s);
      auto raw = view.GetDerived(key);
      if (!raw.ok()) return raw.status();
      if (!raw->has_value()) continue;
      absl::StatusOr<v1::RollupRow> row = Parse(key, **raw);
      if (!row.ok()) return row.status();
      if (absl::Status st = visit(key, *row); !st.ok()) return st;
    } else if (absl::Status st = ScanRows(view, SatkerTypePrefix(tahun, type, s), visit);
               !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

// Each satker of the subtree of `satker` adds to its own bucket: `satker` itself, or the
// direct child whose subtree it lies in.
absl::flat_hash_map<std::string, std::string> Buckets(const daemon::Registry& registry,
                                                      const std::string& satker,
                                                      const std::vector<std::string>& subtree) {
  absl::flat_hash_map<std::string, std::string> bucket;
  for (const std::string& s : subtree) {
    std::string b = s;
    while (b != satker && registry.Parent(b) != satker) b = registry.Parent(b);
    bucket[s] = b;
  }
  return bucket;
}

struct Sum {
  int64_t pagu = 0;
  int64_t realisasi = 0;
};

// What a rollup adds up over a subtree before it becomes a response.
struct RollupSums {
  std::map<std::string, Sum> by_bucket;  // Every bucket with any figure, budget or not.
  std::map<std::string, Sum> by_program;
  std::map<std::string, std::string> program_names;
  int64_t months[12] = {};
  uint32_t laporan[12] = {};
  std::set<std::string> with_figures;  // Satker with any figure.
  v1::IndikatorCounts counts;
  bool wrapped = false;  // A money sum would have passed int64 (Add refused it).

  // `*sum += amount`, unless that would pass int64: then it notes it and leaves `*sum`.
  void Add(int64_t* sum, int64_t amount) {
    if (__builtin_add_overflow(*sum, amount, sum)) wrapped = true;
  }
};

// Budget totals: per bucket and per month.
absl::Status AddTotals(const storage::ReadView& view, int tahun,
                       const std::vector<std::string>& subtree,
                       const absl::flat_hash_map<std::string, std::string>& bucket,
                       RollupSums* sums) {
  return ForEachRow(view, tahun, "total", subtree, bucket,
                    [&](const std::string& s, const v1::RollupRow& row) {
                      const v1::BudgetFigures& f = row.total();
                      Sum& b = sums->by_bucket[bucket.at(s)];
                      sums->Add(&b.pagu, f.pagu_rupiah());
                      sums->Add(&b.realisasi, f.realisasi_rupiah());
                      for (int m = 0; m < 12 && m < f.realisasi_bulan_size(); ++m) {
                        sums->Add(&sums->months[m], f.realisasi_bulan(m));
                        sums->laporan[m] += f.laporan_bulan(m);
                      }
                      sums->with_figures.insert(s);
                    });
}

// Budget per program, with the program's name (the least non-empty one the rows give).
absl::Status AddPrograms(const storage::ReadView& view, int tahun,
                         const std::vector<std::string>& subtree,
                         const absl::flat_hash_map<std::string, std::string>& bucket,
                         RollupSums* sums) {
  return ForEachRow(view, tahun, "program", subtree, bucket,
                    [&](const std::string&, const v1::RollupRow& row) {
                      const v1::ProgramRollup& p = row.program();
                      Sum& sum = sums->by_program[p.program_kode()];
                      sums->Add(&sum.pagu, p.figures().pagu_rupiah());
                      sums->Add(&sum.realisasi, p.figures().realisasi_rupiah());
                      std::string& name = sums->program_names[p.program_kode()];
                      if (name.empty() || (!p.program().empty() && p.program() < name)) {
                        name = p.program();
                      }
                    });
}

// Indicator counts. A satker with indicators but no budget still gets its bucket's row.
absl::Status AddCounts(const storage::ReadView& view, int tahun,
                       const std::vector<std::string>& subtree,
                       const absl::flat_hash_map<std::string, std::string>& bucket,
                       RollupSums* sums) {
  return ForEachRow(view, tahun, "counts", subtree, bucket,
                    [&](const std::string& s, const v1::RollupRow& row) {
                      const v1::IndikatorCounts& c = row.counts();
                      v1::IndikatorCounts& counts = sums->counts;
                      counts.set_jumlah(counts.jumlah() + c.jumlah());
                      counts.set_dengan_target(counts.dengan_target() + c.dengan_target());
                      counts.set_dengan_realisasi(counts.dengan_realisasi() + c.dengan_realisasi());
                      counts.set_tercapai(counts.tercapai() + c.tercapai());
                      sums->by_bucket.try_emplace(bucket.at(s));
                      sums->with_figures.insert(s);
                    });
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

// The satker, program and month rows of a rollup and its totals.
void FillRollup(const RollupSums& sums, const daemon::Registry& registry,
                v1::RollupResponse* response) {
  int64_t pagu = 0, realisasi = 0;
  for (const auto& [b, sum] : sums.by_bucket) {
    v1::BudgetRow* row = response->add_satker_rows();
    *row = MakeBudgetRow(sum.pagu, sum.realisasi);
    row->set_satker(b);
    if (const v1::Satker* s = registry.Find(b)) row->set_nama(s->nama());
    pagu += sum.pagu;
    realisasi += sum.realisasi;
  }
  for (const auto& [kode, sum] : sums.by_program) {
    v1::BudgetRow* row = response->add_program_rows();
    *row = MakeBudgetRow(sum.pagu, sum.realisasi);
    row->set_program_kode(kode);
    row->set_nama(sums.program_names.at(kode));
  }
  int64_t cumulative = 0;
  for (int m = 0; m < 12; ++m) {
    cumulative += sums.months[m];
    v1::MonthRow* row = response->add_bulan_rows();
    row->set_bulan(m + 1);
    row->set_realisasi(sums.months[m]);
    row->set_kumulatif(cumulative);
    row->set_laporan(sums.laporan[m]);
  }
  *response->mutable_indikator() = sums.counts;
  response->set_pagu(pagu);
  response->set_realisasi(realisasi);
  response->set_penyerapan(PenyerapanText(realisasi, pagu));
  response->set_satker_count(sums.with_figures.size());
}

// One LKj indicator row: target, final realisasi, capaian and its flags.
v1::LkjIndikatorRow IndikatorRow(const v1::IndikatorRollup& ind) {
  v1::LkjIndikatorRow out;
  out.set_sasaran_kode(ind.indikator().sasaran_kode());
  out.set_sasaran(ind.indikator().sasaran());
  out.set_indikator_kode(ind.indikator_kode());
  out.set_indikator(ind.indikator().indikator());
  if (ind.indikator().has_target()) *out.mutable_target() = ind.indikator().target();
  const auto* r = FinalRealisasi(ind);
  if (r == nullptr) {
    out.add_flags("no realisasi");
    return out;
  }
  *out.mutable_realisasi() = r->realisasi();
  out.set_periode(r->periode());
  if (!ind.indikator().has_target()) return out;
  if (auto c = Capaian(ind.indikator().target(), r->realisasi(), ind.indikator().polaritas())) {
    out.set_capaian(FormatPercent(*c));
    out.set_tercapai(AtLeast(*c, 100));
    if (Above(*c, 120)) out.add_flags("capaian above 120");
  }
  return out;
}

// The LKj indicator table, ordered by goal and code.
absl::Status AddLkjIndikator(const storage::ReadView& view, int tahun, const std::string& satker,
                             v1::LkjResponse* response) {
  std::vector<v1::LkjIndikatorRow> indikator;
  absl::Status st = ScanRows(view, SatkerTypePrefix(tahun, "indikator", satker),
                             [&](absl::string_view, const v1::RollupRow& row) {
                               // Skips the realisasi of an indicator not held.
                               if (row.indikator().has_indikator()) {
                                 indikator.push_back(IndikatorRow(row.indikator()));
                               }
                               return absl::OkStatus();
                             });
  if (!st.ok()) return st;
  std::stable_sort(indikator.begin(), indikator.end(), [](const auto& a, const auto& b) {
    return std::tie(a.sasaran_kode(), a.indikator_kode()) <
           std::tie(b.sasaran_kode(), b.indikator_kode());
  });
  for (auto& row : indikator) *response->add_indikator() = std::move(row);
  return absl::OkStatus();
}

// The rows of one satker's rollup rows of `type`, in key order, through `get`.
template <typename Value>
absl::StatusOr<std::vector<Value>> SatkerRows(const storage::ReadView& view,
                                              const std::string& prefix,
                                              const Value& (v1::RollupRow::*get)() const) {
  std::vector<Value> values;
  absl::Status st = ScanRows(view, prefix, [&](absl::string_view, const v1::RollupRow& row) {
    values.push_back((row.*get)());
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return values;
}

// An LKj budget row's pagu, realisasi, penyerapan and flags.
void SetLkjFigures(const v1::BudgetFigures& f, v1::LkjKegiatanRow* out) {
  out->set_pagu(f.pagu_rupiah());
  out->set_realisasi(f.realisasi_rupiah());
  out->set_penyerapan(PenyerapanText(out->realisasi(), out->pagu()));
  for (auto& flag : Flags(out->pagu(), out->realisasi())) out->add_flags(flag);
}

// The LKj budget table: each program's kegiatan, then the program's subtotal.
absl::Status AddLkjAnggaran(const storage::ReadView& view, int tahun, const std::string& satker,
                            const std::vector<v1::ProgramRollup>& programs,
                            v1::LkjResponse* response) {
  for (const v1::ProgramRollup& p : programs) {
    auto kegiatan = SatkerRows(
        view, absl::StrCat(SatkerTypePrefix(tahun, "kegiatan", satker), p.program_kode(), "/"),
        &v1::RollupRow::kegiatan);
    if (!kegiatan.ok()) return kegiatan.status();
    for (const v1::KegiatanRollup& k : *kegiatan) {
      v1::LkjKegiatanRow* out = response->add_anggaran();
      out->set_program_kode(p.program_kode());
      out->set_program(p.program());
      out->set_kegiatan_kode(k.kegiatan_kode());
      out->set_kegiatan(k.kegiatan());
      SetLkjFigures(k.figures(), out);
    }
    v1::LkjKegiatanRow* subtotal = response->add_anggaran();
    subtotal->set_program_kode(p.program_kode());
    subtotal->set_program(p.program());
    SetLkjFigures(p.figures(), subtotal);
  }
  return absl::OkStatus();
}

// The satker's budget total, its flags and the months without a budget report. Records the
// total as program_figures[""], the figures a document's whole-budget statement is checked
// against.
absl::Status AddLkjTotal(const storage::ReadView& view, int tahun, const std::string& satker,
                         std::map<std::string, v1::BudgetFigures>* program_figures,
                         v1::LkjResponse* response) {
  auto total_raw = view.GetDerived(TotalKey(tahun, satker));
  if (!total_raw.ok()) return total_raw.status();
  if (!total_raw->has_value()) return absl::OkStatus();
  auto total = Parse(TotalKey(tahun, satker), **total_raw);
  if (!total.ok()) return total.status();
  const v1::BudgetFigures& f = total->total();
  response->set_pagu(f.pagu_rupiah());
  response->set_realisasi(f.realisasi_rupiah());
  response->set_penyerapan(PenyerapanText(f.realisasi_rupiah(), f.pagu_rupiah()));
  for (auto& flag : Flags(f.pagu_rupiah(), f.realisasi_rupiah())) response->add_flags(flag);
  (*program_figures)[""] = f;
  bool monthly = false;
  for (uint32_t n : f.laporan_bulan()) monthly = monthly || n > 0;
  if (monthly || f.laporan_tahunan() == 0) {
    for (int m = 0; m < 12; ++m) {
      if (m >= f.laporan_bulan_size() || f.laporan_bulan(m) == 0) {
        response->add_bulan_tanpa_laporan(m + 1);
      }
    }
  }
  return absl::OkStatus();
}

// Flags each figure a document states that differs from what its rows add up to.
void AddStatedFlags(const std::vector<v1::TotalDokumen>& stated,
                    std::map<std::string, v1::BudgetFigures>& program_figures,
                    v1::LkjResponse* response) {
  for (const v1::TotalDokumen& t : stated) {
    const v1::BudgetFigures& rows_sum = program_figures[t.program_kode()];
    const std::string where = absl::StrCat(
        t.dokumen(), " (", t.bagian(), ")",
        t.program_kode().empty() ? "" : absl::StrCat(" for program ", t.program_kode()));
    if (t.has_pagu_rupiah() && t.pagu_rupiah() != rows_sum.pagu_rupiah()) {
      response->add_flags(
          absl::StrCat(where, " states pagu ", values::FormatRupiah(t.pagu_rupiah()),
                       "; its rows add up to ", values::FormatRupiah(rows_sum.pagu_rupiah())));
    }
    if (t.has_realisasi_rupiah() && t.realisasi_rupiah() != rows_sum.realisasi_rupiah()) {
      response->add_flags(
          absl::StrCat(where, " states realisasi ", values::FormatRupiah(t.realisasi_rupiah()),
                       "; its rows add up to ", values::FormatRupiah(rows_sum.realisasi_rupiah())));
    }
  }
}

}  // namespace

absl::StatusOr<v1::RollupResponse> QueryRollup(const storage::ReadView& view,
                                               const daemon::Registry& registry,
                                               absl::string_view node,
                                               const v1::RollupRequest& request) {
  const std::string& satker = request.satker();
  const int tahun = request.tahun();
  if (absl::Status st = CheckSatker(registry, node, satker, tahun); !st.ok()) return st;
  const std::vector<std::string> subtree = registry.Subtree(satker);
  const absl::flat_hash_map<std::string, std::string> bucket = Buckets(registry, satker, subtree);
  RollupSums sums;
  if (absl::Status st = AddTotals(view, tahun, subtree, bucket, &sums); !st.ok()) return st;
  if (absl::Status st = AddPrograms(view, tahun, subtree, bucket, &sums); !st.ok()) return st;
  // The stored rows are each within int64 (rollup_observer.h); their sum over a subtree is
  // checked too, and refused rather than shown wrapped. Out of reach of data within the
  // per-value bound (codec/record_limits.h) unless thousands of values sit at that bound.
  int64_t pagu = 0, realisasi = 0, cumulative = 0;
  for (const auto& [b, sum] : sums.by_bucket) {
    sums.Add(&pagu, sum.pagu);
    sums.Add(&realisasi, sum.realisasi);
  }
  for (int64_t month : sums.months) sums.Add(&cumulative, month);
  if (sums.wrapped) {
    return absl::OutOfRangeError(absl::StrCat("rollup of ", request.satker(), " ", tahun,
                                              ": a money sum would pass the int64 range"));
  }
  if (absl::Status st = AddCounts(view, tahun, subtree, bucket, &sums); !st.ok()) return st;
  v1::RollupResponse response;
  response.set_satker(satker);
  response.set_tahun(tahun);
  FillRollup(sums, registry, &response);
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
  if (absl::Status st = AddLkjIndikator(view, tahun, satker, &response); !st.ok()) return st;
  auto programs =
      SatkerRows(view, SatkerTypePrefix(tahun, "program", satker), &v1::RollupRow::program);
  if (!programs.ok()) return programs.status();
  if (absl::Status st = AddLkjAnggaran(view, tahun, satker, *programs, &response); !st.ok()) {
    return st;
  }
  // What the document itself states, checked against the figures its rows add up to.
  std::map<std::string, v1::BudgetFigures> program_figures;
  for (const v1::ProgramRollup& p : *programs) program_figures[p.program_kode()] = p.figures();
  auto stated = SatkerRows(view, SatkerTypePrefix(tahun, "stated", satker), &v1::RollupRow::stated);
  if (!stated.ok()) return stated.status();
  if (absl::Status st = AddLkjTotal(view, tahun, satker, &program_figures, &response); !st.ok()) {
    return st;
  }
  AddStatedFlags(*stated, program_figures, &response);
  return response;
}

}  // namespace kinerja::rollup
