// Rollup (hub, national): one row per satker below with pagu, realisasi and penyerapan,
// sortable; penyerapan per satker as a chart; a click opens that satker's Anggaran.
import * as api from './api.js';
import { bar, perSatker } from './chart.js';
import { el, judul, persen, pesan, rupiah } from './format.js';

const KOLOM = [
  { key: 'satker', label: 'Satker', num: false },
  { key: 'nama', label: 'Nama', num: false },
  { key: 'pagu', label: 'Pagu (Rp)', num: true },
  { key: 'realisasi', label: 'Realisasi (Rp)', num: true },
  { key: 'penyerapan', label: 'Penyerapan', num: true },
];

function cmp(a, b, k, num) {
  if (!num) return String(a[k] || '').localeCompare(String(b[k] || ''), 'id');
  if (k === 'penyerapan') return (parseFloat(a[k] || '-1') || 0) - (parseFloat(b[k] || '-1') || 0);
  const x = BigInt(a[k] || '0'), y = BigInt(b[k] || '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

export async function render(ctx) {
  const r = await api.get('rollup', { satker: ctx.satker, tahun: ctx.tahun });
  const out = [judul(`Rollup ${r.satker} tahun ${r.tahun}`)];
  const c = r.indikator || {};
  out.push(el('dl', { class: 'ringkas total' },
    el('dt', {}, 'Pagu'), el('dd', { 'data-uji': 'pagu' }, 'Rp ' + rupiah(r.pagu)),
    el('dt', {}, 'Realisasi'), el('dd', {}, 'Rp ' + rupiah(r.realisasi)),
    el('dt', {}, 'Penyerapan'), el('dd', {}, el('span', { 'data-uji': 'penyerapan' }, persen(r.penyerapan)), ' ', bar(r.penyerapan)),
    el('dt', {}, 'Satker dengan data'), el('dd', {}, String(r.satker_count)),
    el('dt', {}, 'Indikator'), el('dd', {}, `${c.jumlah || 0} indikator, ${c.dengan_target || 0} bertarget, ${c.dengan_realisasi || 0} berealisasi, ${c.tercapai || 0} tercapai`)));
  const rows = r.satker_rows.slice();
  if (rows.length === 0) {
    out.push(pesan('info', `Belum ada data anggaran di bawah ${r.satker} untuk tahun ${r.tahun}.`));
    return out;
  }
  const open = (kode) => { location.hash = ctx.link('anggaran', { satker: kode }); };
  let sortKey = 'satker', asc = true;
  const tbody = el('tbody', {});
  const heads = KOLOM.map((k) => {
    const btn = el('button', { type: 'button', class: 'urut' }, k.label);
    const th = el('th', { scope: 'col', class: k.num ? 'angka' : undefined, 'aria-sort': k.key === sortKey ? 'ascending' : 'none' }, btn);
    btn.addEventListener('click', () => {
      asc = sortKey === k.key ? !asc : true;
      sortKey = k.key;
      for (const h of heads) h.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      fill();
    });
    return th;
  });
  heads.push(el('th', { scope: 'col' }, ''));
  function fill() {
    const k = KOLOM.find((x) => x.key === sortKey);
    rows.sort((a, b) => (asc ? 1 : -1) * cmp(a, b, k.key, k.num));
    tbody.replaceChildren(...rows.map((s) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: ctx.link('anggaran', { satker: s.satker }) }, s.satker)),
      el('td', {}, s.nama), el('td', { class: 'angka' }, rupiah(s.pagu)), el('td', { class: 'angka' }, rupiah(s.realisasi)),
      el('td', { class: 'angka' }, persen(s.penyerapan)), el('td', { class: 'batang-kol' }, bar(s.penyerapan)))));
  }
  fill();
  out.push(el('div', { class: 'gulir', tabindex: '0', role: 'region', 'aria-label': 'Satker di bawah' },
    el('table', { 'data-uji': 'rollup' }, el('caption', {}, `Satu baris per satker di bawah ${r.satker} (klik judul kolom untuk mengurutkan)`),
      el('thead', {}, el('tr', {}, heads)), tbody)));
  out.push(el('h2', { text: 'Penyerapan per satker' }));
  out.push(perSatker(r.satker_rows, open));
  return out;
}
