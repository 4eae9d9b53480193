// Impor: choose a kind and a CSV file; "Periksa" shows what would be created, changed and
// unchanged and every error with its line and column, writing nothing; "Simpan" (only for a
// file without errors) imports it whole, or not at all.
import * as api from './api.js';
import { el, judul, pesan, table } from './format.js';

const JENIS = [
  ['anggaran', 'Anggaran (pagu dan realisasi)'],
  ['indikator', 'Indikator (RKT, PK, IKU)'],
  ['realisasi_indikator', 'Realisasi indikator'],
  ['rencana_aksi', 'Rencana aksi'],
  ['total_dokumen', 'Total dokumen'],
  ['satker', 'Satker (registri)'],
];
const HASIL = { IMPORT_OUTCOME_CREATED: 'baru', IMPORT_OUTCOME_CHANGED: 'berubah', IMPORT_OUTCOME_UNCHANGED: 'tetap' };

function ringkas(r) {
  return `${r.rows} baris: ${r.created} rekaman baru, ${r.changed} berubah, ${r.unchanged} tetap`;
}

function pratinjau(resp) {
  const out = [];
  const r = Object.assign({ records: [], records_total: 0, errors: [], errors_total: 0 }, resp.preview || {});
  Object.assign(r, { rows: resp.rows, created: resp.created, changed: resp.changed, unchanged: resp.unchanged });
  if (Number(r.errors_total) > 0) {
    out.push(pesan('galat', `Berkas ini memuat ${r.errors_total} galat dan tidak akan disimpan; perbaiki baris yang disebut lalu periksa lagi.`));
    out.push(table('Galat per baris dan kolom',
      [{ label: 'Baris', cls: 'angka', rowHeader: true }, { label: 'Kolom', cls: 'angka' }, { label: 'Nama kolom' }, { label: 'Pesan' }],
      r.errors.map((e) => [String(e.line), String(e.column), e.field, e.message]), { 'data-uji': 'galat' }));
    return out;
  }
  out.push(pesan('info', `Pratinjau: ${ringkas(r)}. Belum ada yang disimpan.`));
  if (r.records.length > 0) {
    out.push(table(`Rekaman (${r.records.length} dari ${r.records_total})`,
      [{ label: 'Baris', cls: 'angka', rowHeader: true }, { label: 'Kunci' }, { label: 'Hasil' }, { label: 'Kolom berubah' }],
      r.records.map((x) => ({ cls: 'hasil-' + (HASIL[x.outcome] || ''), cells: [String(x.line), x.key, HASIL[x.outcome] || x.outcome, x.changed_fields.join(', ')] })),
      { 'data-uji': 'pratinjau' }));
  }
  return out;
}

export async function render(ctx) {
  const jenis = el('select', { id: 'impor-jenis', name: 'jenis' }, JENIS.map(([v, t]) => el('option', { value: v }, t)));
  const berkas = el('input', { id: 'impor-berkas', name: 'berkas', type: 'file', accept: '.csv,text/csv' });
  const periksa = el('button', { type: 'submit', class: 'utama' }, 'Periksa');
  const simpan = el('button', { type: 'button', disabled: true, 'data-uji': 'simpan' }, 'Simpan');
  const progress = el('progress', { hidden: true, 'aria-label': 'Berkas sedang diproses' });
  const hasil = el('div', { 'aria-live': 'polite', 'data-uji': 'hasil-impor' });
  let diperiksa = null;  // The file and kind the preview is of.
  const kirim = (dry) => api.post('import', diperiksa.file, { kind: diperiksa.kind, file_name: diperiksa.file.name, dry_run: dry ? 'true' : '' });
  berkas.addEventListener('change', () => { simpan.disabled = true; diperiksa = null; });
  jenis.addEventListener('change', () => { simpan.disabled = true; diperiksa = null; });
  const form = el('form', { class: 'formulir', 'aria-label': 'Impor berkas CSV' },
    el('label', { for: 'impor-jenis' }, 'Jenis berkas'), jenis,
    el('label', { for: 'impor-berkas' }, 'Berkas CSV'), berkas,
    el('div', { class: 'aksi' }, periksa, simpan, progress));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    simpan.disabled = true;
    if (!berkas.files || berkas.files.length === 0) {
      hasil.replaceChildren(pesan('galat', 'Pilih berkas CSV terlebih dahulu.'));
      return;
    }
    diperiksa = { file: berkas.files[0], kind: jenis.value };
    progress.hidden = false;
    hasil.replaceChildren(pesan('info', `Memeriksa ${diperiksa.file.name}…`));
    try {
      const r = await kirim(true);
      hasil.replaceChildren(...pratinjau(r));
      simpan.disabled = !ctx.mayWrite || !r.preview || Number(r.preview.errors_total) > 0;
    } catch (e) {
      hasil.replaceChildren(pesan('galat', e.message));
    }
    progress.hidden = true;
  });
  simpan.addEventListener('click', async () => {
    if (!diperiksa) return;
    simpan.disabled = true;
    progress.hidden = false;
    hasil.replaceChildren(pesan('info', `Menyimpan ${diperiksa.file.name}…`));
    try {
      const r = await kirim(false);
      hasil.replaceChildren(pesan('ok', `Tersimpan: ${ringkas(r)}.`));
      diperiksa = null;
    } catch (e) {
      hasil.replaceChildren(pesan('galat', e.message));
    }
    progress.hidden = true;
  });
  const out = [judul('Impor'),
    el('p', {}, `Berkas CSV (UTF-8, koma atau titik koma) untuk satker ${ctx.status.node}. Periksa dulu; berkas dengan satu galat pun tidak disimpan sama sekali.`),
    form, hasil];
  if (!ctx.mayWrite) out.splice(1, 0, pesan('info', 'Peran Anda hanya melihat; impor tidak diizinkan.'));
  return out;
}
