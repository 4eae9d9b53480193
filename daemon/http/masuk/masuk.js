// The login page: posts the name and password as JSON to /api/v1/login; on success the
// session cookie is set and the console opens; otherwise says what to do in one sentence.
'use strict';

document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('masuk');
  var pesan = document.getElementById('pesan');
  var kirim = document.getElementById('kirim');
  // Disabled in the HTML until this script runs, so that Enter never submits the form
  // natively (which would send the password as a form rather than as JSON).
  kirim.disabled = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var user = document.getElementById('user').value.trim();
    var password = document.getElementById('password').value;
    if (user === '' || password === '') {
      pesan.textContent = 'Isi nama pengguna dan kata sandi.';
      return;
    }
    kirim.disabled = true;
    pesan.textContent = 'Memeriksa…';
    fetch('/api/v1/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: user, password: password })
    }).then(function (res) {
      if (res.ok) {
        pesan.textContent = 'Berhasil masuk.';
        window.location.assign('/');
        return;
      }
      kirim.disabled = false;
      document.getElementById('password').value = '';
      if (res.status === 429) {
        var detik = res.headers.get('Retry-After') || 'beberapa';
        pesan.textContent = 'Terlalu banyak percobaan. Coba lagi dalam ' + detik + ' detik.';
      } else if (res.status === 401) {
        pesan.textContent = 'Nama pengguna atau kata sandi salah; periksa lalu coba lagi.';
      } else {
        pesan.textContent = 'Gagal masuk (kode ' + res.status + '); coba lagi.';
      }
    }).catch(function () {
      kirim.disabled = false;
      pesan.textContent = 'Simpul tidak dapat dihubungi; periksa jaringan lalu coba lagi.';
    });
  });
});
