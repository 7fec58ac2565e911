"""core.net.client_ip believes X-Forwarded-For only through TRUSTED_PROXY_COUNT trusted hops."""

import pytest
from django.test import RequestFactory

from core.net import client_ip


def _request(remote: str = "10.0.0.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real one last.
    assert client_ip(_request(forwarded="198.51.100.7, 203.0.113.9")) == "203.0.113.9"


def test_two_trusted_proxies_skip_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="198.51.100.7, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def test_fewer_entries_than_trusted_proxies_takes_the_leftmost(settings):
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(_request(forwarded="203.0.113.9, 10.0.0.2")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", " , ", "not-an-address", "203.0.113.9\x00"])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded=forwarded)) == "10.0.0.1"


def test_ipv6_addresses_are_returned_in_canonical_form(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="2001:DB8:0:0::1")) == "2001:db8::1"
