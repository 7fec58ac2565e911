from django.urls import path  # noqa: F401

from insights.api import education as education_api
from insights.api import staffing as staffing_api

urlpatterns: list = []

urlpatterns += [
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
