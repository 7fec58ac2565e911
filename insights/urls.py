from django.urls import path

from insights.views import education, imports
from insights.views import insights as insight_views

urlpatterns = [
    path("contacts/import/", imports.contacts_import, name="contacts-import"),
    path("contacts/imports/<int:pk>/", imports.import_job, name="import-job"),
    path("emerging-issues/", imports.emerging_issues, name="emerging-issues"),
    path("insights/", insight_views.insight_list_view, name="insight-list"),
    path(
        "emerging-issues/<int:issue_id>/draft-insight/",
        insight_views.insight_from_emerging_issue_view,
        name="insight-from-emerging-issue",
    ),
    path("insights/new/", insight_views.insight_create_view, name="insight-create"),
    path("insights/<int:insight_id>/", insight_views.insight_detail_view, name="insight-detail"),
    path("insights/<int:insight_id>/edit/", insight_views.insight_edit_view, name="insight-edit"),
    path("insights/<int:insight_id>/publish/", insight_views.insight_publish_view, name="insight-publish"),
    path("insights/<int:insight_id>/withdraw/", insight_views.insight_withdraw_view, name="insight-withdraw"),
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
