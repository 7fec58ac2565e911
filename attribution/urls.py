from django.urls import path, re_path

from attribution.views import actions, demo, ledger, outcomes
from attribution.views import signoffs as views
from attribution.views.costs import center_cost_list
from attribution.views.executive import executive_dashboard
from attribution.views.exports import board_pack, executive_export
from attribution.views.recommendations import recommendation_decide_page, recommendation_list

urlpatterns: list = [
    path("signoffs/", views.inbox, name="signoff-inbox"),
    path("signoffs/overview/", views.overview, name="signoff-overview"),
    path("signoffs/agreements/", views.agreements, name="signoff-agreements"),
    path("signoffs/requests/<int:pk>/", views.sign, name="signoff-sign"),
    path("signoffs/requests/<int:pk>/actions/", views.action_commit, name="signoff-action-commit"),
    path("signoffs/requests/<int:pk>/decline/", views.decline, name="signoff-decline"),
    path("signoffs/records/<int:pk>/", views.certificate, name="signoff-certificate"),
    path("signoffs/records/<int:pk>/certificate.pdf", views.certificate_pdf, name="signoff-certificate-pdf"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/<int:pk>/status/", actions.action_status, name="action-status"),
    path("exec/", executive_dashboard, name="executive-dashboard"),
    path("exec/board-pack/<int:year>-Q<int:quarter>.pdf", board_pack, name="executive-board-pack"),
    path("exec/recommendations/", recommendation_list, name="recommendations"),
    path("exec/costs/", center_cost_list, name="center-costs"),
    path("exec/recommendations/<int:pk>/decide/", recommendation_decide_page, name="recommendation-decide"),
    re_path(
        r"^exec/exports/(?P<table>ledger|scorecards)\.(?P<fmt>csv|xlsx)$", executive_export, name="executive-export"
    ),
    path("ledger/", ledger.ledger_home, name="ledger"),
    path("ledger/transactions/", ledger.ledger_transactions, name="ledger-transactions"),
    path("ledger/transactions/<int:pk>/", ledger.ledger_transaction, name="ledger-transaction"),
    path("improvements/new/", ledger.improvement_new, name="improvement-new"),
    path("outcomes/new/", ledger.outcome_new, name="outcome-new"),
    path("outcomes/<int:pk>/", outcomes.outcome_detail, name="outcome-detail"),
    path("outcomes/<int:pk>/reverse/", outcomes.outcome_reverse_page, name="outcome-reverse"),
    path("ledger/periods/", outcomes.accounting_periods, name="accounting-periods"),
]
# The demo introduces itself (issue 18): 404 outside a seeded, non-production demo
urlpatterns += [
    path("demo/", demo.demo_intro, name="demo-intro"),
    path("demo/mail/", demo.demo_mail_list, name="demo-mail"),
    path("demo/mail/<int:pk>/", demo.demo_mail_detail, name="demo-mail-detail"),
]
