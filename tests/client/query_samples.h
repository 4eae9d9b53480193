// QueryService responses built from the Kabupaten Tangerang LKj 2024 (seed 002), shared by
// the tests of the query output and of kinerjactl's query commands.
#ifndef KINERJA_TESTS_CLIENT_QUERY_SAMPLES_H_
#define KINERJA_TESTS_CLIENT_QUERY_SAMPLES_H_

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "kinerja/v1/query.pb.h"

namespace kinerja::testing {

inline v1::BudgetRow BudgetRow(const std::string& satker, const std::string& program_kode,
                               const std::string& nama, int64_t pagu, int64_t realisasi,
                               const std::string& penyerapan) {
  v1::BudgetRow row;
  row.set_satker(satker);
  row.set_program_kode(program_kode);
  row.set_nama(nama);
  row.set_pagu(pagu);
  row.set_realisasi(realisasi);
  row.set_penyerapan(penyerapan);
  return row;
}

// Kabupaten Tangerang 2024: two programs; three months recorded monthly, the rest of the
// realisasi yearly (TAHUNAN).
inline v1::RollupResponse TangerangRollup() {
  v1::RollupResponse r;
  r.set_satker("3603");
  r.set_tahun(2024);
  r.set_pagu(238339761000);
  r.set_realisasi(231658704797);
  r.set_penyerapan("97.20");
  *r.add_satker_rows() =
      BudgetRow("3603", "", "KPU Kabupaten Tangerang", 238339761000, 231658704797, "97.20");
  *r.add_program_rows() =
      BudgetRow("", "CQ", "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi", 235639061000,
                228965412716, "97.17");
  *r.add_program_rows() =
      BudgetRow("", "WA", "Dukungan Manajemen", 2700700000, 2693292081, "99.73");
  v1::IndikatorCounts* c = r.mutable_indikator();
  c->set_jumlah(20);
  c->set_dengan_target(20);
  c->set_dengan_realisasi(19);
  c->set_tercapai(18);
  int64_t kumulatif = 0;
  for (int bulan = 1; bulan <= 3; ++bulan) {
    v1::MonthRow* m = r.add_bulan_rows();
    m->set_bulan(bulan);
    m->set_realisasi(1000000000LL * bulan);
    kumulatif += m->realisasi();
    m->set_kumulatif(kumulatif);
    m->set_laporan(2);
  }
  r.set_satker_count(1);
  return r;
}

inline v1::Nilai Nilai(const std::string& teks) {
  v1::Nilai n;
  n.set_teks(teks);
  return n;
}

inline v1::LkjIndikatorRow IndikatorRow(const std::string& sasaran_kode, const std::string& sasaran,
                                        const std::string& indikator_kode,
                                        const std::string& indikator, const std::string& target,
                                        const std::string& realisasi, v1::Periode periode,
                                        const std::string& capaian) {
  v1::LkjIndikatorRow row;
  row.set_sasaran_kode(sasaran_kode);
  row.set_sasaran(sasaran);
  row.set_indikator_kode(indikator_kode);
  row.set_indikator(indikator);
  *row.mutable_target() = Nilai(target);
  *row.mutable_realisasi() = Nilai(realisasi);
  row.set_periode(periode);
  row.set_capaian(capaian);
  double percent = 0;
  row.set_tercapai(absl::SimpleAtod(capaian, &percent) && percent >= 100);
  return row;
}

inline v1::LkjKegiatanRow KegiatanRow(const std::string& program_kode, const std::string& program,
                                      const std::string& kegiatan_kode, const std::string& kegiatan,
                                      int64_t pagu, int64_t realisasi,
                                      const std::string& penyerapan) {
  v1::LkjKegiatanRow row;
  row.set_program_kode(program_kode);
  row.set_program(program);
  row.set_kegiatan_kode(kegiatan_kode);
  row.set_kegiatan(kegiatan);
  row.set_pagu(pagu);
  row.set_realisasi(realisasi);
  row.set_penyerapan(penyerapan);
  return row;
}

inline constexpr char kSasaran1[] =
    "Terwujudnya rencana kerja dan anggaran KPU Kabupaten/Kota yang efektif dan efisien";
inline constexpr char kProgramCq[] =
    "Program Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi";
inline constexpr char kProgramWa[] = "Program Dukungan Manajemen";

// The LKj of Kabupaten Tangerang 2024, shortened: three indicators of two sasaran (one
// measured in TW3 and above 120%), two kegiatan per program with the programs' subtotals.
inline v1::LkjResponse TangerangLkj() {
  v1::LkjResponse r;
  r.set_satker("3603");
  r.set_nama("KPU Kabupaten Tangerang");
  r.set_tahun(2024);
  *r.add_indikator() =
      IndikatorRow("SS1", kSasaran1, "IKU1",
                   "Jumlah revisi yang dilakukan terhadap rencana kerja yang telah ditetapkan",
                   "12 Kali", "12 Kali", v1::PERIODE_TAHUNAN, "100.00");
  *r.add_indikator() =
      IndikatorRow("SS1", kSasaran1, "IKU2",
                   "Persentase laporan monitoring dan evaluasi yang akuntabel dan tepat waktu",
                   "100%", "100%", v1::PERIODE_TAHUNAN, "100.00");
  v1::LkjIndikatorRow third =
      IndikatorRow("SS2", "Terwujudnya Pelatihan Teknis Kepemiluan bagi penyelenggara Pemilu",
                   "IKU3", "Persentase dalam mengikuti / mengadakan bimtek untuk penyelenggara",
                   "95%", "120%", v1::PERIODE_TW3, "126.32");
  third.add_flags("capaian above 120");
  *r.add_indikator() = third;
  *r.add_anggaran() =
      KegiatanRow("CQ", kProgramCq, "6639", "Teknis Penyelenggaraan Pemilu/Pemilihan", 72045542000,
                  65382516427, "90.75");
  *r.add_anggaran() = KegiatanRow("CQ", kProgramCq, "6867", "Pembentukan Badan Adhoc", 135062946000,
                                  135062926500, "100.00");
  *r.add_anggaran() = KegiatanRow("CQ", kProgramCq, "", "", 235639061000, 228965412716, "97.17");
  *r.add_anggaran() = KegiatanRow("WA", kProgramWa, "3355", "Pengelolaan Keuangan", 2483659000,
                                  2476273362, "99.70");
  *r.add_anggaran() =
      KegiatanRow("WA", kProgramWa, "3360", "Operasional Perkantoran dan Dukungan Sarana Prasarana",
                  217041000, 217018719, "99.99");
  *r.add_anggaran() = KegiatanRow("WA", kProgramWa, "", "", 2700700000, 2693292081, "99.73");
  r.set_pagu(238339761000);
  r.set_realisasi(231658704797);
  r.set_penyerapan("97.20");
  r.add_bulan_tanpa_laporan(3);
  r.add_bulan_tanpa_laporan(7);
  r.add_flags("stated total 231.665.238.797 differs from the rows' 231.658.704.797");
  return r;
}

// A rollup change: the total row of Kabupaten Tangerang 2024, or its deletion.
inline v1::RollupChange TotalChange(uint64_t cursor, int64_t pagu, bool deleted = false) {
  v1::RollupChange c;
  c.set_cursor(cursor);
  c.set_row_key("2024/total/3603");
  c.set_deleted(deleted);
  if (!deleted) c.mutable_row()->mutable_total()->set_pagu_rupiah(pagu);
  return c;
}

}  // namespace kinerja::testing

#endif  // KINERJA_TESTS_CLIENT_QUERY_SAMPLES_H_
