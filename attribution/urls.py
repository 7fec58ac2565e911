from django.urls import path

from attribution.views import ledger

urlpatterns: list = [
    path("ledger/", ledger.ledger_home, name="ledger"),
    path("ledger/transactions/", ledger.ledger_transactions, name="ledger-transactions"),
    path("ledger/transactions/<int:pk>/", ledger.ledger_transaction, name="ledger-transaction"),
    path("improvements/new/", ledger.improvement_new, name="improvement-new"),
    path("outcomes/new/", ledger.outcome_new, name="outcome-new"),
]
