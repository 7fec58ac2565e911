from django.urls import path, re_path

from attribution.views.executive import executive_dashboard
from attribution.views.exports import board_pack, executive_export
from attribution.views.recommendations import recommendation_list

urlpatterns: list = [
    path("exec/", executive_dashboard, name="executive-dashboard"),
    path("exec/board-pack/<int:year>-Q<int:quarter>.pdf", board_pack, name="executive-board-pack"),
    path("exec/recommendations/", recommendation_list, name="recommendations"),
    re_path(
        r"^exec/exports/(?P<table>ledger|scorecards)\.(?P<fmt>csv|xlsx)$", executive_export, name="executive-export"
    ),
]
