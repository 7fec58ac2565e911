"""Retake the README's screenshots from the demo, at laptop (1366 px) and phone (390 px) widths: a throwaway
embedded PostgreSQL demo and the dev server on a free port, or a demo already running; Debian's Chromium
(headless) signed in as each demo login.

    .venv/bin/python docs/screenshots/capture.py                                  # a fresh demo of its own
    .venv/bin/python docs/screenshots/capture.py --base-url http://127.0.0.1:8000  # a running `make demo`

Writes docs/screenshots/<name>-<width>.png. Needs /usr/bin/chromium (the same browser the tests use)."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SHOTS = [
    # (file name, login, path): each is taken at every width in WIDTHS
    ("executive-dashboard", "exec@demo.local", "/exec/"),
    ("ledger", "lead@demo.local", "/ledger/"),
    ("signoff-overview", "lead@demo.local", "/signoffs/overview/"),
    ("insights", "marketing.member@demo.local", "/insights/"),
    ("signoffs", "marketing.signatory@demo.local", "/signoffs/"),
    ("improvement-form", "lead@demo.local", "/improvements/new/?department=marketing"),
    ("staffing", "exec@demo.local", "/staffing/"),
]
WIDTHS = (1366, 390)  # a laptop and a phone (390x844, the browser tests' phone)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a demo already running (its logins and password 'demo')")
    args = parser.parse_args()
    if args.base_url:
        shoot(args.base_url.rstrip("/"))
        return
    from core.devstack import embedded_postgres

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DEVSTACK_DIR"] = tmp  # a fresh database, not the one `make demo` keeps
        with embedded_postgres() as database_url:
            capture(database_url)


def capture(database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env["DATABASE_URL"] = database_url
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (our own local server)
                break
            except OSError:
                time.sleep(0.2)
        shoot(base)
    finally:
        server.terminate()
        server.wait()


def shoot(base: str) -> None:
    """Sign in once per login and width, and write each page's full-page screenshot."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            for login in dict.fromkeys(login for _, login, _ in SHOTS):
                viewport = {"width": width, "height": 900 if width > 600 else 844}
                context = browser.new_context(viewport=viewport, base_url=base)
                page = context.new_page()
                page.goto("/login/")
                page.fill("#id_username", login)
                page.fill("#id_password", "demo")
                page.click("form.stacked button[type=submit]")
                page.wait_for_url(lambda url: "/login/" not in url)
                for name, _, path in (shot for shot in SHOTS if shot[1] == login):
                    page.goto(path)
                    page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
                    print(f"wrote docs/screenshots/{name}-{width}.png ({login} {path}, {width}px wide)")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
