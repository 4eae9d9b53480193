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

// One row per child (StatusResponse.children), when the node reports them.
function anak(s) {
  const children = s.children || [];
  if (children.length === 0) return null;
  const rows = children.map((c) => [
    c.satker || c.node || c.peer || '',
    c.nama || '',
    waktu(c.last_seen_unix_ms),
    String(c.lag_changes !== undefined ? c.lag_changes : (c.lag !== undefined ? c.lag : '')),
    String(c.refused_changes !== undefined ? c.refused_changes : (c.refusals !== undefined ? c.refusals : '')),
    (c.versions !== undefined ? String(c.versions) : (c.version || c.build_version || '')),
  ]);
  return el('section', {},
    el('h2', { text: 'Simpul di bawah' }),
    table('Satu baris per simpul anak: kapan terakhir terlihat, tertinggal berapa perubahan, penolakan',
      [{ label: 'Satker', rowHeader: true }, { label: 'Nama' }, { label: 'Terakhir terlihat' },
        { label: 'Tertinggal (perubahan)', cls: 'angka' }, { label: 'Ditolak', cls: 'angka' }, { label: 'Versi' }],
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
