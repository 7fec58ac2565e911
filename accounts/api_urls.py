from django.urls import path

from accounts import api

urlpatterns = [
    path("auth/token/", api.TokenObtainView.as_view(), name="api-token"),
    path("auth/tokens/", api.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_id>/", api.TokenDetailView.as_view(), name="api-token-detail"),
    path("me/", api.MeView.as_view(), name="api-me"),
]
