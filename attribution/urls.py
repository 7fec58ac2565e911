from django.urls import path, re_path

from attribution.views.executive import executive_dashboard
from attribution.views.exports import board_pack, executive_export

urlpatterns: list = [
    path("exec/", executive_dashboard, name="executive-dashboard"),
    path("exec/board-pack/<int:year>-Q<int:quarter>.pdf", board_pack, name="executive-board-pack"),
    re_path(
        r"^exec/exports/(?P<table>ledger|scorecards)\.(?P<fmt>csv|xlsx)$", executive_export, name="executive-export"
    ),
]
