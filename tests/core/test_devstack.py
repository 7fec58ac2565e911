"""`make demo` on a bare machine: with no DATABASE_URL, core.devstack brings up PostgreSQL, migrates, seeds."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import psycopg
import pytest

from core.devstack import embedded_postgres

ROOT = Path(__file__).resolve().parents[2]


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(pgdata) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


@pytest.fixture
def folder():
    # Not tmp_path: as root the server runs as another user, and every pytest session on the machine
    # resets /tmp/pytest-of-<user> to 0700, which would lock that user out of its own data mid-run.
    with tempfile.TemporaryDirectory(prefix="centerstage-devstack-") as directory:
        yield Path(directory)


@pytest.mark.devstack
def test_demo_without_database_url_migrates_and_seeds_on_embedded_postgres_then_stops_it(folder, monkeypatch):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(DEVSTACK_DIR=str(folder))
    result = subprocess.run(
        [sys.executable, "-m", "core.devstack", "demo", "--no-serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.startswith("devstack: embedded PostgreSQL")
    assert "Demo data is ready" in result.stdout
    assert "No hostname was supplied" not in result.stdout + result.stderr  # eager Celery touches no broker
    assert "Subject:" not in result.stdout  # e-mails go to the Demo mail page, not the log
    pgdata = folder / "pgdata"
    assert not postgres_processes(pgdata), "the embedded PostgreSQL outlived the demo"

    # The data stays for the next `make demo`: open it again and find the demo logins and the ledger.
    monkeypatch.setenv("DEVSTACK_DIR", str(folder))
    with embedded_postgres() as url, psycopg.connect(url) as conn:
        logins = {email for (email,) in conn.execute("SELECT email FROM accounts_user")}
        entries = conn.execute("SELECT count(*) FROM attribution_ledgerentry").fetchone()[0]
        mails = conn.execute("SELECT count(*) FROM core_demomail").fetchone()[0]
    assert {"analyst@demo.local", "lead@demo.local", "exec@demo.local"} <= logins
    assert entries > 0
    assert mails > 0
    assert not postgres_processes(pgdata)
