from django.urls import path

from attribution.api.executive import ExecutiveSummaryView

urlpatterns: list = [
    path("exec/summary/", ExecutiveSummaryView.as_view(), name="api-exec-summary"),
]
