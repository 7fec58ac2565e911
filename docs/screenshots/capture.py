"""Retake the README's screenshots from the demo: a throwaway embedded PostgreSQL demo, the dev server on a free
port, Debian's Chromium (headless) signed in as each demo login.

    .venv/bin/python docs/screenshots/capture.py

Writes docs/screenshots/<name>.png. Needs /usr/bin/chromium (the same browser the tests use)."""

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
    # (file name, login, path, viewport width)
    ("executive-dashboard-demo", "exec@demo.local", "/exec/", 1280),
    ("executive-dashboard-tablet", "exec@demo.local", "/exec/", 820),
    ("ledger-demo", "lead@demo.local", "/ledger/", 1280),
    ("signoff-overview-demo", "lead@demo.local", "/signoffs/overview/", 1280),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from core.devstack import embedded_postgres

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DEVSTACK_DIR"] = tmp  # a fresh database, not the one `make demo` keeps
        with embedded_postgres() as database_url:
            capture(database_url)


def capture(database_url: str) -> None:
    from playwright.sync_api import sync_playwright

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
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            for name, login, path, width in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base)
                page = context.new_page()
                page.goto("/login/")
                page.fill("#id_username", login)
                page.fill("#id_password", "demo")
                page.click("form.stacked button[type=submit]")
                page.wait_for_url(lambda url: "/login/" not in url)
                page.goto(path)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print(f"wrote docs/screenshots/{name}.png ({login} {path}, {width}px wide)")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
