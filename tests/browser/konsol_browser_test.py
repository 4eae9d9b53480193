#!/usr/bin/python3
"""The web console in a real browser (issue 12, "Must show").

Starts real kinerjad processes on 127.0.0.1 (free ports, a temporary directory, plaintext on
loopback): national RI, the Banten hub 36 and two laptops of the Kabupaten Tangerang office
3603, and drives Debian's chromium (headless) through selenium:

  * the office page shows its changes waiting while its hub is down; "Sinkronkan sekarang"
    after the hub starts brings waiting to 0; the province page then lists the office as
    synced;
  * Anggaran totals equal `kinerjactl rollup -o json` for Tangerang 2024 (pagu
    238,339,761,000, penyerapan 97.20%);
  * the LKj XLSX downloaded through the browser opens with openpyxl and its totals equal the
    report's;
  * Impor: a bad money cell at line 4 shows that line and column and saves nothing (status
    unchanged); a good file saves;
  * Konflik: the two-laptop conflict appears at the office, is resolved in the page, and the
    resolution reaches province and national;
  * the browser's network log holds only the node's own origin; no console errors;
  * screenshots of every page at 1366x768 and 390 px wide go to --artifacts.

Usage: konsol_browser_test.py --build BUILD_DIR --source SOURCE_DIR --artifacts DIR
Exit 0 when every check passed; 1 with the failed check named otherwise.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20  # Seconds a page element may take to appear.
PAGES = ["beranda", "anggaran", "indikator", "rollup", "impor", "konflik", "laporan", "riwayat"]
WIDTHS = {"1366": (1366, 768), "390": (390, 844)}


class Failed(Exception):
    pass


START = time.monotonic()


def check(cond, what):
    if not cond:
        raise Failed(what)
    print(f"ok ({time.monotonic() - START:5.1f} s): {what}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """kinerjad processes by name; each keeps its ports and data directory across restarts."""

    def __init__(self, build, source, work):
        self.kinerjad = os.path.join(build, "daemon", "kinerjad")
        self.ctl_bin = os.path.join(build, "client", "cli", "kinerjactl")
        self.registry = os.path.join(source, "deploy", "demo", "satker.csv")
        self.work = work
        self.nodes = {}
        self.procs = {}

    def add(self, name, satker, role, upstream=None):
        self.nodes[name] = dict(satker=satker, role=role, upstream=upstream, sync=free_port(),
                                admin=free_port(), http=free_port())

    def url(self, name):
        return f"http://127.0.0.1:{self.nodes[name]['http']}"

    def start(self, name):
        n = self.nodes[name]
        log = open(os.path.join(self.work, f"{name}.log"), "ab")
        args = [self.kinerjad, "--node", n["satker"], "--role", n["role"],
                "--listen", f"127.0.0.1:{n['sync']}", "--admin-listen", f"127.0.0.1:{n['admin']}",
                "--http-listen", f"127.0.0.1:{n['http']}",
                "--data-dir", os.path.join(self.work, "data", name),
                "--registry", self.registry, "--insecure",
                # No background sync within the test: every sync is the page's or the test's.
                "--sync-interval-ms", "3600000", "--sync-max-backoff-ms", "3600000"]
        if n["upstream"]:
            args += ["--upstream", f"127.0.0.1:{self.nodes[n['upstream']]['sync']}"]
        p = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        self.procs[name] = p
        deadline = time.time() + 30
        path = os.path.join(self.work, f"{name}.log")
        while True:
            with open(path, "rb") as f:
                if b"ready:" in f.read():
                    return
            if p.poll() is not None or time.time() > deadline:
                with open(path, "rb") as f:
                    tail = f.read()[-2000:].decode(errors="replace")
                raise Failed(f"kinerjad {name} did not start: {tail}")
            time.sleep(0.05)

    def stop(self, name):
        p = self.procs.pop(name, None)
        if p is None:
            return
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()

    def stop_all(self):
        for name in list(self.procs):
            self.stop(name)

    def ctl(self, name, *args, ok=True):
        r = subprocess.run([self.ctl_bin, "--addr", f"127.0.0.1:{self.nodes[name]['admin']}",
                            *args], capture_output=True, text=True, timeout=60)
        if ok and r.returncode != 0:
            raise Failed(f"kinerjactl {' '.join(args)} at {name} exited {r.returncode}: "
                         f"{r.stderr.strip()}")
        return r

    def ctl_json(self, name, *args):
        return json.loads(self.ctl(name, *args, "-o", "json").stdout)


class Browser:
    def __init__(self, downloads, artifacts):
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--window-size=1366,768", "--no-first-run", "--disable-extensions",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-default-apps", "--disable-sync", "--lang=id-ID"]:
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        opts.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
            "safebrowsing.enabled": False})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                    {"behavior": "allow", "downloadPath": downloads})
        self.downloads = downloads
        self.artifacts = artifacts
        self.requests = []  # (document URL, request URL) of every request seen.
        self.console = []   # Browser log entries.

    def drain_logs(self):
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                p = msg["params"]
                self.requests.append((p.get("documentURL", ""), p["request"]["url"]))
        self.console.extend(self.driver.get_log("browser"))

    def open(self, base, page, **params):
        q = urllib.parse.urlencode(params)
        # The shell marks main with the page's name once that page has drawn; clear the mark
        # first, so that a hash change within the same document is waited for too.
        self.driver.execute_script(
            "const m = document.getElementById('isi'); if (m) m.dataset.siap = '';")
        url = f"{base}/#/{page}" + (f"?{q}" if q else "")
        if self.driver.current_url == url:
            self.driver.refresh()  # The same address again: no hash change would redraw.
        else:
            self.driver.get(url)
        try:
            WebDriverWait(self.driver, WAIT).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, f"main[data-siap={page}]"))
        except TimeoutException:
            raise Failed(f"{page} at {base} never drew")
        errors = self.driver.find_elements(By.CSS_SELECTOR, "main > .pesan.galat")
        if errors:
            raise Failed(f"{page} at {base} shows an error: {errors[0].text}")

    def wait_for(self, css, text=None):
        cond = (EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text) if text
                else EC.presence_of_element_located((By.CSS_SELECTOR, css)))
        try:
            WebDriverWait(self.driver, WAIT).until(cond)
        except TimeoutException:
            raise Failed(f"{css} never showed {text!r} on {self.driver.current_url}")
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css).text

    def shot(self, name):
        os.makedirs(self.artifacts, exist_ok=True)
        t = time.monotonic()
        self.driver.save_screenshot(os.path.join(self.artifacts, f"{name}.png"))
        print(f"  screenshot {name}.png ({time.monotonic() - t:.1f} s)", flush=True)

    def width(self, key):
        w, h = WIDTHS[key]
        self.driver.set_window_size(w, h)

    def quit(self):
        self.driver.quit()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(args):
    work = tempfile.mkdtemp(prefix="konsol-browser-")
    downloads = os.path.join(work, "unduhan")
    os.makedirs(downloads)
    shutil.rmtree(args.artifacts, ignore_errors=True)
    demo = os.path.join(args.source, "deploy", "demo")
    c = Cluster(args.build, args.source, work)
    c.add("RI", "RI", "national")
    c.add("36", "36", "province", "RI")
    c.add("3603", "3603", "office", "36")
    c.add("laptop2", "3603", "office", "36")
    b = None
    try:
        c.start("RI")
        c.start("3603")
        for kind in ["anggaran", "indikator", "realisasi_indikator", "total_dokumen"]:
            c.ctl("3603", "import", kind, os.path.join(demo, f"3603_{kind}.csv"),
                  "--author", "operator 3603")
        b = Browser(downloads, args.artifacts)
        office, hub, national = c.url("3603"), c.url("36"), c.url("RI")

        # --- Beranda: waiting while the hub is down; Sinkronkan sekarang; the hub's children.
        b.open(office, "beranda")
        waiting = int(b.text("[data-uji=menunggu]"))
        check(waiting > 0, f"office page shows {waiting} changes waiting while its hub is down")
        b.shot("beranda-kantor-hub-mati-1366")
        c.start("36")
        b.driver.find_element(By.CSS_SELECTOR, "[data-uji=sinkron]").click()
        b.wait_for(".hasil .pesan.ok", "Selesai")
        b.wait_for("[data-uji=menunggu]", "0")
        check(b.text("[data-uji=menunggu]") == "0",
              "after Sinkronkan sekarang with the hub up, waiting is 0")
        c.ctl("36", "sync")
        b.open(hub, "beranda")
        row = b.wait_for("[data-uji=anak-3603]")
        check(row.text == "tersinkron", "the province page lists office 3603 as synced")

        # --- Anggaran totals equal kinerjactl rollup -o json for Tangerang 2024.
        rollup = c.ctl_json("3603", "rollup", "--satker", "3603", "--tahun", "2024")
        b.open(office, "anggaran", satker="3603", tahun="2024")
        pagu = b.driver.find_element(By.CSS_SELECTOR, "[data-uji=pagu]").get_attribute("data-rupiah")
        real = b.driver.find_element(By.CSS_SELECTOR, "[data-uji=realisasi]").get_attribute("data-rupiah")
        check(pagu == str(rollup["pagu"]) == "238339761000",
              f"Anggaran pagu {pagu} equals kinerjactl rollup ({rollup['pagu']})")
        check(real == str(rollup["realisasi"]), f"Anggaran realisasi {real} equals kinerjactl rollup")
        check(b.text("[data-uji=penyerapan]") == rollup["penyerapan"].replace(".", ",") + " %"
              and rollup["penyerapan"] == "97.20",
              f"Anggaran penyerapan {b.text('[data-uji=penyerapan]')} equals kinerjactl's 97.20")

        # --- Laporan: the XLSX downloaded through the browser, read back with openpyxl.
        lkj = c.ctl_json("3603", "report", "lkj", "--satker", "3603", "--tahun", "2024")
        b.open(office, "laporan", satker="3603", tahun="2024")
        b.driver.find_element(By.CSS_SELECTOR, "[data-uji=unduh-xlsx]").click()
        xlsx = os.path.join(downloads, "lkj-3603-2024.xlsx")
        deadline = time.time() + WAIT
        while not os.path.exists(xlsx) and time.time() < deadline:
            time.sleep(0.1)
        check(os.path.exists(xlsx), "the LKj XLSX was downloaded through the browser")
        import openpyxl  # Debian's python3-openpyxl.
        sheet = openpyxl.load_workbook(xlsx)["Anggaran"]
        total = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Total"]
        check(len(total) == 1, "the workbook's Anggaran sheet has one Total row")
        check(int(total[0][3]) == int(lkj["pagu"]) and int(total[0][4]) == int(lkj["realisasi"]),
              f"the workbook's totals {total[0][3]}, {total[0][4]} equal the report's "
              f"{lkj['pagu']}, {lkj['realisasi']}")
        check(b.driver.find_element(By.CSS_SELECTOR, "[data-uji=lkj-pagu]").get_attribute("data-rupiah")
              == str(lkj["pagu"]), "the Laporan page's total pagu equals the report's")

        # --- Impor: a bad money cell at line 4 saves nothing; a good file saves.
        with open(os.path.join(demo, "3603_anggaran.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        header = lines[0].split(",")
        pagu_col = header.index("pagu") + 1
        bad_fields = lines[3].split(",")
        # Line 4's pagu is the first quoted money cell: make it a fraction money may not have.
        bad = lines[:3] + [lines[3].replace('"135,062,946,000"', '"135.062.946,5"')] + lines[4:]
        check(bad[3] != lines[3] and len(bad_fields) > 0, "the bad file differs from the good one at line 4")
        bad_path = write(os.path.join(work, "anggaran-salah.csv"), "\n".join(bad) + "\n")
        good_path = write(os.path.join(work, "anggaran-2025.csv"),
                          lines[0] + "\n3603,2025,WA,Program Dukungan Manajemen,3355,L01,"
                          "Penyelenggaraan Dukungan Manajemen,TAHUNAN,\"1,000,000\",0\n")
        held = c.ctl_json("3603", "status")["changes_held"]
        b.open(office, "impor")
        b.driver.find_element(By.ID, "impor-berkas").send_keys(bad_path)
        b.driver.find_element(By.CSS_SELECTOR, "form.formulir button[type=submit]").click()
        b.wait_for("[data-uji=galat] tbody tr")
        first = b.driver.find_elements(By.CSS_SELECTOR, "[data-uji=galat] tbody tr")[0]
        cells = [td.text for td in first.find_elements(By.CSS_SELECTOR, "th, td")]
        check(cells[0] == "4" and cells[1] == str(pagu_col) and cells[2] == "pagu",
              f"the bad file's error names line 4, column {pagu_col} (pagu): {cells}")
        check(not b.driver.find_element(By.CSS_SELECTOR, "[data-uji=simpan]").is_enabled(),
              "Simpan stays disabled for a file with an error")
        b.shot("impor-galat-1366")
        check(c.ctl_json("3603", "status")["changes_held"] == held,
              "the bad file saved nothing (changes held unchanged)")
        inp = b.driver.find_element(By.ID, "impor-berkas")
        inp.clear()
        inp.send_keys(good_path)
        b.driver.find_element(By.CSS_SELECTOR, "form.formulir button[type=submit]").click()
        b.wait_for("[data-uji=pratinjau] tbody tr")
        b.shot("impor-pratinjau-1366")
        b.driver.find_element(By.CSS_SELECTOR, "[data-uji=simpan]").click()
        b.wait_for("[data-uji=hasil-impor] .pesan.ok", "Tersimpan")
        check(int(c.ctl_json("3603", "status")["changes_held"]) > int(held),
              "the good file saved (changes held grew)")

        # --- Konflik: two laptops of 3603 edit the same line offline.
        c.start("laptop2")
        c.ctl("3603", "sync")
        c.ctl("laptop2", "sync")
        c.stop("36")
        write(os.path.join(work, "e1.csv"), lines[0] + "\n3603,2025,WA,Program Dukungan Manajemen,"
              "3355,L01,Penyelenggaraan Dukungan Manajemen,TAHUNAN,\"2,000,000\",0\n")
        write(os.path.join(work, "e2.csv"), lines[0] + "\n3603,2025,WA,Program Dukungan Manajemen,"
              "3355,L01,Penyelenggaraan Dukungan Manajemen,TAHUNAN,\"3,000,000\",0\n")
        c.ctl("3603", "import", "anggaran", os.path.join(work, "e1.csv"), "--author", "laptop satu")
        c.ctl("laptop2", "import", "anggaran", os.path.join(work, "e2.csv"), "--author", "laptop dua")
        c.start("36")
        for n in ["3603", "laptop2", "3603"]:
            c.ctl(n, "sync")
        conflicts = c.ctl_json("3603", "conflicts")["conflicts"]
        check(len(conflicts) == 1, "the two-laptop conflict is at the office")
        key = conflicts[0]["key"]
        b.open(office, "konflik")
        card = b.wait_for("[data-uji=konflik-kartu]")
        check(key in card.text and "≠" in card.text, f"the Konflik page shows {key} with differences marked")
        b.shot("konflik-terbuka-1366")
        b.width("390")
        b.shot("konflik-terbuka-390")
        b.width("1366")
        # Keep laptop one's figure (2,000,000): the column whose author is "laptop satu".
        heads = b.driver.find_elements(By.CSS_SELECTOR, "table.banding thead th")[1:]
        pick = [i for i, h in enumerate(heads) if "laptop satu" in h.text]
        check(len(pick) == 1, "the page names each version's author")
        b.driver.find_element(By.CSS_SELECTOR, f"[data-uji=pakai-{pick[0]}]").click()
        b.wait_for("[data-uji=konflik-kartu] .pesan.ok", "diselesaikan")
        c.ctl("3603", "sync")
        c.ctl("36", "sync")
        for n in ["36", "RI"]:
            got = c.ctl_json(n, "get", key)
            value = got["entry"]["record"]["anggaran_pagu"]["pagu_rupiah"]
            check(len(got["heads"]) == 1 and int(value) == 2000000,
                  f"the page's resolution reached {n}: one head, pagu {value}")

        # --- Riwayat: every version of the key, the resolution on top of both edits.
        b.open(office, "riwayat", key=key)
        rows = b.driver.find_elements(By.CSS_SELECTOR, "[data-uji=riwayat] tbody tr")
        texts = " ".join(r.text for r in rows)
        check(len(rows) == 4 and "laptop satu" in texts and "laptop dua" in texts,
              f"Riwayat lists the 4 versions of {key} (import, both edits, the resolution)")

        # --- Every page at both widths (office pages at 3603, Rollup at the hub and national).
        for wkey in WIDTHS:
            b.width(wkey)
            for page in PAGES:
                base = office if page != "rollup" else hub
                params = {"satker": "3603" if page != "rollup" else "36", "tahun": "2024"}
                if page == "riwayat":
                    params["key"] = key
                b.open(base, page, **params)
                b.shot(f"{page}-{wkey}")
            b.open(hub, "beranda")
            b.shot(f"beranda-provinsi-{wkey}")
            b.open(national, "rollup", satker="RI", tahun="2024")
            b.shot(f"rollup-nasional-{wkey}")
            b.open(office, "anggaran", satker="3603", tahun="2025")
            b.shot(f"anggaran-2025-{wkey}")
        check(len(b.driver.find_elements(By.CSS_SELECTOR, "main h1")) == 1, "pages drew at 390 px")

        # --- Nothing left the node; nothing went wrong in the console.
        b.drain_logs()
        foreign = []
        for doc, url in b.requests:
            if url.startswith(("data:", "blob:")):
                continue
            d, u = urllib.parse.urlsplit(doc), urllib.parse.urlsplit(url)
            if (u.scheme, u.netloc) != (d.scheme, d.netloc) or u.hostname != "127.0.0.1":
                foreign.append(url)
        check(len(b.requests) > 50 and not foreign,
              f"{len(b.requests)} requests, all to the node's own origin {foreign[:3]}")
        # The only tolerated entry: GET /api/v1/session answering 404 where the access
        # filter (login) is not built in; the page treats that as "no login needed".
        severe = [e for e in b.console if e["level"] == "SEVERE" and not (
            e.get("source") == "network" and "/api/v1/session" in e["message"] and "404" in e["message"])]
        check(not severe, f"no console errors: {severe[:3]}")
        print(f"screenshots in {args.artifacts}")
        return 0
    except Failed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        if b is not None:
            b.shot("FAILED")
        for name in c.nodes:
            path = os.path.join(work, f"{name}.log")
            if os.path.exists(path):
                with open(path, "rb") as f:
                    print(f"--- {name}.log (end)\n" + f.read()[-1500:].decode(errors="replace"),
                          file=sys.stderr)
        return 1
    finally:
        if b is not None:
            b.quit()
        c.stop_all()
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--artifacts", required=True)
    sys.exit(run(p.parse_args()))


if __name__ == "__main__":
    main()
