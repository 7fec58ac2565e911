from django.urls import path

from insights.views import imports

urlpatterns = [
    path("contacts/import/", imports.contacts_import, name="contacts-import"),
    path("contacts/imports/<int:pk>/", imports.import_job, name="import-job"),
    path("emerging-issues/", imports.emerging_issues, name="emerging-issues"),
]
