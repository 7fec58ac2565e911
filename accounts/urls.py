from django.contrib.auth import views as auth_views
from django.urls import path

# The home page ("home") is per role and lives in config/home.py, which may read every app.
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
