"""The sign page: a password field for an old sign-in, errors beside the form, the method on the certificate."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.sessions import SESSION_AUTHENTICATED_AT
from attribution.models import SignoffRecord
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import signoff_requests_open_for_event
from tests.accounts.factories import TEST_PASSWORD
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _form(org, req, **kw):
    return {
        "typed_name": org.marketing_signatory.full_name.upper(),
        "consent": "on",
        "content_hash": req.revision.content_hash,
        "terms_hash": credit_agreement_for_signing(department=req.department).terms_hash,
        **kw,
    }


def _client(user, *, signed_in_minutes_ago: int = 0) -> Client:
    client = Client()
    client.force_login(user)
    if signed_in_minutes_ago:
        session = client.session
        session[SESSION_AUTHENTICATED_AT] = (timezone.now() - timedelta(minutes=signed_in_minutes_ago)).isoformat()
        session.save()
    return client


def test_the_sign_page_asks_for_the_account_name_and_offers_a_password_field(org, req):
    page = _client(org.marketing_signatory).get(f"/signoffs/requests/{req.pk}/").content.decode()
    assert org.marketing_signatory.full_name in page and 'type="password" name="password"' in page


def test_a_fresh_login_signs_after_confirming_and_the_certificate_shows_recent_login(org, req):
    client = _client(org.marketing_signatory)
    confirm = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req))
    html = confirm.content.decode()
    assert confirm.status_code == 200 and SignoffRecord.objects.count() == 0
    assert "20% of it is credited to the contact center" in html and "can never be changed or withdrawn" in html
    assert '<input type="hidden" name="confirmed" value="yes">' in html
    response = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, confirmed="yes"))
    assert response.status_code == 302
    record = SignoffRecord.objects.get()
    assert record.authentication == "recent-login"
    certificate = client.get(f"/signoffs/records/{record.pk}/").content.decode()
    assert "Signed in shortly before signing (recent-login)" in certificate


def test_a_stale_session_without_the_password_is_refused_saying_why(org, req):
    client = _client(org.marketing_signatory, signed_in_minutes_ago=30)
    response = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req))
    assert response.status_code == 400
    assert "Re-enter your password to sign: you signed in more than 15 minutes ago" in response.content.decode()
    assert SignoffRecord.objects.count() == 0


def test_a_stale_session_with_the_password_signs_as_password_reentered(org, req):
    client = _client(org.marketing_signatory, signed_in_minutes_ago=30)
    response = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, password=TEST_PASSWORD, confirmed="yes"))
    assert response.status_code == 302
    record = SignoffRecord.objects.get()
    assert record.authentication == "password-reentered"
    assert "Password re-entered when signing" in client.get(f"/signoffs/records/{record.pk}/").content.decode()


def test_a_wrong_typed_name_is_refused_on_the_page_and_nothing_is_written(org, req):
    client = _client(org.marketing_signatory)
    response = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, typed_name="Someone Else"))
    assert response.status_code == 400
    assert "Type your name as it appears on your account" in response.content.decode()
    assert SignoffRecord.objects.count() == 0


def test_a_wrong_password_on_the_sign_page_counts_as_a_failed_login(org, req, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    client = _client(org.marketing_signatory, signed_in_minutes_ago=30)
    refused = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, password="not-my-password"))
    assert refused.status_code == 400 and "That is not your password" in refused.content.decode()
    # The second failure reaches the limit: django-axes answers with its lockout page, as at the login form.
    assert client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, password="wrong")).status_code == 429
    attempt = AccessAttempt.objects.get(username=org.marketing_signatory.email.lower())
    assert attempt.failures_since_start == 2
    # Locked out now: even the right password is refused, and nothing is written.
    locked = client.post(f"/signoffs/requests/{req.pk}/", _form(org, req, password=TEST_PASSWORD, confirmed="yes"))
    assert locked.status_code in (400, 429) and SignoffRecord.objects.count() == 0
