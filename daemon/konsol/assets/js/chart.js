// Charts drawn as inline SVG from the data (no image leaves or enters the node): a penyerapan
// bar, the monthly realisasi with its cumulative line, penyerapan per satker. Figures are
// shown as the node formatted them; numbers are converted only to place marks.
import { BULAN, el, persen, rupiah } from './format.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

// A horizontal bar for a penyerapan "97.20" (capped at the box; the text says the value).
export function bar(penyerapan) {
  const v = Math.max(0, parseFloat(penyerapan || '0') || 0);
  const fill = el('span', { class: 'isi' + (v > 100 ? ' lebih' : '') });
  fill.style.width = Math.min(100, v) + '%';
  return el('span', { class: 'batang', role: 'img', 'aria-label': 'penyerapan ' + persen(penyerapan) }, fill);
}

// Short money for axes: 1.2 M (miliar), 350 jt (juta).
function singkat(n) {
  if (n >= 1e12) return (n / 1e12).toFixed(1).replace('.', ',') + ' T';
  if (n >= 1e9) return (n / 1e9).toFixed(1).replace('.', ',') + ' M';
  if (n >= 1e6) return Math.round(n / 1e6) + ' jt';
  return String(Math.round(n));
}

// Monthly realisasi (bars) and cumulative realisasi (line) of bulan_rows [{bulan, realisasi,
// kumulatif}], against the year's pagu when given.
export function bulanan(rows, pagu) {
  const W = 720, H = 300, L = 70, R = 16, T = 20, B = 40;
  const byMonth = new Map(rows.map((r) => [Number(r.bulan), r]));
  let max = Number(pagu || 0);
  for (const r of rows) max = Math.max(max, Number(r.kumulatif || 0), Number(r.realisasi || 0));
  if (max <= 0) max = 1;
  const x = (i) => L + ((W - L - R) / 12) * i;
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const g = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'grafik', role: 'img',
    'aria-label': 'Realisasi per bulan (batang) dan kumulatif (garis)',
  });
  g.append(svg('title', { text: 'Realisasi per bulan dan kumulatif' }));
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    g.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'kisi' }));
    g.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'sumbu', text: singkat(v) }));
  }
  if (pagu && Number(pagu) > 0) {
    g.append(svg('line', { x1: L, x2: W - R, y1: y(Number(pagu)), y2: y(Number(pagu)), class: 'pagu' }));
    g.append(svg('text', { x: W - R, y: y(Number(pagu)) - 4, 'text-anchor': 'end', class: 'sumbu', text: 'pagu' }));
  }
  const points = [];
  for (let i = 0; i < 12; i++) {
    const r = byMonth.get(i + 1);
    const w = (W - L - R) / 12;
    if (r) {
      const v = Number(r.realisasi || 0);
      const rect = svg('rect', { x: x(i) + w * 0.15, y: y(v), width: w * 0.7, height: Math.max(0, y(0) - y(v)), class: 'bulan' });
      rect.append(svg('title', { text: `${BULAN[i]}: realisasi Rp ${rupiah(r.realisasi)}, kumulatif Rp ${rupiah(r.kumulatif)}` }));
      g.append(rect);
      points.push(`${x(i) + w / 2},${y(Number(r.kumulatif || 0))}`);
    }
    g.append(svg('text', { x: x(i) + w / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'sumbu', text: BULAN[i] }));
  }
  if (points.length > 0) {
    g.append(svg('polyline', { points: points.join(' '), class: 'kumulatif' }));
    for (const p of points) {
      const [cx, cy] = p.split(',');
      g.append(svg('circle', { cx, cy, r: 3, class: 'titik' }));
    }
  }
  g.append(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'dasar' }));
  const legend = el('p', { class: 'legenda' },
    el('span', { class: 'kunci bulan' }), ' realisasi per bulan  ',
    el('span', { class: 'kunci kumulatif' }), ' kumulatif  ',
    el('span', { class: 'kunci pagu' }), ' pagu');
  return el('figure', { class: 'bingkai' }, g, legend);
}

// Penyerapan per satker as horizontal bars; `onPick(kode)` when a bar is clicked.
export function perSatker(rows, onPick) {
  const W = 720, rowH = 26, L = 170, R = 70, T = 10;
  const H = T * 2 + rowH * Math.max(1, rows.length);
  let max = 100;
  for (const r of rows) max = Math.max(max, parseFloat(r.penyerapan || '0') || 0);
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'grafik', role: 'img', 'aria-label': 'Penyerapan per satker' });
  g.append(svg('title', { text: 'Penyerapan per satker' }));
  const x = (v) => L + (W - L - R) * (v / max);
  g.append(svg('line', { x1: x(100), x2: x(100), y1: T / 2, y2: H - T / 2, class: 'seratus' }));
  rows.forEach((r, i) => {
    const v = parseFloat(r.penyerapan || '0') || 0;
    const yy = T + i * rowH;
    const label = (r.nama || r.satker).slice(0, 24);
    g.append(svg('text', { x: L - 6, y: yy + 17, 'text-anchor': 'end', class: 'sumbu', text: `${r.satker} ${label}` }));
    const rect = svg('rect', { x: L, y: yy + 4, width: Math.max(0, x(v) - L), height: rowH - 8, class: 'satker' });
    rect.append(svg('title', { text: `${r.satker}: penyerapan ${persen(r.penyerapan)}` }));
    if (onPick) {
      rect.classList.add('klik');
      rect.addEventListener('click', () => onPick(r.satker));
    }
    g.append(rect);
    g.append(svg('text', { x: x(v) + 4, y: yy + 17, class: 'sumbu', text: persen(r.penyerapan) }));
  });
  return el('figure', { class: 'bingkai' }, g);
}
