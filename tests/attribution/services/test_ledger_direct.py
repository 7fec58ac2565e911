"""direct_value_post: an ended month's saves and sales credited to the center in full, once per month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from attribution.models import DirectValuePosting, LedgerBalance, LedgerEntry, LedgerTransaction
from attribution.services.ledger import period_close
from attribution.services.ledger.direct import direct_value_post, direct_value_post_due
from tests.insights.factories import contacts_imported

pytestmark = pytest.mark.django_db


def _october(tmp_path, settings):
    """Contacts of October 2026 with saves and sales, one of them on the month's last evening (local time)."""
    settings.SAVE_REASON_CODES = ["cancel"]
    at = timezone.make_aware(dt.datetime(2026, 10, 5, 10, 0))
    last = timezone.make_aware(dt.datetime(2026, 10, 31, 23, 30))
    rows = [
        {"started_at": at, "reason_code": "cancel", "retained": "true", "account_value": "1200.00"},
        {"started_at": at, "reason_code": "cancel", "retained": "false", "account_value": "800.00"},
        {"started_at": at, "reason_code": "cancel"},  # asked to leave, outcome not given
        {"started_at": last, "retained": "true"},  # saved, no account value: counted, not valued
        {"started_at": at, "sale_value": "49.90"},
        {"started_at": last, "sale_value": "100.10", "abandoned": "false"},
        {"started_at": at, "abandoned": "true"},
        {"started_at": timezone.make_aware(dt.datetime(2026, 11, 1, 0, 10)), "sale_value": "999.00"},  # November
    ]
    contacts_imported(tmp_path, *rows)


def test_one_posting_per_month_whatever_the_number_of_runs_and_the_figures_equal_the_contacts(org, tmp_path, settings):
    _october(tmp_path, settings)
    period_close(user=org.lead, month=dt.date(2026, 10, 1))  # a closed month: the posting lands in November
    first, created = direct_value_post(month=dt.date(2026, 10, 1), user=org.lead, today=dt.date(2026, 11, 3))
    assert created
    for _ in range(2):
        call_command("ledger_post_direct", "--month", "2026-10")
    assert direct_value_post(month=dt.date(2026, 10, 9))[1] is False
    assert DirectValuePosting.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind="direct").count() == 1
    posting = DirectValuePosting.objects.get()
    assert (posting.retention_saves, posting.agent_sales) == (Decimal("1200.00"), Decimal("150.00"))
    assert (posting.asked_to_leave, posting.saves, posting.saves_without_value) == (4, 2, 1)
    assert (posting.sales, posting.handled) == (2, 6)
    entries = LedgerEntry.objects.filter(transaction=posting.transaction)
    by_account = dict(entries.values("account").annotate(total=Sum("amount")).values_list("account", "total"))
    assert by_account == {
        "value_realised:retention_saves": Decimal("-1200.00"),
        "value_realised:agent_sales": Decimal("-150.00"),
        "center:direct": Decimal("1350.00"),
    }
    assert set(entries.values_list("department_id", flat=True)) == {org.center.pk}  # no department share
    assert posting.transaction.effective_on == dt.date(2026, 11, 1)  # October was closed
    rollup = LedgerBalance.objects.filter(account="center:direct").aggregate(total=Sum("amount"))["total"]
    assert rollup == Decimal("1350.00")


def test_a_month_not_yet_ended_is_refused_naming_the_month(org):
    with pytest.raises(ValidationError) as refused:
        direct_value_post(month=dt.date(2026, 11, 1), today=dt.date(2026, 11, 30))
    assert "month" in refused.value.message_dict
    assert not DirectValuePosting.objects.exists()


def test_a_month_with_nothing_to_credit_is_recorded_without_a_transaction(org):
    posting, created = direct_value_post(month=dt.date(2026, 9, 1), today=dt.date(2026, 11, 1))
    assert created and posting.transaction is None and posting.saves == 0
    assert not LedgerTransaction.objects.filter(kind="direct").exists()


def test_only_the_lead_or_an_administrator_posts_by_hand(org):
    with pytest.raises(PermissionDenied):
        direct_value_post(month=dt.date(2026, 9, 1), user=org.executive, today=dt.date(2026, 11, 1))
    assert direct_value_post(month=dt.date(2026, 9, 1), user=org.admin, today=dt.date(2026, 11, 1))[1]


def test_the_beat_job_posts_last_month_once_it_is_due(org, settings):
    settings.DIRECT_VALUE_POST_AFTER_DAYS = 2
    assert direct_value_post_due(today=dt.date(2026, 11, 2)) is None
    posting = direct_value_post_due(today=dt.date(2026, 11, 3))
    assert posting.month == dt.date(2026, 10, 1)
    assert direct_value_post_due(today=dt.date(2026, 11, 20)).pk == posting.pk
    assert DirectValuePosting.objects.count() == 1
