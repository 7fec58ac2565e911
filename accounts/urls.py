from django.contrib.auth import views as auth_views
from django.urls import path

# The home page ("home") is per role and lives in attribution/views/home.py, on the top floor, which may read every app.
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
