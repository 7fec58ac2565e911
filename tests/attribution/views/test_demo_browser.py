"""In Chromium: a listen-in invitation arrives in Demo mail, and its acceptance link works from there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.demo_mail import BACKEND
from education.models import ListenInSession
from education.services.listen_in import listen_in_schedule
from tests.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_listen_in_acceptance_link_is_followed_from_demo_mail(org, browser_page, live_server, settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.PRODUCTION_MODE = False
    settings.SITE_URL = live_server.url
    session = listen_in_schedule(
        scheduled_by=org.lead,
        guest=org.executive,
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=30,
        queue="billing",
    )
    page = browser_page(org.executive, viewport=PHONE)
    page.goto("/demo/mail/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("text=Listen in on the billing queue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("a[href*='/listen-in/respond/']")
    page.click("button[value=accept]")
    page.wait_for_load_state()
    session.refresh_from_db()
    assert session.response == ListenInSession.Response.ACCEPTED
