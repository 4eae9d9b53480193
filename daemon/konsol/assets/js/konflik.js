// Konflik: each key with more than one head, the versions side by side (author, time, origin
// and every field, differences marked); one click keeps a version, or a merged value is
// entered. The request names the heads shown, so a version that arrived meanwhile is never
// overwritten unseen (the node refuses it and the page says to reload).
import * as api from './api.js';
import { el, hlcWaktu, judul, pesan } from './format.js';

// {anggaran_pagu: {pagu_rupiah: "1", ...}} -> [["anggaran_pagu.pagu_rupiah", "1"], ...]
function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, path, out);
    else out.set(path, Array.isArray(v) ? JSON.stringify(v) : v);
  }
  return out;
}

function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p];
  o[parts[parts.length - 1]] = value;
}

function idText(id) {
  return `${id.origin}#${id.seq}`;
}

function konflikKartu(c, ctx) {
  const heads = c.heads;
  const fields = heads.map((h) => flatten(h.record, '', new Map()));
  // Fields that differ first, then the rest in the record's order.
  const all = [...new Set(fields.flatMap((f) => [...f.keys()]))];
  const differs = (n) => new Set(fields.map((f) => String(f.get(n)))).size > 1;
  const names = all.filter(differs).concat(all.filter((n) => !differs(n)));
  const hasil = el('div', { 'aria-live': 'polite' });
  const shownHeads = heads.map((h) => h.id);
  const resolve = async (body, what) => {
    hasil.replaceChildren(pesan('info', `Menyimpan ${what}…`));
    try {
      await api.post('resolve', Object.assign({ key: c.key, heads: shownHeads }, body));
      // The card keeps only the outcome; the other conflicts stay as they were shown.
      kartu.replaceChildren(el('h2', {}, c.key), pesan('ok', `Konflik ${c.key} diselesaikan: ${what}.`));
    } catch (e) {
      hasil.replaceChildren(pesan('galat', e.message));
    }
  };
  const headRow = el('tr', {}, el('th', { scope: 'col' }, 'Kolom'), heads.map((h, i) => el('th', { scope: 'col' },
    `Versi ${i + 1}`, el('br'), el('small', {}, `${h.author || '(tanpa nama)'} · ${hlcWaktu(h.hlc)}`), el('br'),
    el('small', { class: 'asal' }, `asal ${idText(h.id)}`), h.winner ? el('span', { class: 'lencana' }, 'tampil sekarang') : null)));
  const body = names.map((n) => {
    const vals = fields.map((f) => (f.has(n) ? String(f.get(n)) : ''));
    const beda = new Set(vals).size > 1;
    return el('tr', { class: beda ? 'beda' : undefined },
      el('th', { scope: 'row' }, n.split('.').slice(1).join('.') || n, beda ? el('span', { class: 'tanda', 'aria-label': 'berbeda' }, ' ≠') : null),
      vals.map((v) => el('td', {}, v)));
  });
  const pilih = el('tr', {}, el('th', { scope: 'row' }, 'Pilih'), heads.map((h, i) => el('td', {},
    el('button', { type: 'button', class: 'utama', disabled: !ctx.mayWrite, 'data-uji': 'pakai-' + i,
      onclick: () => resolve({ pick: h.id }, `versi ${i + 1} (${idText(h.id)}) dipakai`) }, `Pakai versi ${i + 1}`))));
  const tabel = el('div', { class: 'gulir', tabindex: '0', role: 'region', 'aria-label': `Versi ${c.key}` },
    el('table', { class: 'banding' }, el('caption', {}, `Versi yang bertentangan untuk ${c.key}`),
      el('thead', {}, headRow), el('tbody', {}, body, pilih)));

  // A merged value: every differing field as an input, starting from the shown version.
  const dasar = heads.find((h) => h.winner) || heads[0];
  const berbeda = names.filter(differs);
  const inputs = berbeda.map((n, i) => {
    const id = `gabung-${c.key.replace(/[^a-zA-Z0-9]/g, '-')}-${i}`;
    const input = el('input', { id, value: String(flatten(dasar.record, '', new Map()).get(n) ?? '') });
    return { n, input, label: el('label', { for: id }, n.split('.').slice(1).join('.') || n) };
  });
  const gabung = el('form', { class: 'formulir', 'aria-label': `Nilai gabungan untuk ${c.key}` },
    inputs.flatMap((x) => [x.label, x.input]),
    el('div', { class: 'aksi' }, el('button', { type: 'submit', disabled: !ctx.mayWrite }, 'Simpan nilai gabungan')));
  gabung.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const rec = JSON.parse(JSON.stringify(dasar.record));
    const asli = flatten(dasar.record, '', new Map());
    for (const x of inputs) {
      const before = asli.get(x.n);
      let v = x.input.value.trim();
      if (typeof before === 'number') v = Number(v);
      else if (typeof before === 'boolean') v = v === 'true';
      setPath(rec, x.n, v);
    }
    resolve({ merged: rec }, 'nilai gabungan disimpan');
  });
  const kartu = el('section', { class: 'kartu', 'data-uji': 'konflik-kartu' },
    el('h2', {}, c.key), tabel,
    el('details', {}, el('summary', {}, 'Masukkan nilai gabungan'), gabung), hasil);
  return kartu;
}

export async function render(ctx) {
  const r = await api.get('conflicts', { satker: ctx.params.get('satker') || '' });
  const out = [judul('Konflik')];
  if (r.conflicts.length === 0) {
    out.push(pesan('ok', 'Tidak ada konflik terbuka di simpul ini.'));
    return out;
  }
  out.push(el('p', {}, `${r.conflicts.length} rekaman memiliki lebih dari satu versi. Pilih versi yang benar atau masukkan nilai gabungan.`));
  for (const c of r.conflicts) out.push(konflikKartu(c, ctx));
  return out;
}
