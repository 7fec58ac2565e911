"""Shared browser fixtures: a headless Chromium per test, and pages signed in as a given user.

Use `browser_page(user)` inside a test marked `@pytest.mark.browser` and
`@pytest.mark.django_db(transaction=True)`; it serves the app with pytest-django's `live_server`.
pytest-playwright's own `page` fixture would launch its own browser; these use Debian's chromium.
"""

from pathlib import Path

import pytest
from django.db import connections

from tests.accounts.factories import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium for one test (Playwright's sync API), closed afterwards."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the test makes
    # meanwhile are still synchronous, so Django's async-safety check must stand down — for this test only,
    # so that nothing else (e.g. `check --deploy` in a subprocess) inherits the variable.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        # While Playwright's loop runs, asgiref keys Django's connections by context rather than by thread:
        # close the ones this test opened here, or they outlive it and block dropping the test database.
        connections.close_all()
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """browser_page(user, viewport=LAPTOP) -> a Playwright page signed in as `user` on the live server."""
    contexts = []

    def _open(user, *, password: str = TEST_PASSWORD, viewport: dict | None = None):
        context = chromium.new_context(viewport=viewport or LAPTOP, base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    yield _open
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
