"""Django's DEBUG technical pages are for staff only: everyone else gets the product's 403/404/500 pages."""

import pytest
from django.test import Client
from django.urls import include, path


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler404 = "core.api.not_found"
handler500 = "core.error_pages.server_error"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_a_department_person_gets_the_products_404_not_the_url_list(org, debug):
    response = _client(org.marketing_member).get("/signoffs/records/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing here" in page and "URLconf" not in page and "Center Stage" in page
    assert "There is nothing here" in _client().get("/no-such-page/").content.decode()


def test_a_crash_shows_the_products_500_to_non_staff_and_the_traceback_to_staff(org, debug):
    response = _client(org.lead).get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode() and "Traceback" not in response.content.decode()
    org.admin.is_staff = True
    org.admin.save(update_fields=["is_staff"])
    assert "RuntimeError" in _client(org.admin).get("/boom/").content.decode()
    assert "Page not found" in _client(org.admin).get("/no-such-page/").content.decode()  # Django's, for staff


def test_without_debug_the_handlers_render_the_products_pages(org, settings):
    settings.ROOT_URLCONF = __name__
    assert "Something went wrong" in _client(org.lead).get("/boom/").content.decode()
    assert "There is nothing here" in _client(org.lead).get("/no-such-page/").content.decode()
    assert _client(org.lead).get("/api/no-such/").json() == {"detail": ["Not found."]}
