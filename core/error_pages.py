"""The product's own 403, 404 and 500 pages for everyone but staff, even with DEBUG on.

With DEBUG on (the demo), Django answers a missing page or a crash with its technical page: every URL pattern,
the settings, a traceback. `ProductErrorPagesMiddleware` lets staff (the developers) keep those and gives
everyone else the site's `403.html`, `404.html` or `500.html`, as production does. With DEBUG off Django renders
those templates itself (`handler404` in config/urls.py keeps the API's JSON shape; `handler500` is
`server_error` below).
"""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

TECHNICAL_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'  # in every Django debug page's head
TEMPLATES = {403: "403.html", 404: "404.html", 500: "500.html"}
PLAIN_500 = "<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1><p>Please try again.</p>"


def _render(request, status: int) -> HttpResponse:
    """The product's page for `status`, with the site's header when it can be drawn, plain when even that fails."""
    try:
        return HttpResponse(render_to_string(TEMPLATES[status], {}, request=request), status=status)
    except Exception:  # a broken database or template must not turn an error page into a traceback
        logger.exception("Rendering the %s page failed", status)
        try:
            return HttpResponse(render_to_string(TEMPLATES[status], {}), status=status)
        except Exception:
            return HttpResponse(PLAIN_500, status=status)


def server_error(request) -> HttpResponse:
    """handler500: the product's page, with the signed-in person's header when the request still allows it."""
    response = _render(request, 500)
    return response if response.status_code == 500 else HttpResponseServerError(PLAIN_500)


def _is_technical(response) -> bool:
    return (
        response.status_code in TEMPLATES
        and response.get("Content-Type", "").startswith("text/html")
        and not getattr(response, "streaming", False)
        and TECHNICAL_MARK in response.content[:2000]
    )


class ProductErrorPagesMiddleware:
    """Replace Django's DEBUG technical pages with the product's own for anyone who is not staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or not _is_technical(response):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return response
        return _render(request, response.status_code)
