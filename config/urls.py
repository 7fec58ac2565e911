from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from attribution.views.home import role_home
from core.health import healthz

# Each app's API lives in <app>/api_urls.py and its pages in <app>/urls.py.
api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("insights.api_urls")),
    path("", include("education.api_urls")),
    path("", include("attribution.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
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
