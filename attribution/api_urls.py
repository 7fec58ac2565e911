from django.urls import path

from attribution.api import actions, controls, ledger, transactions
from attribution.api import signoffs as api
from attribution.api.costs import CenterCostList
from attribution.api.executive import ExecutiveSummaryView
from attribution.api.recommendations import RecommendationDecisionView

urlpatterns: list = [
    path("signoff-requests/", api.SignoffRequestList.as_view(), name="api-signoff-requests"),
    path("signoff-requests/<int:pk>/", api.SignoffRequestDetail.as_view(), name="api-signoff-request"),
    path("signoff-requests/<int:pk>/sign/", api.SignoffSign.as_view(), name="api-signoff-sign"),
    path("signoff-requests/<int:pk>/pinky-swear/", api.SignoffPinkySwear.as_view(), name="api-signoff-pinky-swear"),
    path("signoff-requests/<int:pk>/decline/", api.SignoffDecline.as_view(), name="api-signoff-decline"),
    path("signoff-requests/<int:pk>/actions/", api.SignoffActions.as_view(), name="api-signoff-actions"),
    path("actions/", actions.ActionList.as_view(), name="api-actions"),
    path("actions/<int:pk>/status/", actions.ActionStatusChange.as_view(), name="api-action-status"),
    path("signoff-records/<int:pk>/", api.SignoffRecordDetail.as_view(), name="api-signoff-record"),
    path("signoff-records/<int:pk>/certificate.pdf", api.SignoffCertificatePdf.as_view(), name="api-signoff-pdf"),
    path("signoffs/verify/", api.SignoffVerify.as_view(), name="api-signoffs-verify"),
    path("credit-agreements/", api.CreditAgreementCreate.as_view(), name="api-credit-agreements"),
    path("exec/summary/", ExecutiveSummaryView.as_view(), name="api-exec-summary"),
    path("center-costs/", CenterCostList.as_view(), name="api-center-costs"),
    path(
        "recommendations/<int:pk>/decision/", RecommendationDecisionView.as_view(), name="api-recommendation-decision"
    ),
    path("improvements/", ledger.ImprovementCreateView.as_view(), name="api-improvement-create"),
    path("outcomes/", ledger.OutcomeCreateView.as_view(), name="api-outcome-create"),
    path("outcomes/batch/", ledger.OutcomeBatchView.as_view(), name="api-outcome-batch"),
    path("outcomes/expected/", controls.ExpectedList.as_view(), name="api-outcomes-expected"),
    path("periods/", controls.PeriodList.as_view(), name="api-periods"),
    path("periods/<str:month>/close/", controls.PeriodClose.as_view(), name="api-period-close"),
    path("periods/<str:month>/reopen/", controls.PeriodReopen.as_view(), name="api-period-reopen"),
    path("outcomes/<int:pk>/reverse/", ledger.OutcomeReverseView.as_view(), name="api-outcome-reverse"),
    path("ledger/transactions/", transactions.TransactionListView.as_view(), name="api-ledger-transactions"),
    path("ledger/balances/", ledger.BalancesView.as_view(), name="api-ledger-balances"),
    path("ledger/export.csv", transactions.ExportView.as_view(), name="api-ledger-export"),
    path("ledger/export.xlsx", transactions.ExportXlsxView.as_view(), name="api-ledger-export-xlsx"),
]
