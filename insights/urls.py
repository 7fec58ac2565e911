from django.urls import path  # noqa: F401

from insights.views import education

urlpatterns: list = []

urlpatterns += [
    path("staffing/", education.staffing_calculator, name="staffing-calculator"),
    path("quiz/", education.quiz_home, name="quiz"),
    path("quiz/new/", education.quiz_game_new, name="quiz-new"),
    path("quiz/leaderboard/", education.quiz_leaderboard, name="quiz-leaderboard"),
    path("quiz/<int:pk>/", education.quiz_play, name="quiz-play"),
    path("quiz/<int:pk>/answered/<int:question_id>/", education.quiz_answered, name="quiz-answered"),
    path("listen-in/", education.listen_in_list, name="listen-in"),
    path("listen-in/new/", education.listen_in_new, name="listen-in-new"),
    path("listen-in/respond/<str:token>/", education.listen_in_respond, name="listen-in-respond"),
    path("listen-in/<int:pk>/", education.listen_in_detail, name="listen-in-detail"),
    path("listen-in/<int:pk>/answer/", education.listen_in_answer, name="listen-in-answer"),
    path("listen-in/<int:pk>/draft-insight/", education.listen_in_draft_insight, name="listen-in-draft-insight"),
]
