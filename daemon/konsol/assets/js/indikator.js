// Indikator: per sasaran and indicator the target, the realisasi of each period recorded, the
// final realisasi and its capaian with the node's flags.
import * as api from './api.js';
import { el, judul, persen, pesan, table } from './format.js';

function nilai(n) {
  if (!n) return '';
  return n.teks || n.kategori || '';
}

function periodeKata(p) {
  return String(p || '').replace(/^PERIODE_/, '');
}

export async function render(ctx) {
  const [lkj, rec] = await Promise.all([
    api.get('lkj', { satker: ctx.satker, tahun: ctx.tahun }),
    api.get('records', { satker: ctx.satker, tahun: ctx.tahun, kind: 'realisasi' }),
  ]);
  const out = [judul(`Indikator ${lkj.satker} tahun ${lkj.tahun}`)];
  if (lkj.indikator.length === 0) {
    out.push(pesan('info', `Belum ada indikator ${lkj.satker} untuk tahun ${lkj.tahun}; impor berkas indikator atau pilih tahun lain.`));
    return out;
  }
  const perIndikator = new Map();
  for (const e of rec.entries) {
    const ri = e.record && e.record.realisasi_indikator;
    if (!ri) continue;
    const list = perIndikator.get(ri.indikator_kode) || [];
    list.push(`${periodeKata(ri.periode)}: ${nilai(ri.realisasi)}`);
    perIndikator.set(ri.indikator_kode, list);
  }
  const rows = lkj.indikator.map((i) => ({
    cls: i.flags.length > 0 ? 'ditandai' : undefined,
    cells: [i.indikator_kode, i.sasaran, i.indikator, nilai(i.target),
      (perIndikator.get(i.indikator_kode) || []).join('; '),
      `${nilai(i.realisasi)}${i.periode && i.periode !== 'PERIODE_TAHUNAN' ? ' (' + periodeKata(i.periode) + ')' : ''}`,
      persen(i.capaian), i.tercapai ? 'tercapai' : (i.capaian ? 'belum' : ''), i.flags.join('; ')],
  }));
  out.push(table(`Target, realisasi dan capaian, ${lkj.satker} ${lkj.tahun}`,
    [{ label: 'Kode', rowHeader: true }, { label: 'Sasaran' }, { label: 'Indikator' }, { label: 'Target' },
      { label: 'Realisasi per periode' }, { label: 'Realisasi akhir' }, { label: 'Capaian', cls: 'angka' },
      { label: 'Status' }, { label: 'Tanda' }], rows, { 'data-uji': 'indikator' }));
  return out;
}
