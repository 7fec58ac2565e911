from django.urls import path

from attribution.views.executive import executive_dashboard

urlpatterns: list = [
    path("exec/", executive_dashboard, name="executive-dashboard"),
]
