from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

# The home page ("home") is per role and lives in attribution/views/home.py, on the top floor, which may read every app.
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", views.people, name="people"),
    path("people/audit-log/", views.audit_log, name="audit-log"),
    path("people/<int:user_id>/", views.person, name="person"),
    path(
        "people/<int:user_id>/<str:change>/",
        views.person_change,
        name="person-change",
    ),
    path("accounts/set-password/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password-set"),
]
