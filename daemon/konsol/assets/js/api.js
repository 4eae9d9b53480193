// Calls to the node's JSON API (/api/v1/). Every POST carries the session's CSRF token; a 401
// sends the browser to the login page; any other error becomes an ApiError whose message is
// the server's one sentence.
let csrf = '';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// The session: {user, role, csrf, login_required}. Without a login wall (loopback, no users
// file) the route may not exist: that is full access.
export async function session() {
  const r = await fetch('/api/v1/session', { credentials: 'same-origin', cache: 'no-store' });
  if (r.status === 404) return { user: '', role: '', csrf: '', login_required: false };
  if (r.status === 401) {
    location.href = '/masuk';
    throw new ApiError(401, 'Silakan masuk terlebih dahulu.');
  }
  if (!r.ok) throw new ApiError(r.status, 'Sesi tidak dapat dibaca; muat ulang halaman.');
  const s = await r.json();
  csrf = s.csrf || '';
  return s;
}

function url(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const qs = q.toString();
  return '/api/v1/' + path + (qs ? '?' + qs : '');
}

async function answer(r) {
  if (r.status === 401) {
    location.href = '/masuk';
    throw new ApiError(401, 'Sesi berakhir; silakan masuk lagi.');
  }
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) {
    const msg = body && body.error ? body.error : `Permintaan gagal (HTTP ${r.status}); coba lagi.`;
    throw new ApiError(r.status, msg);
  }
  return body;
}

export async function get(path, params) {
  const r = await fetch(url(path, params), { credentials: 'same-origin', cache: 'no-store' });
  return answer(r);
}

// POST `body` (an object sent as JSON, or a File/string sent as it is).
export async function post(path, body, params) {
  const headers = { 'X-CSRF-Token': csrf };
  let payload = body;
  if (body === undefined || body === null) {
    payload = '{}';
    headers['Content-Type'] = 'application/json';
  } else if (typeof body === 'object' && !(body instanceof Blob)) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  } else {
    headers['Content-Type'] = 'text/csv; charset=utf-8';
  }
  const r = await fetch(url(path, params), {
    method: 'POST', credentials: 'same-origin', cache: 'no-store', headers, body: payload,
  });
  return answer(r);
}

// The address of a download (XLSX, CSV) for a link.
export function downloadUrl(path, params) {
  return url(path, params);
}
