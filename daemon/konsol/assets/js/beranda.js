// Beranda: what this node is, whether its upstream answers, what waits to go up, conflicts
// and refusals; "Sinkronkan sekarang" with progress and its result; at a hub and national,
// one row per child.
import * as api from './api.js';
import { el, judul, pesan, table, waktu } from './format.js';

function ringkasan(s) {
  const rows = [
    ['Simpul', s.node],
    ['ID replika', s.replica_id],
    ['Upstream', s.upstream ? `${s.upstream} — ${s.upstream_reachable ? 'terjangkau' : 'tidak terjangkau'}` : 'tidak ada (nasional)'],
    ['Sinkron terakhir', waktu(s.last_sync_unix_ms)],
    ['Perubahan menunggu dikirim', el('span', { 'data-uji': 'menunggu' }, String(s.waiting_up))],
    ['Konflik terbuka', el('span', { 'data-uji': 'konflik' }, String(s.conflicts))],
    ['Perubahan ditolak', String(s.refused_changes)],
    ['Perubahan disimpan', String(s.changes_held)],
  ];
  if (s.last_sync_error) rows.push(['Galat sinkron terakhir', s.last_sync_error]);
  if (s.write_refused) rows.push(['PENULISAN DITOLAK', s.write_refused]);
  const dl = el('dl', { class: 'ringkas' });
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
  return dl;
}

// One row per child (StatusResponse.children): a province sees which office has not synced.
function anak(s) {
  const children = s.children || [];
  if (children.length === 0) return null;
  const rows = children.map((c) => {
    const sesi = Number(c.last_session_unix_ms) === 0 ? 'belum pernah'
      : (c.last_session_ok ? 'berhasil' : `gagal: ${c.last_session_error}`);
    const sinkron = Number(c.last_seen_unix_ms) > 0 && c.last_session_ok && Number(c.lag_down) === 0;
    return { cls: sinkron ? 'sinkron' : 'tertinggal', cells: [
      c.satker, c.name, waktu(c.last_seen_unix_ms), sesi,
      String(c.lag_down), String(c.lag_up), String(c.refusals),
      el('span', { 'data-uji': 'anak-' + c.satker }, sinkron ? 'tersinkron' : 'belum tersinkron'),
      c.software_version || (c.protocol_version ? `protokol ${c.protocol_version}` : ''),
    ] };
  });
  return el('section', {},
    el('h2', { text: 'Simpul di bawah' }),
    table('Satu baris per satker anak: terakhir terlihat, sesi terakhir, selisih perubahan, penolakan',
      [{ label: 'Satker', rowHeader: true }, { label: 'Nama' }, { label: 'Terakhir terlihat' },
        { label: 'Sesi terakhir' }, { label: 'Belum diterima dari anak', cls: 'angka' },
        { label: 'Belum dikirim ke anak', cls: 'angka' }, { label: 'Penolakan', cls: 'angka' },
        { label: 'Keadaan' }, { label: 'Versi' }],
      rows, { 'data-uji': 'anak' }));
}

export async function render(ctx) {
  const s = await ctx.refreshStatus();
  const box = el('div', { class: 'ringkasan' }, ringkasan(s));
  const hasil = el('div', { class: 'hasil', 'aria-live': 'polite' });
  const progress = el('progress', { hidden: true, 'aria-label': 'Sinkronisasi berjalan' });
  const tombol = el('button', { type: 'button', class: 'utama', 'data-uji': 'sinkron' }, 'Sinkronkan sekarang');
  if (!s.upstream) tombol.disabled = true;
  if (!ctx.mayWrite) tombol.disabled = true;
  tombol.addEventListener('click', async () => {
    tombol.disabled = true;
    progress.hidden = false;
    const mulai = Date.now();
    const detik = setInterval(() => {
      hasil.replaceChildren(pesan('info', `Menyinkronkan dengan upstream… ${Math.round((Date.now() - mulai) / 1000)} detik`));
    }, 250);
    hasil.replaceChildren(pesan('info', 'Menyinkronkan dengan upstream…'));
    try {
      const r = await api.post('sync', { timeout_ms: 30000 });
      clearInterval(detik);
      hasil.replaceChildren(pesan('ok',
        `Selesai dalam ${r.duration_ms} ms: ${r.sent} perubahan dikirim, ${r.received} diterima, ${r.waiting_up} masih menunggu.`));
    } catch (e) {
      clearInterval(detik);
      hasil.replaceChildren(pesan('galat', e.message));
    }
    progress.hidden = true;
    tombol.disabled = !s.upstream || !ctx.mayWrite;
    const baru = await ctx.refreshStatus();
    box.replaceChildren(ringkasan(baru));
  });
  return [judul('Beranda'), box,
    el('div', { class: 'aksi' }, tombol, progress), hasil, anak(s)];
}
