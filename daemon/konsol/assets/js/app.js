// The console's shell: reads the session and the node's status, keeps the chosen satker and
// year in the address (#/halaman?satker=3603&tahun=2024), and draws one page at a time.
import * as api from './api.js';
import { el, pesan } from './format.js';

// Each page is a module loaded when first shown: a first visit fetches only the shell and one
// page, a few requests at a time (the node's HTTP server has few threads).
const PAGES = {
  beranda: () => import('./beranda.js'),
  anggaran: () => import('./anggaran.js'),
  indikator: () => import('./indikator.js'),
  rollup: () => import('./rollup.js'),
  impor: () => import('./impor.js'),
  konflik: () => import('./konflik.js'),
  laporan: () => import('./laporan.js'),
  riwayat: () => import('./riwayat.js'),
};
const PERAN = { ROLE_OFFICE: 'kantor (kabupaten/kota)', ROLE_PROVINCE: 'hub provinsi', ROLE_NATIONAL: 'nasional' };

const state = { session: null, status: null };

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [name, query] = h.split('?');
  return { name: PAGES[name] ? name : 'beranda', params: new URLSearchParams(query || '') };
}

// The address of page `name` keeping satker and year (and `extra` parameters).
export function link(name, extra) {
  const { params } = parseHash();
  const q = new URLSearchParams();
  for (const k of ['satker', 'tahun']) if (params.get(k)) q.set(k, params.get(k));
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  const qs = q.toString();
  return '#/' + name + (qs ? '?' + qs : '');
}

// The year last chosen in this browser, else the current one.
function defaultTahun() {
  try {
    const t = localStorage.getItem('kinerja.tahun');
    if (t && /^\d{4}$/.test(t)) return t;
  } catch (e) {
    // Storage may be off; the current year then.
  }
  return String(new Date().getFullYear());
}

async function refreshStatus() {
  state.status = await api.get('status');
  return state.status;
}

async function draw() {
  const { name, params } = parseHash();
  const main = document.getElementById('isi');
  const satker = params.get('satker') || (state.status ? state.status.node : '');
  const tahun = params.get('tahun') || defaultTahun();
  try {
    if (params.get('tahun')) localStorage.setItem('kinerja.tahun', params.get('tahun'));
  } catch (e) {
    // Not remembered; nothing else depends on it.
  }
  document.getElementById('pilih-satker').value = satker;
  document.getElementById('pilih-tahun').value = tahun;
  for (const a of document.querySelectorAll('.menu a')) {
    if (a.dataset.halaman === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    a.setAttribute('href', link(a.dataset.halaman));
  }
  main.dataset.siap = '';  // Set to the page's name once drawn (the browser test waits on it).
  main.replaceChildren(el('p', { class: 'memuat', role: 'status' }, 'Memuat…'));
  const ctx = {
    session: state.session, status: state.status, satker, tahun, params,
    link, refreshStatus,
    mayWrite: !(state.session && state.session.role === 'lihat'),
  };
  try {
    const page = await PAGES[name]();
    const nodes = await page.render(ctx);
    main.replaceChildren(...[].concat(nodes).filter((n) => n !== null && n !== undefined));
  } catch (e) {
    main.replaceChildren(pesan('galat', e.message || String(e)));
  }
  main.dataset.siap = name;
  document.title = `${name[0].toUpperCase()}${name.slice(1)} — Kinerja ${state.status ? state.status.node : ''}`;
}

async function start() {
  try {
    state.session = await api.session();
    await refreshStatus();
  } catch (e) {
    document.getElementById('isi').replaceChildren(pesan('galat', e.message || String(e)));
    return;
  }
  const s = state.status;
  document.getElementById('simpul').textContent = `simpul ${s.node} · ${PERAN[s.role] || s.role}`;
  document.body.classList.toggle('peran-kantor', s.role === 'ROLE_OFFICE');
  if (state.session.user) {
    document.getElementById('pengguna').textContent = `${state.session.user} (${state.session.role})`;
  }
  document.getElementById('pilihan').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const { name, params } = parseHash();
    params.set('satker', document.getElementById('pilih-satker').value.trim());
    params.set('tahun', document.getElementById('pilih-tahun').value.trim());
    location.hash = '#/' + name + '?' + params.toString();
  });
  window.addEventListener('hashchange', draw);
  await draw();
}

start();
