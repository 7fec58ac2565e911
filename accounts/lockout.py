"""Login lockouts (django-axes): whose attempts count together, when a lockout ends, and the page that says so.

Axes counts failures in the database, per account and per client address (settings `AXES_*`); this module is
what the settings point it at, and what the token endpoint asks when it must refuse.
"""

import logging
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework.response import Response

logger = logging.getLogger("accounts.lockout")


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account an attempt names, lower-cased so `Lead@` and `lead@` share one count."""
    # The login page posts `username`, the token endpoint `email`; axes normalises the former to `email`.
    source = credentials or getattr(request, "data", None) or request.POST
    value = str(source.get("email") or source.get("username") or "").strip().lower()
    return value or None


def lockout_ends(request: HttpRequest, credentials: dict | None = None) -> datetime:
    """When the lockout on this request's account or address ends (its last counted failure + the cool-off)."""
    username = lockout_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or timezone.now()) + get_cool_off(request)


def lockout_refusal_log(request: HttpRequest, credentials: dict | None, *, entry: str) -> datetime:
    """Log a refused sign-in (which entry point, account, address) and return when it may be tried again."""
    ends = lockout_ends(request, credentials)
    logger.warning(
        "Sign-in refused at %s: account %r or address %s is locked out until %s",
        entry,
        lockout_username(request, credentials),
        getattr(request, "axes_ip_address", None),
        ends.isoformat(),
    )
    return ends


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The login page's answer to a locked-out attempt: a page saying when to try again (HTTP 429)."""
    if isinstance(original_response, Response):
        return original_response  # the API answered in its own error shape already (accounts.api)
    ends = lockout_refusal_log(request, credentials, entry="the login page")
    minutes = max(1, round((ends - timezone.now()).total_seconds() / 60))
    context = {"retry_at": ends, "minutes": minutes}
    response = render(request, "accounts/lockout.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
