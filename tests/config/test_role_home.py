"""Each role lands on its own home page; executives go straight to the dashboard."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _get(user):
    c = Client()
    c.force_login(user)
    return c.get(reverse("home"))


def test_executive_goes_to_dashboard(org):
    resp = _get(org.executive)
    assert resp.status_code == 302 and resp["Location"] == "/exec/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("analyst", "/contacts/imports/"),
        ("lead", "/signoffs/"),
        ("signatory", "/signoffs/inbox/"),
        ("member", "/actions/"),
    ],
)
def test_each_role_sees_its_starting_points(org, role, expected):
    resp = _get(org.by_role()[role])
    assert resp.status_code == 200
    assert f'href="{expected}"' in resp.content.decode()


def test_no_role_is_told_what_to_do(org):
    assert "You hold no role yet" in _get(org.outsider).content.decode()
