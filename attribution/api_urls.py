from django.urls import path

from attribution.api import ledger

urlpatterns: list = [
    path("improvements/", ledger.ImprovementCreateView.as_view(), name="api-improvement-create"),
    path("outcomes/", ledger.OutcomeCreateView.as_view(), name="api-outcome-create"),
    path("outcomes/<int:pk>/reverse/", ledger.OutcomeReverseView.as_view(), name="api-outcome-reverse"),
    path("ledger/transactions/", ledger.TransactionListView.as_view(), name="api-ledger-transactions"),
    path("ledger/balances/", ledger.BalancesView.as_view(), name="api-ledger-balances"),
    path("ledger/export.csv", ledger.ExportView.as_view(), name="api-ledger-export"),
]
