from django.urls import path

from insights.api import emerging, erasure, imports, metrics
from insights.api import insights as insight_api

urlpatterns = [
    path("imports/", imports.ImportListCreateView.as_view(), name="api-imports"),
    path("imports/<int:pk>/", imports.ImportJobDetailView.as_view(), name="api-import-detail"),
    path("metrics/", metrics.MetricsView.as_view(), name="api-metrics"),
    path("metrics/intervals/", metrics.MetricsByIntervalView.as_view(), name="api-metrics-intervals"),
    path("emerging-issues/", emerging.EmergingIssueListView.as_view(), name="api-emerging-issues"),
    path("emerging-issues/problems/", emerging.EmergingProblemListView.as_view(), name="api-emerging-problems"),
    path("emerging-issues/<int:pk>/", emerging.EmergingIssueDetailView.as_view(), name="api-emerging-issue-detail"),
    path("contacts/erasures/", erasure.ContactErasureView.as_view(), name="api-contact-erasures"),
    path("contacts/export/", erasure.ContactExportView.as_view(), name="api-contact-export"),
    path("contacts/", insight_api.ContactEvidenceListView.as_view(), name="api-contact-evidence"),
    path("insights/", insight_api.InsightListCreateView.as_view(), name="api-insight-list"),
    path(
        "insights/from-emerging-issue/",
        insight_api.InsightFromEmergingIssueView.as_view(),
        name="api-insight-from-emerging-issue",
    ),
    path("insights/<int:insight_id>/", insight_api.InsightDetailView.as_view(), name="api-insight-detail"),
    path("insights/<int:insight_id>/publish/", insight_api.InsightPublishView.as_view(), name="api-insight-publish"),
    path("insights/<int:insight_id>/withdraw/", insight_api.InsightWithdrawView.as_view(), name="api-insight-withdraw"),
    path(
        "insights/<int:insight_id>/revisions/",
        insight_api.InsightRevisionListView.as_view(),
        name="api-insight-revisions",
    ),
]
