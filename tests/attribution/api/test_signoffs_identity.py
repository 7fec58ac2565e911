"""The sign endpoint checks who signs: the typed name, and how old the session or API token is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from attribution.models import SignoffRecord
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import signoff_requests_open_for_event
from tests.accounts.factories import TEST_PASSWORD
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _body(org, req, **kw):
    return {
        "typed_name": org.marketing_signatory.full_name,
        "consent": True,
        "content_hash": req.revision.content_hash,
        "terms_hash": credit_agreement_for_signing(department=req.department).terms_hash,
        **kw,
    }


def _token_client(user, *, age: timedelta) -> APIClient:
    token, key = AuthToken.objects.create(user=user)
    AuthToken.objects.filter(pk=token.pk).update(created=timezone.now() - age)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _sign(client, req, body):
    return client.post(f"/api/signoff-requests/{req.pk}/sign/", body, format="json")


def test_a_wrong_typed_name_is_refused_naming_typed_name_and_nothing_is_written(org, req):
    response = _sign(_token_client(org.marketing_signatory, age=timedelta(0)), req, _body(org, req, typed_name="X Y"))
    expected = f"Type your name as it appears on your account: {org.marketing_signatory.full_name}"
    assert response.status_code == 400 and response.json()["typed_name"] == [expected]
    assert SignoffRecord.objects.count() == 0


def test_a_fresh_token_signs_as_recent_login(org, req):
    response = _sign(_token_client(org.marketing_signatory, age=timedelta(minutes=1)), req, _body(org, req))
    assert response.status_code == 201 and response.json()["authentication"] == "recent-login"


def test_a_token_older_than_the_window_without_the_password_is_refused(org, req):
    response = _sign(_token_client(org.marketing_signatory, age=timedelta(minutes=20)), req, _body(org, req))
    assert response.status_code == 400 and "password" in response.json()
    assert SignoffRecord.objects.count() == 0


def test_a_token_older_than_the_window_with_the_password_signs_as_password_reentered(org, req):
    client = _token_client(org.marketing_signatory, age=timedelta(minutes=20))
    response = _sign(client, req, _body(org, req, password=TEST_PASSWORD))
    assert response.status_code == 201 and response.json()["authentication"] == "password-reentered"
    assert "password" not in response.json()


def test_a_wrong_password_is_refused_naming_password(org, req):
    client = _token_client(org.marketing_signatory, age=timedelta(minutes=20))
    response = _sign(client, req, _body(org, req, password="wrong-password"))
    assert response.status_code == 400 and "password" in response.json()
    assert SignoffRecord.objects.count() == 0


def test_a_fresh_session_signs_as_recent_login(org, req):
    client = APIClient()
    client.force_login(org.marketing_signatory)
    response = _sign(client, req, _body(org, req))
    assert response.status_code == 201 and response.json()["authentication"] == "recent-login"
