from django.urls import path

from accounts import api

urlpatterns = [
    path("auth/token/", api.TokenObtainView.as_view(), name="api-token"),
    path("auth/tokens/", api.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_id>/", api.TokenDetailView.as_view(), name="api-token-detail"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("people/", api.PeopleView.as_view(), name="api-people"),
    path("people/<int:pk>/", api.PersonView.as_view(), name="api-person"),
    path("people/<int:pk>/roles/", api.PersonRoleView.as_view(), name="api-person-roles"),
    path("people/<int:pk>/roles/revoke/", api.PersonRoleView.as_view(revoke=True), name="api-person-roles-revoke"),
    path("audit-log/", api.AuditLogView.as_view(), name="api-audit-log"),
]
