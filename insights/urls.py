from django.urls import path

from insights.views import emerging, imports
from insights.views import insights as insight_views

urlpatterns = [
    path("contacts/import/", imports.contacts_import, name="contacts-import"),
    path("contacts/imports/<int:pk>/", imports.import_job, name="import-job"),
    path("emerging-issues/", emerging.emerging_issues, name="emerging-issues"),
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
]
