#!/usr/bin/python3
"""The console's login page in a real browser (issue 12, "Access").

Starts one real kinerjad (national RI) on 127.0.0.1 with demo certificates and a users file
made by `kinerjactl user add`, so that it serves HTTPS and wants a login, and drives Debian's
chromium (headless) through selenium:

  * the console without a login leads to /masuk; its fields are labelled, the password reached by Tab and the form
    sent by Enter;
  * a wrong password shows one sentence saying so, and no session cookie;
  * the right one sets the cookie kinerja_sesi HttpOnly, Secure, SameSite=Strict and
    /api/v1/session then names the user;
  * no request leaves the node's origin; no Content-Security-Policy violation; no console
    error on the login page;
  * screenshots of the login page at 1366x768 and 390 px wide go to --artifacts.

Usage: console_login_browser_test.py --build BUILD_DIR --source SOURCE_DIR --artifacts DIR
Exit 0 when every check passed; 1 with the failed check named otherwise.
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20  # Seconds a page element may take to appear.
PASSWORD = "sandi-operator-1"


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)
    print(f"ok: {what}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spki_hash(pem):
    """The base64 SHA-256 of the certificate's public key, as chromium's SPKI allow-list takes it."""
    pub = subprocess.run(["openssl", "x509", "-in", pem, "-noout", "-pubkey"], check=True,
                         capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, check=True,
                         capture_output=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def start_node(args, work):
    certs = os.path.join(work, "certs")
    subprocess.run([os.path.join(args.source, "deploy", "gen-certs.sh"), certs, "RI"], check=True)
    users = os.path.join(work, "users")
    subprocess.run([os.path.join(args.build, "client", "cli", "kinerjactl"), "user", "add",
                    "--users", users, "ani", "--role", "operator"],
                   input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    http = free_port()
    log_path = os.path.join(work, "RI.log")
    log = open(log_path, "ab")
    proc = subprocess.Popen(
        [os.path.join(args.build, "daemon", "kinerjad"), "--node", "RI", "--role", "national",
         "--listen", f"127.0.0.1:{free_port()}", "--admin-listen", f"127.0.0.1:{free_port()}",
         "--http-listen", f"127.0.0.1:{http}", "--data-dir", os.path.join(work, "data"),
         "--registry", os.path.join(args.source, "deploy", "demo", "satker.csv"),
         "--tls-cert", os.path.join(certs, "RI.pem"), "--tls-key", os.path.join(certs, "RI.key"),
         "--tls-ca", os.path.join(certs, "ca.pem"), "--http-users", users],
        stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 30
    while True:
        with open(log_path, "rb") as f:
            if b"ready:" in f.read():
                return proc, f"https://127.0.0.1:{http}", spki_hash(os.path.join(certs, "RI.pem"))
        if proc.poll() is not None or time.time() > deadline:
            with open(log_path, "rb") as f:
                raise Failed("kinerjad did not start: " + f.read()[-2000:].decode(errors="replace"))
        time.sleep(0.05)


def browser(spki):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    # The demo CA is not in the browser's store: the browser trusts the node's key by its hash
    # (no certificate error, so the page is a secure context and keeps Secure cookies).
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=1366,768", "--no-first-run", "--disable-extensions",
              "--disable-background-networking", "--disable-component-update",
              "--disable-default-apps", "--disable-sync", "--lang=id-ID",
              f"--ignore-certificate-errors-spki-list={spki}"]:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def requested_urls(driver):
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def run(args, work):
    proc, base, spki = start_node(args, work)
    driver = browser(spki)
    try:
        wait = WebDriverWait(driver, WAIT)
        driver.get(base + "/")
        try:
            wait.until(EC.presence_of_element_located((By.ID, "masuk")))
        except Exception:
            body = driver.find_element(By.TAG_NAME, "body").text[:600]
            raise Failed(f"no login form at {driver.current_url}: {body}")
        check(driver.current_url == base + "/masuk",
              f"the console without a login leads to /masuk ({driver.current_url})")
        check(driver.title == "Masuk — Kinerja", "the login page's title")
        for field in ["user", "password"]:
            label = driver.find_element(By.CSS_SELECTOR, f"label[for={field}]")
            check(label.text != "", f"field {field} is labelled ({label.text})")
        try:
            wait.until(lambda d: d.find_element(By.ID, "kirim").is_enabled())
        except Exception:
            # E.g. a TLS handshake refused on the connection that fetched masuk.js.
            raise Failed(f"the Masuk button is never enabled (masuk.js did not run): "
                         f"{driver.get_log('browser')}")
        print("ok: masuk.js ran (the Masuk button is enabled)")
        os.makedirs(args.artifacts, exist_ok=True)
        for width, height in [(1366, 768), (390, 844)]:
            driver.set_window_size(width, height)
            driver.save_screenshot(os.path.join(args.artifacts, f"masuk-{width}.png"))
        driver.set_window_size(1366, 768)

        # From the name field by keyboard only: type, Tab to the password, type, Enter.
        driver.find_element(By.ID, "user").send_keys("ani", Keys.TAB, "salah-sekali", Keys.ENTER)
        try:
            wait.until(lambda d: "salah" in d.find_element(By.ID, "pesan").text)
        except Exception:
            raise Failed("no message after a wrong password: "
                         + repr(driver.find_element(By.ID, "pesan").text))
        check(driver.get_cookie("kinerja_sesi") is None, "a wrong password sets no cookie")
        print("message:", driver.find_element(By.ID, "pesan").text)

        console = driver.get_log("browser")
        # The refused login is a 401 the browser reports; anything else is an error.
        errors = [e for e in console if e["level"] == "SEVERE" and "401" not in e["message"]]
        check(not errors, f"no console error on the login page ({errors})")
        check(not [e for e in console if "Content Security Policy" in e["message"]],
              "no Content-Security-Policy violation")

        password = driver.find_element(By.ID, "password")
        password.send_keys(PASSWORD, Keys.ENTER)
        try:
            wait.until(lambda d: not d.current_url.endswith("/masuk"))
        except Exception:
            raise Failed("the right password does not open the console: "
                         + repr(driver.find_element(By.ID, "pesan").text))
        print(f"ok: the right password opens {driver.current_url}")
        # The session as the node reports it (read as a page, so that the browser's cookies
        # are those of the node's origin).
        driver.get(base + "/api/v1/session")
        session = json.loads(driver.find_element(By.TAG_NAME, "body").text)
        check(session.get("user") == "ani" and session.get("role") == "operator",
              f"/api/v1/session names the user ({session.get('user')}, {session.get('role')})")
        cookie = driver.get_cookie("kinerja_sesi")
        check(cookie is not None and cookie["httpOnly"] and cookie["secure"]
              and cookie.get("sameSite") == "Strict",
              "the session cookie is HttpOnly, Secure, SameSite=Strict")

        foreign = [u for u in requested_urls(driver)
                   if not (u.startswith(base + "/") or u == base or u.startswith("data:"))]
        check(not foreign, f"no request leaves the node ({foreign})")
    finally:
        driver.quit()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--artifacts", required=True)
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="kinerja-masuk-")
    try:
        run(args, work)
    except Failed as e:
        print(f"FAILED: {e}", flush=True)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
