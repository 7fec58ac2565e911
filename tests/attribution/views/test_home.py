"""Each role lands on its own home page; executives go straight to the dashboard."""

import re

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
        ("analyst", "/contacts/import/"),
        ("lead", "/signoffs/overview/"),
        ("signatory", "/signoffs/"),
        ("signatory", "/actions/"),
        ("member", "/actions/"),
    ],
)
def test_each_role_sees_its_starting_points(org, role, expected):
    resp = _get(org.by_role()[role])
    assert resp.status_code == 200
    assert f'href="{expected}"' in resp.content.decode()


@pytest.mark.parametrize("role", ["analyst", "lead", "signatory", "member"])
def test_every_starting_point_opens(org, role):
    user = org.by_role()[role]
    main = _get(user).content.decode().split('<main id="main">', 1)[1]
    links = set(re.findall(r'href="(/[^"]*)"', main))
    c = Client()
    c.force_login(user)
    assert links and {link: c.get(link).status_code for link in links} == dict.fromkeys(links, 200)


def test_no_role_is_told_what_to_do(org):
    assert "You hold no role yet" in _get(org.outsider).content.decode()
