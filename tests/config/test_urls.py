"""The site's routes: the API schema and docs need a login unless API_DOCS_PUBLIC; every page carries the CSP."""

import re

import pytest

DOCS = ["/api/schema/", "/api/docs/"]


@pytest.mark.parametrize("path", DOCS)
def test_schema_and_docs_refuse_an_anonymous_visitor(client, db, path):
    assert client.get(path).status_code in (401, 403)


@pytest.mark.parametrize("path", DOCS)
def test_schema_and_docs_are_served_to_a_signed_in_user(client, org, path):
    client.force_login(org.marketing_member)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", DOCS)
def test_api_docs_public_opens_them_to_anyone(client, db, settings, path):
    settings.API_DOCS_PUBLIC = True
    assert client.get(path).status_code == 200


def test_the_docs_page_loads_its_start_up_script_from_a_url_not_inline(client, org):
    client.force_login(org.analyst)
    page = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline <script> in the docs page"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def script_src(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(d for d in policy.split(";") if d.strip().startswith("script-src"))


def test_pages_carry_a_csp_that_allows_no_inline_script(client, org):
    for response in (client.get("/login/"), client.get("/healthz")):
        assert "Content-Security-Policy" in response
        assert "'unsafe-inline'" not in script_src(response)
        assert "'self'" in script_src(response)
    client.force_login(org.analyst)
    response = client.get("/")
    assert "'unsafe-inline'" not in script_src(response)
