from django.urls import path

from education.api import listen_in, quiz, staffing

urlpatterns = [
    path("staffing/erlang-c/", staffing.ErlangCView.as_view(), name="api-staffing-erlang-c"),
    path("staffing/required-agents/", staffing.RequiredAgentsView.as_view(), name="api-staffing-required-agents"),
    path("quiz/games/", quiz.QuizGameListView.as_view(), name="api-quiz-games"),
    path(
        "quiz/games/<int:pk>/next-question/",
        quiz.QuizNextQuestionView.as_view(),
        name="api-quiz-next-question",
    ),
    path("quiz/questions/<int:pk>/answer/", quiz.QuizAnswerView.as_view(), name="api-quiz-answer"),
    path("quiz/leaderboard/", quiz.QuizLeaderboardView.as_view(), name="api-quiz-leaderboard"),
    path("listen-ins/", listen_in.ListenInListView.as_view(), name="api-listen-ins"),
    path("listen-ins/summary/", listen_in.ListenInSummaryView.as_view(), name="api-listen-in-summary"),
    path("listen-ins/<int:pk>/respond/", listen_in.ListenInRespondView.as_view(), name="api-listen-in-respond"),
    path("listen-ins/<int:pk>/notes/", listen_in.ListenInNotesView.as_view(), name="api-listen-in-notes"),
    path(
        "listen-ins/<int:pk>/draft-insight/",
        listen_in.ListenInDraftInsightView.as_view(),
        name="api-listen-in-draft-insight",
    ),
]
