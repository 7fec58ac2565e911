from django.urls import path

from education import views

urlpatterns = [
    path("staffing/", views.staffing_calculator, name="staffing-calculator"),
    path("quiz/", views.quiz_home, name="quiz"),
    path("quiz/new/", views.quiz_game_new, name="quiz-new"),
    path("quiz/leaderboard/", views.quiz_leaderboard, name="quiz-leaderboard"),
    path("quiz/<int:pk>/", views.quiz_play, name="quiz-play"),
    path("quiz/<int:pk>/answered/<int:question_id>/", views.quiz_answered, name="quiz-answered"),
    path("listen-in/", views.listen_in_list, name="listen-in"),
    path("listen-in/new/", views.listen_in_new, name="listen-in-new"),
    path("listen-in/respond/<str:token>/", views.listen_in_respond, name="listen-in-respond"),
    path("listen-in/<int:pk>/", views.listen_in_detail, name="listen-in-detail"),
    path("listen-in/<int:pk>/answer/", views.listen_in_answer, name="listen-in-answer"),
    path("listen-in/<int:pk>/draft-insight/", views.listen_in_draft_insight, name="listen-in-draft-insight"),
]
