"""A sign-in stamps its time into the session; a request's sign-in time is that stamp or its token's issue."""

from datetime import datetime

from django.test import Client, RequestFactory
from django.utils import timezone
from knox.models import AuthToken

from accounts.sessions import SESSION_AUTHENTICATED_AT, authenticated_at
from tests.accounts.factories import UserFactory


def test_signing_in_stamps_the_login_time_into_the_session(db):
    before = timezone.now()
    client = Client()
    client.force_login(UserFactory())
    stamped = datetime.fromisoformat(client.session[SESSION_AUTHENTICATED_AT])
    assert before <= stamped <= timezone.now()


def test_a_token_request_counts_from_the_token_issue_time(db):
    token, _ = AuthToken.objects.create(user=UserFactory())
    request = RequestFactory().get("/")
    request.auth = token
    assert authenticated_at(request) == token.created


def test_a_session_without_a_stamp_has_no_sign_in_time(db):
    request = RequestFactory().get("/")
    request.session = {}
    assert authenticated_at(request) is None
