from django.urls import path

from insights.api import emerging, imports, metrics

urlpatterns = [
    path("imports/", imports.ImportListCreateView.as_view(), name="api-imports"),
    path("imports/<int:pk>/", imports.ImportJobDetailView.as_view(), name="api-import-detail"),
    path("metrics/", metrics.MetricsView.as_view(), name="api-metrics"),
    path("metrics/intervals/", metrics.MetricsByIntervalView.as_view(), name="api-metrics-intervals"),
    path("emerging-issues/", emerging.EmergingIssueListView.as_view(), name="api-emerging-issues"),
    path("emerging-issues/<int:pk>/", emerging.EmergingIssueDetailView.as_view(), name="api-emerging-issue-detail"),
]
