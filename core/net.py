"""The client's network address, taken only through the proxies the deployment trusts.

`X-Forwarded-For` is written by whoever sends the request, so only the entries appended by our own proxies can
be believed: with `TRUSTED_PROXY_COUNT` = N the nearest proxy is REMOTE_ADDR and the client is the N-th entry
from the right. With N = 0 (the default: nothing in front of the service) the header is ignored entirely.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    """`value` as a canonical IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, believing X-Forwarded-For only through TRUSTED_PROXY_COUNT hops."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    if not hops:
        return remote
    # The nearest trusted proxy appended the last entry; each further trusted proxy one more to the left.
    return _address(hops[-min(trusted, len(hops))]) or remote
