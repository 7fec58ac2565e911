import pytest

from tests.accounts.factories import TEST_PASSWORD


def test_login_page_signs_a_person_in_by_email(client, org):
    response = client.post("/login/", {"username": "ANALYST@example.test", "password": TEST_PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert b"Analyst" in home.content


def test_login_page_refuses_a_wrong_password(client, org):
    response = client.post("/login/", {"username": "analyst@example.test", "password": "nope"})
    assert response.status_code == 200
    assert b"do not match" in response.content
    assert client.get("/").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, org):
    client.force_login(org.analyst)
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_session_posts_without_csrf_token_are_refused(org):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(org.analyst)
    assert strict.post("/logout/").status_code == 403


def test_token_endpoint_returns_a_token_that_authenticates(api, org):
    response = api.post("/api/auth/token/", {"email": "lead@example.test", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["email"] == "lead@example.test"


def test_token_endpoint_refuses_bad_credentials_in_the_error_shape(api, org):
    response = api.post("/api/auth/token/", {"email": "lead@example.test", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert isinstance(response.json()["detail"], list)


def test_token_endpoint_names_a_missing_field(api, org):
    response = api.post("/api/auth/token/", {"email": "lead@example.test"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["password"]


def test_api_requires_authentication(api, db):
    response = api.get("/api/me/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_me_lists_departments_and_roles(api_as, org):
    body = api_as(org.marketing_signatory).get("/api/me/").json()
    assert body["roles"] == ["signatory"]
    assert [d["slug"] for d in body["departments"]] == ["marketing"]


def test_me_for_an_executive_has_an_organisation_wide_role(api_as, org):
    body = api_as(org.executive).get("/api/me/").json()
    assert body["roles"] == ["executive"]
    assert body["departments"] == []
    assert body["memberships"] == [{"role": "executive", "department": None}]


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_openapi_schema_and_docs_are_served(client, org, path):
    client.force_login(org.analyst)  # a login is needed unless API_DOCS_PUBLIC (tests/config/test_urls.py)
    assert client.get(path).status_code == 200
