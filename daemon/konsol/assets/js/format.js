// How values are shown: money as whole rupiah grouped by '.', percentages exactly as the node
// computed them (rounded half-up to two decimals there; never recomputed here), dates in
// Indonesian. Also small DOM helpers every page uses.

// "238339761000" (proto3 JSON prints int64 as a string) -> "238.339.761.000".
export function rupiah(digits) {
  const s = String(digits === undefined || digits === null || digits === '' ? '0' : digits);
  const neg = s.startsWith('-');
  const d = neg ? s.slice(1) : s;
  const grouped = d.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + grouped;
}

// "97.20" -> "97,20 %"; "" -> "–".
export function persen(text) {
  if (text === undefined || text === null || text === '') return '–';
  return text.replace('.', ',') + ' %';
}

export const BULAN = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

export function waktu(ms) {
  const n = Number(ms);
  if (!n) return 'belum pernah';
  return new Date(n).toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'medium' });
}

// The wall-clock milliseconds of a hybrid logical clock value (upper 48 bits).
export function hlcWaktu(hlc) {
  try {
    return waktu(Number(BigInt(hlc) >> 16n));
  } catch (e) {
    return '';
  }
}

// el('td', {class: 'angka', text: '12'}, child...) -> an element.
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// A table in a scrolling box with a sticky header. cols: [{label, cls}], rows: arrays of
// cells (text or elements), each row optionally {cells, cls}.
export function table(caption, cols, rows, attrs) {
  const thead = el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col', class: c.cls }, c.label))));
  const tbody = el('tbody', {});
  for (const r of rows) {
    const cells = Array.isArray(r) ? r : r.cells;
    const tr = el('tr', { class: Array.isArray(r) ? undefined : r.cls });
    cells.forEach((c, i) => tr.append(el(i === 0 && cols[0].rowHeader ? 'th' : 'td', { class: cols[i] && cols[i].cls, scope: i === 0 && cols[0].rowHeader ? 'row' : undefined }, c)));
    tbody.append(tr);
  }
  const t = el('table', attrs || {}, caption ? el('caption', { text: caption }) : null, thead, tbody);
  return el('div', { class: 'gulir', tabindex: '0', role: 'region', 'aria-label': caption || 'Tabel' }, t);
}

// A message in one sentence: kind 'galat' (error), 'ok' or 'info'.
export function pesan(kind, text) {
  return el('p', { class: 'pesan ' + kind, role: kind === 'galat' ? 'alert' : 'status' }, text);
}

export function judul(text) {
  return el('h1', { text });
}
