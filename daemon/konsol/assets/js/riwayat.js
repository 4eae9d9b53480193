// Riwayat of a record: every version this node holds, oldest first, with author, origin,
// time, what it superseded and whether it is a current head.
import * as api from './api.js';
import { el, judul, pesan, table, waktu } from './format.js';

function idText(id) {
  return id ? `${id.origin}#${id.seq}` : '';
}

function nilaiRingkas(rec) {
  if (!rec) return '';
  // The fields the key already names (satker, tahun, codes) are left out.
  const [, v] = Object.entries(rec)[0] || ['', {}];
  return Object.entries(v || {})
    .filter(([k]) => k !== 'satker' && k !== 'tahun' && !k.endsWith('_kode'))
    .map(([k, x]) => `${k} = ${typeof x === 'object' ? (x.teks || x.kategori || JSON.stringify(x)) : x}`)
    .join('; ');
}

export async function render(ctx) {
  const key = ctx.params.get('key') || '';
  const input = el('input', { id: 'riwayat-kunci', name: 'key', value: key, size: 40, placeholder: '3603/2024/pagu/…' });
  const form = el('form', { class: 'formulir', 'aria-label': 'Cari riwayat rekaman' },
    el('label', { for: 'riwayat-kunci' }, 'Kunci rekaman'), input,
    el('div', { class: 'aksi' }, el('button', { type: 'submit', class: 'utama' }, 'Tampilkan riwayat')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = ctx.link('riwayat', { key: input.value.trim() });
  });
  const out = [judul('Riwayat rekaman'), form];
  if (!key) {
    const daftar = await api.get('records', { satker: ctx.satker, tahun: ctx.tahun, limit: 50 });
    if (daftar.entries.length > 0) {
      out.push(el('h2', { text: `Rekaman ${ctx.satker} ${ctx.tahun} (50 pertama)` }));
      out.push(el('ul', { class: 'daftar-kunci' }, daftar.entries.map((e) =>
        el('li', {}, el('a', { href: ctx.link('riwayat', { key: e.key }) }, e.key), e.conflict ? ' (konflik)' : ''))));
    } else {
      out.push(pesan('info', 'Masukkan kunci rekaman, atau pilih satker dan tahun yang memiliki data.'));
    }
    return out;
  }
  const h = await api.get('history', { key });
  out.push(table(`Setiap versi ${h.key}, terlama dahulu`, [{ label: 'Versi', rowHeader: true }, { label: 'Waktu' },
    { label: 'Penulis' }, { label: 'Nilai' }, { label: 'Menggantikan' }, { label: 'Digantikan oleh' }, { label: 'Keadaan' }],
  h.versions.map((v) => ({ cls: v.head ? 'kepala-versi' : undefined, cells: [idText(v.version.id), waktu(v.time_unix_ms),
    v.version.author, v.version.tombstone ? '(dihapus)' : nilaiRingkas(v.version.record),
    v.bases.map(idText).join(', '), v.superseded_by.map(idText).join(', '),
    v.head ? (v.version.winner ? 'kepala, tampil' : 'kepala') : 'lama'] })), { 'data-uji': 'riwayat' }));
  return out;
}
