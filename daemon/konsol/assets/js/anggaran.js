// Anggaran: the year's pagu, realisasi and penyerapan of a satker (with everything below it,
// as `kinerjactl rollup`), per program, per kegiatan (the LKj's rows), and the monthly
// realisasi with its cumulative line.
import * as api from './api.js';
import { bar, bulanan } from './chart.js';
import { el, judul, persen, pesan, rupiah, table } from './format.js';

function uang(digits, uji) {
  return el('span', { class: 'uang', 'data-rupiah': String(digits), 'data-uji': uji }, 'Rp ' + rupiah(digits));
}

export async function render(ctx) {
  const [r, lkj] = await Promise.all([
    api.get('rollup', { satker: ctx.satker, tahun: ctx.tahun }),
    api.get('lkj', { satker: ctx.satker, tahun: ctx.tahun }),
  ]);
  const out = [judul(`Anggaran ${r.satker} tahun ${r.tahun}`)];
  const total = el('dl', { class: 'ringkas total' },
    el('dt', {}, 'Pagu'), el('dd', {}, uang(r.pagu, 'pagu')),
    el('dt', {}, 'Realisasi'), el('dd', {}, uang(r.realisasi, 'realisasi')),
    el('dt', {}, 'Penyerapan'), el('dd', {}, el('span', { 'data-uji': 'penyerapan' }, persen(r.penyerapan)), ' ', bar(r.penyerapan)));
  out.push(total);
  if (Number(r.pagu) === 0 && Number(r.realisasi) === 0) {
    out.push(pesan('info', `Belum ada data anggaran ${r.satker} untuk tahun ${r.tahun}; impor berkas anggaran atau pilih tahun lain.`));
    return out;
  }
  const cols = [{ label: 'Kode', rowHeader: true }, { label: 'Uraian' }, { label: 'Pagu (Rp)', cls: 'angka' },
    { label: 'Realisasi (Rp)', cls: 'angka' }, { label: 'Penyerapan', cls: 'angka' }, { label: '', cls: 'batang-kol' }];
  out.push(el('h2', { text: 'Per program' }));
  out.push(table(`Pagu, realisasi dan penyerapan per program, ${r.satker} ${r.tahun}`, cols,
    r.program_rows.map((p) => [p.program_kode, p.nama, rupiah(p.pagu), rupiah(p.realisasi), persen(p.penyerapan), bar(p.penyerapan)])));

  if (lkj.anggaran.length > 0) {
    out.push(el('h2', { text: 'Per kegiatan' }));
    const rows = lkj.anggaran.map((k) => ({
      cls: k.kegiatan_kode ? undefined : 'subtotal',
      cells: [k.kegiatan_kode ? `${k.program_kode}.${k.kegiatan_kode}` : k.program_kode,
        k.kegiatan_kode ? k.kegiatan : `Jumlah ${k.program}`, rupiah(k.pagu), rupiah(k.realisasi),
        persen(k.penyerapan), bar(k.penyerapan)],
    }));
    rows.push({ cls: 'total', cells: ['Total', '', rupiah(lkj.pagu), rupiah(lkj.realisasi), persen(lkj.penyerapan), bar(lkj.penyerapan)] });
    out.push(table(`Per kegiatan, ${lkj.satker} ${lkj.tahun}`, cols, rows, { 'data-uji': 'kegiatan' }));
  }

  out.push(el('h2', { text: 'Realisasi per bulan' }));
  if (r.bulan_rows.length === 0) {
    out.push(pesan('info', 'Realisasi tahun ini dicatat tahunan (TAHUNAN), tanpa rincian per bulan.'));
  } else {
    out.push(bulanan(r.bulan_rows, r.pagu));
    out.push(table('Realisasi per bulan dan kumulatif', [{ label: 'Bulan', rowHeader: true },
      { label: 'Realisasi (Rp)', cls: 'angka' }, { label: 'Kumulatif (Rp)', cls: 'angka' }, { label: 'Laporan', cls: 'angka' }],
    r.bulan_rows.map((b) => [String(b.bulan), rupiah(b.realisasi), rupiah(b.kumulatif), String(b.laporan)])));
  }
  return out;
}
