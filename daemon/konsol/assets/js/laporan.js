// Laporan: the LKj preview (indicators with capaian and flags, budget per kegiatan with
// subtotals) and its downloads as XLSX and CSV, laid out by the node as kinerjactl lays them.
import * as api from './api.js';
import { bar } from './chart.js';
import { el, judul, persen, pesan, rupiah, table } from './format.js';

function nilai(n) {
  return n ? (n.teks || n.kategori || '') : '';
}

export async function render(ctx) {
  const lkj = await api.get('lkj', { satker: ctx.satker, tahun: ctx.tahun });
  const q = { satker: lkj.satker, tahun: lkj.tahun };
  const out = [judul(`Laporan Kinerja ${lkj.nama || lkj.satker} Tahun ${lkj.tahun}`),
    el('p', { class: 'aksi unduh' },
      el('a', { class: 'tombol', href: api.downloadUrl('lkj.xlsx', q), download: `lkj-${lkj.satker}-${lkj.tahun}.xlsx`, 'data-uji': 'unduh-xlsx' }, 'Unduh XLSX'),
      el('a', { class: 'tombol', href: api.downloadUrl('lkj.csv', q), download: `lkj-${lkj.satker}-${lkj.tahun}.csv`, 'data-uji': 'unduh-csv' }, 'Unduh CSV'))];
  for (const f of lkj.flags) out.push(pesan('peringatan', `Tanda laporan: ${f}`));
  out.push(el('h2', { text: 'Capaian indikator' }));
  if (lkj.indikator.length === 0) out.push(pesan('info', 'Tidak ada indikator untuk tahun ini.'));
  else {
    out.push(table('Target, realisasi dan capaian', [{ label: 'Sasaran' }, { label: 'Indikator' }, { label: 'Target' },
      { label: 'Realisasi' }, { label: 'Capaian', cls: 'angka' }, { label: 'Tanda' }],
    lkj.indikator.map((i) => ({ cls: i.flags.length ? 'ditandai' : undefined,
      cells: [i.sasaran, i.indikator, nilai(i.target), nilai(i.realisasi), persen(i.capaian), i.flags.join('; ')] }))));
  }
  out.push(el('h2', { text: 'Anggaran' }));
  const rows = lkj.anggaran.map((k) => ({ cls: k.kegiatan_kode ? (k.flags.length ? 'ditandai' : undefined) : 'subtotal',
    cells: [k.program_kode, k.kegiatan_kode || 'Jumlah', k.kegiatan_kode ? k.kegiatan : k.program, rupiah(k.pagu),
      rupiah(k.realisasi), persen(k.penyerapan), bar(k.penyerapan), k.flags.join('; ')] }));
  rows.push({ cls: 'total', cells: ['Total', '', '', el('span', { 'data-rupiah': lkj.pagu, 'data-uji': 'lkj-pagu' }, rupiah(lkj.pagu)),
    el('span', { 'data-rupiah': lkj.realisasi, 'data-uji': 'lkj-realisasi' }, rupiah(lkj.realisasi)),
    el('span', { 'data-uji': 'lkj-penyerapan' }, persen(lkj.penyerapan)), bar(lkj.penyerapan), ''] });
  out.push(table('Pagu dan realisasi per program dan kegiatan', [{ label: 'Program' }, { label: 'Kegiatan' }, { label: 'Uraian' },
    { label: 'Pagu (Rp)', cls: 'angka' }, { label: 'Realisasi (Rp)', cls: 'angka' }, { label: 'Penyerapan', cls: 'angka' },
    { label: '', cls: 'batang-kol' }, { label: 'Tanda' }], rows, { 'data-uji': 'lkj-anggaran' }));
  if (lkj.bulan_tanpa_laporan.length > 0) {
    out.push(pesan('info', `Bulan tanpa laporan realisasi: ${lkj.bulan_tanpa_laporan.join(', ')}.`));
  }
  return out;
}
