"""The demo introduces itself, and its mailbox shows every e-mail with links that open on this site."""

import pytest
from django.test import Client

from accounts.demo import seed_accounts
from core.demo_mail import BACKEND
from core.models import DemoMail


@pytest.fixture
def demo_mail(settings):
    settings.EMAIL_BACKEND = BACKEND
    settings.PRODUCTION_MODE = False
    settings.SITE_URL = "http://127.0.0.1:8000"


def test_no_introduction_without_the_demos_people_or_in_production(db, settings):
    assert Client().get("/demo/").status_code == 404
    assert "Trying the demo?" not in Client().get("/login/").content.decode()
    seed_accounts()
    settings.PRODUCTION_MODE = True
    assert Client().get("/demo/").status_code == 404


def test_the_login_page_leads_to_the_personas_and_one_thing_to_try(db, settings):
    settings.PRODUCTION_MODE = False
    seed_accounts()
    assert 'href="/demo/"' in Client().get("/login/").content.decode()
    page = Client().get("/demo/").content.decode()
    assert "Sign in as Eve Xu" in page and "Try this:" in page and 'value="exec@demo.local"' in page


def test_one_click_signs_in_as_a_persona_and_opens_what_to_try(db, settings):
    settings.PRODUCTION_MODE = False
    seed_accounts()
    response = Client().post(
        "/login/", {"username": "admin@demo.local", "password": settings.DEMO_PASSWORD, "next": "/people/"}
    )
    assert response["Location"] == "/people/"


def test_the_mailbox_is_absent_unless_the_demo_backend_sends_the_mail(db):
    assert Client().get("/demo/mail/").status_code == 404


def test_the_mailbox_lists_mail_and_links_to_this_site_become_paths(db, demo_mail):
    mail = DemoMail.objects.create(
        subject="Listen in", to=["exec@demo.local"], body="Accept: http://127.0.0.1:8000/listen-in/respond/abc/.\n"
    )
    assert "Listen in" in Client().get("/demo/mail/").content.decode()
    page = Client().get(f"/demo/mail/{mail.pk}/").content.decode()
    assert '<a href="/listen-in/respond/abc/">http://127.0.0.1:8000/listen-in/respond/abc/</a>.' in page


def test_mail_text_is_escaped(db, demo_mail):
    mail = DemoMail.objects.create(
        subject="<b>x</b>", to=["a@x.test"], body="<script>alert(1)</script> https://e.test/?a=<b>"
    )
    page = Client().get(f"/demo/mail/{mail.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
