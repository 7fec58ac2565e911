from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import BasePermission

from attribution.views.home import role_home
from core.health import healthz


class ApiDocsAccess(BasePermission):
    """The schema and its docs: for signed-in users, or anyone when API_DOCS_PUBLIC is on (read per request)."""

    def has_permission(self, request, view) -> bool:
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)


# Each app's API lives in <app>/api_urls.py and its pages in <app>/urls.py.
api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("insights.api_urls")),
    path("", include("education.api_urls")),
    path("", include("attribution.api_urls")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[ApiDocsAccess]), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[ApiDocsAccess]),
        name="api-docs",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
    path("", role_home, name="home"),  # each role's starting page
    path("", include("accounts.urls")),
    path("", include("insights.urls")),
    path("", include("education.urls")),
    path("", include("attribution.urls")),
]

# An unknown URL under /api/ answers in the API's error shape (JSON), as every other API error does.
handler404 = "core.api.not_found"
# A crash shows the product's page, with the site's header when it can still be drawn (core/error_pages.py).
handler500 = "core.error_pages.server_error"
