from django.urls import path

from insights.api import education as education_api
from insights.api import emerging, imports, metrics
from insights.api import insights as insight_api
from insights.api import staffing as staffing_api

urlpatterns = [
    path("imports/", imports.ImportListCreateView.as_view(), name="api-imports"),
    path("imports/<int:pk>/", imports.ImportJobDetailView.as_view(), name="api-import-detail"),
    path("metrics/", metrics.MetricsView.as_view(), name="api-metrics"),
    path("metrics/intervals/", metrics.MetricsByIntervalView.as_view(), name="api-metrics-intervals"),
    path("emerging-issues/", emerging.EmergingIssueListView.as_view(), name="api-emerging-issues"),
    path("emerging-issues/<int:pk>/", emerging.EmergingIssueDetailView.as_view(), name="api-emerging-issue-detail"),
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
    path("staffing/erlang-c/", staffing_api.ErlangCView.as_view(), name="api-staffing-erlang-c"),
    path("staffing/required-agents/", staffing_api.RequiredAgentsView.as_view(), name="api-staffing-required-agents"),
    path("quiz/games/", education_api.QuizGameListView.as_view(), name="api-quiz-games"),
    path(
        "quiz/games/<int:pk>/next-question/",
        education_api.QuizNextQuestionView.as_view(),
        name="api-quiz-next-question",
    ),
    path("quiz/questions/<int:pk>/answer/", education_api.QuizAnswerView.as_view(), name="api-quiz-answer"),
    path("quiz/leaderboard/", education_api.QuizLeaderboardView.as_view(), name="api-quiz-leaderboard"),
    path("listen-ins/", education_api.ListenInListView.as_view(), name="api-listen-ins"),
    path("listen-ins/summary/", education_api.ListenInSummaryView.as_view(), name="api-listen-in-summary"),
    path("listen-ins/<int:pk>/respond/", education_api.ListenInRespondView.as_view(), name="api-listen-in-respond"),
    path("listen-ins/<int:pk>/notes/", education_api.ListenInNotesView.as_view(), name="api-listen-in-notes"),
    path(
        "listen-ins/<int:pk>/draft-insight/",
        education_api.ListenInDraftInsightView.as_view(),
        name="api-listen-in-draft-insight",
    ),
]
