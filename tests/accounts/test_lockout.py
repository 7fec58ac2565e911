"""Login lockouts (accounts.lockout, django-axes): per account and per client address, page and API alike."""

import logging

import pytest

from tests.accounts.factories import TEST_PASSWORD

TOKEN = "/api/auth/token/"


def _token(api, email: str, password: str, **extra):
    return api.post(TOKEN, {"email": email, "password": password}, format="json", **extra)


def _fail_five(api, emails: list[str], extra_of=lambda n: {}):
    """Five wrong passwords for `emails`; `extra_of(n)` gives the n-th request's addresses."""
    for n, email in enumerate(emails):
        _token(api, email, "wrong-password", **extra_of(n))


def test_five_wrong_passwords_lock_the_account_even_from_new_addresses(api, org):
    _fail_five(api, ["lead@example.test"] * 5, extra_of=lambda n: {"REMOTE_ADDR": f"10.0.1.{n}"})
    response = _token(api, "LEAD@example.test", TEST_PASSWORD, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429
    assert list(response.json()) == ["detail"]
    assert "Try again after" in response.json()["detail"][0]
    assert int(response["Retry-After"]) > 0


def test_five_wrong_passwords_lock_the_address_for_every_account(api, org):
    _fail_five(api, [f"nobody{n}@example.test" for n in range(5)], extra_of=lambda n: {"REMOTE_ADDR": "10.0.3.1"})
    assert _token(api, "lead@example.test", TEST_PASSWORD, REMOTE_ADDR="10.0.3.1").status_code == 429
    assert _token(api, "lead@example.test", TEST_PASSWORD, REMOTE_ADDR="10.0.3.2").status_code == 200


def test_four_wrong_passwords_do_not_lock(api, org):
    for _ in range(4):
        _token(api, "lead@example.test", "wrong-password")
    assert _token(api, "lead@example.test", TEST_PASSWORD).status_code == 200


def test_a_spoofed_forwarded_header_is_ignored_without_trusted_proxies(api, org, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    _fail_five(
        api,
        [f"nobody{n}@example.test" for n in range(5)],
        extra_of=lambda n: {"REMOTE_ADDR": "10.0.4.1", "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"},
    )
    response = _token(api, "lead@example.test", TEST_PASSWORD, REMOTE_ADDR="10.0.4.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 429


def test_the_forwarded_address_counts_behind_one_trusted_proxy(api, org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.5.1"}
    _fail_five(
        api,
        [f"nobody{n}@example.test" for n in range(5)],
        extra_of=lambda n: {**proxy, "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, 203.0.113.7"},
    )
    locked = _token(api, "lead@example.test", TEST_PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = _token(api, "lead@example.test", TEST_PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert (locked.status_code, other.status_code) == (429, 200)


def test_the_login_page_locks_the_account_and_says_when_to_try_again(client, org):
    for n in range(5):
        client.post("/login/", {"username": "analyst@example.test", "password": "nope"}, REMOTE_ADDR=f"10.0.6.{n}")
    response = client.post(
        "/login/", {"username": "Analyst@example.test", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.7.1"
    )
    assert response.status_code == 429
    assert b"Try again in about 15 minutes" in response.content
    assert client.get("/").status_code == 302


def test_the_login_page_locks_the_address_for_every_account(client, org):
    for n in range(5):
        client.post("/login/", {"username": f"nobody{n}@example.test", "password": "nope"}, REMOTE_ADDR="10.0.8.1")
    right = {"username": "lead@example.test", "password": TEST_PASSWORD}
    assert client.post("/login/", right, REMOTE_ADDR="10.0.8.1").status_code == 429
    assert client.post("/login/", right, REMOTE_ADDR="10.0.8.2").status_code == 302


def test_the_lockout_is_shared_through_the_database(api, org):
    from axes.models import AccessAttempt

    _fail_five(api, ["lead@example.test"] * 5)
    assert AccessAttempt.objects.filter(username="lead@example.test").get().failures_since_start == 5


@pytest.mark.parametrize("entry", ["token", "page"])
def test_every_refusal_is_logged(api, client, org, caplog, entry):
    caplog.set_level(logging.WARNING)
    for _ in range(6):
        if entry == "token":
            _token(api, "lead@example.test", "wrong-password")
        else:
            client.post("/login/", {"username": "lead@example.test", "password": "nope"})
    failures = [r for r in caplog.records if r.name.startswith("axes") and "login failure by" in r.getMessage()]
    refusals = [r for r in caplog.records if r.name == "accounts.lockout"]
    assert len(failures) == 5
    assert refusals and "lead@example.test" in refusals[-1].getMessage()
