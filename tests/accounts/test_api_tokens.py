"""API tokens (accounts.api): hashed at rest, expiring, listed and revoked by their owner."""

import hashlib
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from tests.accounts.factories import TEST_PASSWORD


def _obtain(api, email: str = "lead@example.test") -> str:
    response = api.post("/api/auth/token/", {"email": email, "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert list(response.json()) == ["token"]
    return response.json()["token"]


def _client_with(token: str):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_database_row_holds_a_digest_not_the_key(api, org):
    key = _obtain(api)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    assert not any(key in str(value) for value in rows[0])
    assert AuthToken.objects.get().digest == hashlib.sha512(key.encode()).hexdigest()


def test_a_token_expires_after_the_configured_hours(api, org, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    before = timezone.now()
    _obtain(api)
    expiry = AuthToken.objects.get().expiry
    assert before + timedelta(hours=2) <= expiry <= timezone.now() + timedelta(hours=2)


def test_the_default_lifetime_is_thirty_days(api, org):
    _obtain(api)
    assert AuthToken.objects.get().expiry - timezone.now() > timedelta(hours=719)


def test_an_expired_token_is_refused(api, org):
    key = _obtain(api)
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = _client_with(key).get("/api/me/")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], list)


def test_the_owner_lists_their_live_tokens_without_keys(api, org):
    first, second = _obtain(api), _obtain(api)
    _obtain(api, "analyst@example.test")  # someone else's
    response = _client_with(second).get("/api/auth/tokens/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 2
    assert set(body[0]) == {"id", "created", "expiry", "current"}
    assert [t["current"] for t in body] == [True, False]
    assert first not in response.content.decode() and second not in response.content.decode()


def test_the_list_leaves_out_expired_tokens(api, org):
    key = _obtain(api)
    _obtain(api)
    AuthToken.objects.exclude(digest=hashlib.sha512(key.encode()).hexdigest()).update(
        expiry=timezone.now() - timedelta(minutes=1)
    )
    assert len(_client_with(key).get("/api/auth/tokens/").json()) == 1


def test_the_owner_revokes_a_token_and_it_stops_working(api, org):
    keep, lose = _obtain(api), _obtain(api)
    client = _client_with(keep)
    lose_id = next(t["id"] for t in client.get("/api/auth/tokens/").json() if not t["current"])
    assert client.delete(f"/api/auth/tokens/{lose_id}/").status_code == 204
    assert _client_with(lose).get("/api/me/").status_code == 401
    assert client.get("/api/me/").status_code == 200


def test_nobody_revokes_another_users_token(api, org):
    victim = _obtain(api, "analyst@example.test")
    victim_id = AuthToken.objects.get(user=org.analyst).digest
    response = _client_with(_obtain(api)).delete(f"/api/auth/tokens/{victim_id}/")
    assert response.status_code == 404
    assert list(response.json()) == ["id"]
    assert _client_with(victim).get("/api/me/").status_code == 200


def test_token_listing_needs_a_login(api, db):
    assert api.get("/api/auth/tokens/").status_code in (401, 403)
