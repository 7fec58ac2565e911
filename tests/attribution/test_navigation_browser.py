"""Issue 18's done-when, in headless Chromium over the demo data: every page a persona's navigation reaches (and
every page the demo's e-mails link to) fits a 390 px phone, logs no console error and has no serious or critical
axe-core violation; the pages executives and department people open speak plain words and write figures one way.

One browser, one login per persona, one page reused for every URL: the whole walk takes about a minute.
"""

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from attribution.models import SignoffRecord, SignoffRequest
from education.models import ListenInSession
from insights.models import Insight
from insights.plain_language import jargon_findings
from tests.browser import PHONE, screenshot
from tests.core.demo_world import demo_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo"
PERSONAS = {
    "analyst": "analyst@demo.local",
    "lead": "lead@demo.local",
    "executive": "exec@demo.local",
    "admin": "admin@demo.local",
    "signatory": "marketing.signatory@demo.local",
    "member": "marketing.member@demo.local",
}
# People outside the center: every page they open is read in plain words (and walked one link deeper).
PLAIN_READERS = {"executive", "signatory", "member"}
SKIP_LINK = re.compile(r"^/(api|admin|static)/|export|\.pdf|\.csv|\.xlsx|/logout|download")
PAGES_PER_PERSONA = 30

RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # app_login_failure, customer_experience
ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?")  # 2026-11-11, 2026-12-01T21:57
UNFORMATTED = re.compile(
    r"\b\d+\.\d{2}\s?[A-Z]{3}\b"  # 58750.00 USD
    r"|(?<![\w#.,$€£-])\d{5,}(?:\.\d+)?\b"  # 120000 (no thousands separator)
    r"|(?<![\w.,])\d+\.\d{3,}\b"  # 0.2000, 51.000, a score of 12.540, mood -0.518
)


# The elements that stick out past the phone's edge (outside any box that scrolls), to name in a failure.
WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.right > innerWidth + 1 && r.width && !e.closest('table');
}).slice(0, 3).map(e => `${e.tagName}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}`)"""


# Form fields the stylesheet has not reached: a text-like input, select or textarea without its border radius.
UNSTYLED_FIELDS = """() => [...document.querySelectorAll('main input, main select, main textarea')].filter(e =>
  !['hidden', 'checkbox', 'radio', 'submit', 'button', 'file'].includes(e.type) && e.offsetParent !== null
  && getComputedStyle(e).borderTopLeftRadius !== '6px').map(e => e.name || e.id)"""


def _problems_in_words(html: str, text: str) -> list[str]:
    """Jargon, raw codes, ISO timestamps and unformatted amounts in a page's HTML and visible text."""
    found = [f"jargon {f.term!r}" for f in jargon_findings(html, html=True)]
    found += [f"raw code {m!r}" for m in RAW_CODE.findall(text)]
    found += [f"ISO time {m!r}" for m in ISO_MOMENT.findall(text)]
    found += [f"unformatted {m!r}" for m in UNFORMATTED.findall(text)]
    return found


def _email_links() -> dict[str, list[str]]:
    """Pages the demo's e-mails send each persona to: a new insight, a sign-off request and its certificate, a
    listen-in invitation."""
    insight = Insight.objects.filter(status="published", departments__slug="marketing").order_by("pk").first()
    request = SignoffRequest.objects.filter(department__slug="marketing").order_by("pk").first()
    record = SignoffRecord.objects.filter(department__slug="marketing").order_by("pk").first()
    session = ListenInSession.objects.filter(guest__email=PERSONAS["executive"]).order_by("pk").first()
    return {
        "member": [f"/insights/{insight.pk}/"],
        "signatory": [f"/signoffs/requests/{request.pk}/", f"/signoffs/records/{record.pk}/"],
        "executive": [f"/listen-in/respond/{session.response_token}/"],
    }


def _walk(page, start: list[str], *, deeper: bool) -> Iterator[str]:
    """Visit each start URL (and, when `deeper`, the site links on it, one of each shape) and yield each path."""
    queue, shapes = list(dict.fromkeys(start)), set()
    for url in queue[:PAGES_PER_PERSONA]:
        response = page.goto(url)
        assert response.status < 400, (url, response.status)
        yield url
        if not deeper:
            continue
        for href in page.eval_on_selector_all("main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"):
            shape = re.sub(r"\d+", "N", urlsplit(href).path)
            if shape not in shapes and not SKIP_LINK.search(href):
                shapes.add(shape)
                queue.append(href)


@pytest.fixture
def demo(db):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        demo_seed()
        yield _email_links()


def test_every_page_a_persona_reaches_fits_a_phone_is_accessible_and_plain(demo, chromium, live_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures: list[str] = []
    for persona, email in PERSONAS.items():
        context = chromium.new_context(viewport=PHONE, base_url=live_server.url)
        context.set_default_timeout(15_000)
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto("/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        top = page.locator("header nav > ul > li").count()
        failures += [f"{persona}: {top} top-level navigation entries"] if top > 7 else []
        nav = page.eval_on_selector_all("header nav a", "els => els.map(e => e.getAttribute('href'))")
        plain = persona in PLAIN_READERS
        for url in _walk(page, nav + demo.get(persona, []), deeper=plain):
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                failures.append(f"{persona} {url}: {width} px wide at 390: {page.evaluate(WIDEST)}")
            serious = [
                f"{v['id']} {[n['target'] for n in v['nodes']][:2]}"
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            failures += [f"{persona} {url}: axe {v}" for v in serious]
            failures += [f"{persona} {url}: console {e}" for e in errors]
            failures += [f"{persona} {url}: unstyled field {f}" for f in page.evaluate(UNSTYLED_FIELDS)]
            errors.clear()
            if plain:
                words = _problems_in_words(page.content(), page.inner_text("main"))
                failures += [f"{persona} {url}: {w}" for w in words[:5]]
        context.close()
    assert not failures, "\n".join(failures)


def test_after_an_error_the_improvement_form_shows_the_department_and_weights_chosen(ledger, browser_page):
    org, a, b = ledger["org"], ledger["a"], ledger["b"]
    page = browser_page(org.lead, viewport=PHONE)
    page.goto("/improvements/new/")
    page.select_option("#choose-department select[name=department]", "marketing")
    page.get_by_role("button", name="Show its insights").click()
    page.get_by_label("Title").fill("Checkout in one step")
    page.get_by_label("Shipped on").fill("2026-03-01")
    page.get_by_label(a.title).fill("0.7")
    page.get_by_label(b.title).fill("0.2")
    page.get_by_role("button", name="Save").click()

    assert "Weights must sum to exactly 1; they sum to 0.9." in page.inner_text("main")
    assert page.get_by_role("heading", name="For Marketing").is_visible()
    assert page.locator("#improvement-form input[name=department]").input_value() == "marketing"
    assert page.get_by_label("Title").input_value() == "Checkout in one step"
    assert page.get_by_label(a.title).input_value() == "0.7"
    assert page.get_by_label(b.title).input_value() == "0.2"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "improvement-form-after-an-error")
