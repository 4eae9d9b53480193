#include "daemon/rollup/rollup_observer.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "daemon/rollup/capaian.h"
#include "daemon/rollup/rollup_keys.h"
#include "kinerja/v1/domain.pb.h"
#include "kinerja/v1/rollup.pb.h"
#include "storage/entity_key.h"

namespace kinerja::rollup {
namespace {

using storage::DerivedRows;

// Reads a row; nullopt if absent.
absl::StatusOr<std::optional<v1::RollupRow>> Load(DerivedRows* rows, const std::string& key) {
  auto raw = rows->Get(key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return std::nullopt;
  v1::RollupRow row;
  if (!row.ParseFromString(**raw)) {
    return absl::DataLossError(absl::StrCat("undecodable rollup row ", key));
  }
  return row;
}

void Store(DerivedRows* rows, const std::string& key, const v1::RollupRow& row) {
  rows->Put(key, row.SerializeAsString());
}

int MonthIndex(v1::Periode p) {
  return p >= v1::PERIODE_B01 && p <= v1::PERIODE_B12 ? p - v1::PERIODE_B01 : -1;
}

// `sum + sign * amount`, or INVALID_ARGUMENT naming the row and field if it would pass int64
// (DESIGN.md, "Money never wraps").
absl::StatusOr<int64_t> AddMoney(int64_t sum, int sign, int64_t amount, const std::string& row_key,
                                 absl::string_view field) {
  int64_t delta = 0, out = 0;
  if (__builtin_mul_overflow(amount, static_cast<int64_t>(sign), &delta) ||
      __builtin_add_overflow(sum, delta, &out)) {
    return absl::InvalidArgumentError(absl::StrCat("rollup ", row_key, ": ", field, " ", sum,
                                                   sign < 0 ? " - " : " + ", amount,
                                                   " would pass the int64 range"));
  }
  return out;
}

// Adds `sign` times one budget record to `f`, the figures of row `row_key`; nothing changes
// if a sum would pass int64.
absl::Status AddToFigures(v1::BudgetFigures* f, int sign, const v1::Record& record,
                          const std::string& row_key) {
  if (f->realisasi_bulan_size() == 0) f->mutable_realisasi_bulan()->Resize(12, 0);
  if (f->laporan_bulan_size() == 0) f->mutable_laporan_bulan()->Resize(12, 0);
  if (record.has_anggaran_pagu()) {
    auto pagu = AddMoney(f->pagu_rupiah(), sign, record.anggaran_pagu().pagu_rupiah(), row_key,
                         "pagu_rupiah");
    if (!pagu.ok()) return pagu.status();
    f->set_records(f->records() + sign);
    f->set_pagu_rupiah(*pagu);
    f->set_lines(f->lines() + sign);
    return absl::OkStatus();
  }
  const v1::AnggaranRealisasi& r = record.anggaran_realisasi();
  auto total =
      AddMoney(f->realisasi_rupiah(), sign, r.realisasi_rupiah(), row_key, "realisasi_rupiah");
  if (!total.ok()) return total.status();
  const int m = MonthIndex(r.periode());
  auto part = m >= 0 ? AddMoney(f->realisasi_bulan(m), sign, r.realisasi_rupiah(), row_key,
                                absl::StrCat("realisasi_bulan[", m + 1, "]"))
                     : AddMoney(f->realisasi_tahunan(), sign, r.realisasi_rupiah(), row_key,
                                "realisasi_tahunan");
  if (!part.ok()) return part.status();
  f->set_records(f->records() + sign);
  f->set_realisasi_rupiah(*total);
  if (m >= 0) {
    f->set_realisasi_bulan(m, *part);
    f->set_laporan_bulan(m, f->laporan_bulan(m) + sign);
  } else {
    f->set_realisasi_tahunan(*part);
    f->set_laporan_tahunan(f->laporan_tahunan() + sign);
  }
  return absl::OkStatus();
}

// Adds `sign` to the count of `name` and returns the name to show.
std::string CountName(google::protobuf::RepeatedPtrField<v1::NameCount>* names, int sign,
                      const std::string& name) {
  if (!name.empty()) {
    auto it = std::find_if(names->begin(), names->end(),
                           [&](const v1::NameCount& n) { return n.name() == name; });
    if (it == names->end()) {
      v1::NameCount* n = names->Add();
      n->set_name(name);
      std::sort(names->begin(), names->end(),
                [](const v1::NameCount& a, const v1::NameCount& b) { return a.name() < b.name(); });
      it = std::find_if(names->begin(), names->end(),
                        [&](const v1::NameCount& x) { return x.name() == name; });
    }
    it->set_count(it->count() + sign);
    if (it->count() == 0) names->erase(it);
  }
  const v1::NameCount* best = nullptr;
  for (const auto& n : *names) {
    if (best == nullptr || n.count() > best->count()) best = &n;  // Sorted: ties keep smallest.
  }
  return best == nullptr ? "" : best->name();
}

absl::Status UpdateBudget(DerivedRows* rows, int sign, const v1::Record& record) {
  const bool is_pagu = record.has_anggaran_pagu();
  const std::string& satker =
      is_pagu ? record.anggaran_pagu().satker() : record.anggaran_realisasi().satker();
  const int tahun = is_pagu ? record.anggaran_pagu().tahun() : record.anggaran_realisasi().tahun();
  const std::string& program_kode =
      is_pagu ? record.anggaran_pagu().program_kode() : record.anggaran_realisasi().program_kode();
  const std::string& kegiatan_kode = is_pagu ? record.anggaran_pagu().kegiatan_kode()
                                             : record.anggaran_realisasi().kegiatan_kode();

  const std::string total_key = TotalKey(tahun, satker);
  auto total = Load(rows, total_key);
  if (!total.ok()) return total.status();
  v1::RollupRow t = total->value_or(v1::RollupRow());
  if (absl::Status st = AddToFigures(t.mutable_total(), sign, record, total_key); !st.ok()) {
    return st;
  }
  if (t.total().records() == 0) {
    rows->Delete(total_key);
  } else {
    Store(rows, total_key, t);
  }

  const std::string program_key = ProgramKey(tahun, satker, program_kode);
  auto program = Load(rows, program_key);
  if (!program.ok()) return program.status();
  v1::RollupRow p = program->value_or(v1::RollupRow());
  v1::ProgramRollup* pr = p.mutable_program();
  pr->set_program_kode(program_kode);
  if (absl::Status st = AddToFigures(pr->mutable_figures(), sign, record, program_key); !st.ok()) {
    return st;
  }
  pr->set_program(
      CountName(pr->mutable_names(), sign, is_pagu ? record.anggaran_pagu().program() : ""));
  if (pr->figures().records() == 0) {
    rows->Delete(program_key);
  } else {
    Store(rows, program_key, p);
  }

  const std::string kegiatan_key = KegiatanKey(tahun, satker, program_kode, kegiatan_kode);
  auto kegiatan = Load(rows, kegiatan_key);
  if (!kegiatan.ok()) return kegiatan.status();
  v1::RollupRow k = kegiatan->value_or(v1::RollupRow());
  v1::KegiatanRollup* kr = k.mutable_kegiatan();
  kr->set_program_kode(program_kode);
  kr->set_kegiatan_kode(kegiatan_kode);
  if (absl::Status st = AddToFigures(kr->mutable_figures(), sign, record, kegiatan_key); !st.ok()) {
    return st;
  }
  kr->set_kegiatan(
      CountName(kr->mutable_names(), sign, is_pagu ? record.anggaran_pagu().kegiatan() : ""));
  if (kr->figures().records() == 0) {
    rows->Delete(kegiatan_key);
  } else {
    Store(rows, kegiatan_key, k);
  }
  return absl::OkStatus();
}

// What one indicator row contributes to its satker's counts.
v1::IndikatorCounts Contribution(const std::optional<v1::RollupRow>& row) {
  v1::IndikatorCounts c;
  if (!row || !row->indikator().has_indikator()) return c;
  const v1::IndikatorRollup& ind = row->indikator();
  c.set_jumlah(1);
  c.set_dengan_target(ind.indikator().has_target());
  c.set_dengan_realisasi(ind.realisasi_size() > 0);
  const auto* final_realisasi = FinalRealisasi(ind);
  if (ind.indikator().has_target() && final_realisasi != nullptr) {
    auto capaian = Capaian(ind.indikator().target(), final_realisasi->realisasi(),
                           ind.indikator().polaritas());
    c.set_tercapai(capaian && AtLeast(*capaian, 100));
  }
  return c;
}

absl::Status UpdateIndikator(DerivedRows* rows, int tahun, const std::string& satker,
                             const std::string& kode,
                             const std::function<void(v1::IndikatorRollup*)>& edit) {
  const std::string key = IndikatorKey(tahun, satker, kode);
  auto before = Load(rows, key);
  if (!before.ok()) return before.status();
  std::optional<v1::RollupRow> after = before->value_or(v1::RollupRow());
  after->mutable_indikator()->set_indikator_kode(kode);
  edit(after->mutable_indikator());
  if (!after->indikator().has_indikator() && after->indikator().realisasi_size() == 0) {
    after.reset();
    rows->Delete(key);
  } else {
    Store(rows, key, *after);
  }
  const v1::IndikatorCounts old_c = Contribution(*before);
  const v1::IndikatorCounts new_c = Contribution(after);
  if (old_c.SerializeAsString() == new_c.SerializeAsString()) return absl::OkStatus();

  const std::string counts_key = CountsKey(tahun, satker);
  auto counts = Load(rows, counts_key);
  if (!counts.ok()) return counts.status();
  v1::RollupRow row = counts->value_or(v1::RollupRow());
  v1::IndikatorCounts* c = row.mutable_counts();
  c->set_jumlah(c->jumlah() - old_c.jumlah() + new_c.jumlah());
  c->set_dengan_target(c->dengan_target() - old_c.dengan_target() + new_c.dengan_target());
  c->set_dengan_realisasi(c->dengan_realisasi() - old_c.dengan_realisasi() +
                          new_c.dengan_realisasi());
  c->set_tercapai(c->tercapai() - old_c.tercapai() + new_c.tercapai());
  if (c->jumlah() == 0 && c->dengan_realisasi() == 0) {
    rows->Delete(counts_key);
  } else {
    Store(rows, counts_key, row);
  }
  return absl::OkStatus();
}

absl::Status ApplyIndikator(DerivedRows* rows, const v1::Record* before, const v1::Record* after) {
  const v1::Indikator& any = (after != nullptr ? after : before)->indikator();
  return UpdateIndikator(rows, any.tahun(), any.satker(), any.indikator_kode(),
                         [&](v1::IndikatorRollup* ind) {
                           if (after != nullptr) {
                             *ind->mutable_indikator() = after->indikator();
                           } else {
                             ind->clear_indikator();
                           }
                         });
}

absl::Status ApplyRealisasi(DerivedRows* rows, const v1::Record* before, const v1::Record* after) {
  const v1::RealisasiIndikator& any = (after != nullptr ? after : before)->realisasi_indikator();
  return UpdateIndikator(
      rows, any.tahun(), any.satker(), any.indikator_kode(), [&](v1::IndikatorRollup* ind) {
        auto* list = ind->mutable_realisasi();
        auto it = std::find_if(list->begin(), list->end(),
                               [&](const auto& r) { return r.periode() == any.periode(); });
        if (after == nullptr) {
          if (it != list->end()) list->erase(it);
          return;
        }
        v1::IndikatorRollup::Realisasi* entry = it != list->end() ? &*it : list->Add();
        entry->set_periode(any.periode());
        *entry->mutable_realisasi() = after->realisasi_indikator().realisasi();
        std::sort(list->begin(), list->end(),
                  [](const auto& a, const auto& b) { return a.periode() < b.periode(); });
      });
}

}  // namespace

absl::Status RollupObserver::OnVisibleChange(absl::string_view key, const std::string* before,
                                             const std::string* after, DerivedRows* rows) {
  auto parsed = storage::ParseKey(key);
  if (!parsed.ok() || parsed->section != storage::KeySection::kRecord) return absl::OkStatus();
  const std::string& kind = parsed->kind;
  const bool budget = kind == storage::kKindPagu || kind == storage::kKindBelanja;
  if (!budget && kind != storage::kKindIndikator && kind != storage::kKindRealisasi &&
      kind != storage::kKindTotal) {
    return absl::OkStatus();
  }
  std::optional<v1::Record> old_record, new_record;
  for (auto [raw, out] : {std::pair{before, &old_record}, std::pair{after, &new_record}}) {
    if (raw == nullptr) continue;
    v1::Record r;
    if (!r.ParseFromString(*raw)) {
      return absl::DataLossError(absl::StrCat("undecodable record ", key));
    }
    *out = std::move(r);
  }
  const v1::Record* b = old_record ? &*old_record : nullptr;
  const v1::Record* a = new_record ? &*new_record : nullptr;
  if (budget) {
    if (b != nullptr) {
      if (absl::Status st = UpdateBudget(rows, -1, *b); !st.ok()) return st;
    }
    if (a != nullptr) return UpdateBudget(rows, +1, *a);
    return absl::OkStatus();
  }
  if (kind == storage::kKindTotal) {
    // A document's stated total: kept as is, for the LKj to check against the rows.
    const v1::TotalDokumen& t = (a != nullptr ? a : b)->total_dokumen();
    const std::string row_key =
        StatedKey(t.tahun(), t.satker(), t.dokumen(), t.bagian(), t.program_kode());
    if (a == nullptr) {
      rows->Delete(row_key);
    } else {
      v1::RollupRow row;
      *row.mutable_stated() = a->total_dokumen();
      Store(rows, row_key, row);
    }
    return absl::OkStatus();
  }
  if (kind == storage::kKindIndikator) return ApplyIndikator(rows, b, a);
  return ApplyRealisasi(rows, b, a);
}

}  // namespace kinerja::rollup
