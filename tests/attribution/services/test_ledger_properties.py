"""Property-based: random amounts, weights, shares and signing states always give balanced postings whose
credits equal the amount, rollups equal to the sum of entries, and reversals that net to zero."""

import datetime as dt
import itertools
from decimal import Decimal

from django.core.management import call_command
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.models import LedgerBalance, LedgerEntry
from attribution.services.ledger import (
    improvement_create,
    ledger_reclassify_for_record,
    outcome_record,
    outcome_reverse,
    posting_lines,
)
from tests.attribution.factories import SignoffRecordFactory, SignoffRequestFactory
from tests.insights.factories import InsightFactory

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
shares = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1"), places=4)
states = st.sampled_from(["center:secured", "center:unsecured", "center:disputed"])


@st.composite
def weight_sets(draw):
    n = draw(st.integers(min_value=1, max_value=5))
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=9999), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 10000]
    return [Decimal(b - a) / 10000 for a, b in itertools.pairwise(bounds)]


@given(amount=amounts, weights=weight_sets(), data=st.data())
def test_posting_lines_sum_to_the_amount(amount, weights, data):
    rows = [(i, "efficiency", w) for i, w in enumerate(weights)]
    state = {i: (data.draw(states), data.draw(shares)) for i in range(len(weights))}
    lines = posting_lines(amount=amount, weights=rows, states=state)
    assert sum(v for *_, v in lines) == amount
    for account, insight, _, value in lines:
        if account != "department":
            assert account == state[insight][0]
            assert value == (amount * weights[insight] * state[insight][1]).quantize(Decimal("0.01"))


counter = itertools.count()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=amounts, weights=weight_sets(), data=st.data())
def test_posted_reclassified_and_reversed_ledger_stays_consistent(org, amount, weights, data):
    n = next(counter)
    insights = [InsightFactory(published=True, departments=[org.marketing], created_by=org.analyst) for _ in weights]
    for insight in insights:
        kind = data.draw(st.sampled_from(["none", "signature", "pinky_swear", "decline"]))
        if kind != "none":
            request = SignoffRequestFactory(insight=insight, department=org.marketing)
            SignoffRecordFactory(request=request, kind=kind, credit_share=data.draw(shares))
    improvement = improvement_create(
        user=org.lead,
        department=org.marketing,
        title="p",
        description="",
        shipped_on=dt.date(2026, 1, 1),
        insights=list(zip(insights, weights, strict=True)),
    )
    outcome, _ = outcome_record(
        user=org.lead,
        improvement=improvement,
        kind="cost_avoided",
        amount=amount,
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 5, 31),
        method="m",
        idempotency_key=f"prop-{n}",
    )
    posting = outcome.transactions.get()
    entries = list(posting.entries.all())
    assert sum(e.amount for e in entries) == 0
    assert (
        sum(e.amount for e in entries if e.amount > 0)
        + sum(e.amount for e in entries if e.amount < 0 and not e.account.startswith("value_realised"))
        == amount
    )
    # a later signature moves credit; the ledger still balances
    late = SignoffRecordFactory(
        request=SignoffRequestFactory(insight=insights[0], department=org.marketing),
        kind="signature",
        credit_share=data.draw(shares),
        when=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    ledger_reclassify_for_record(record=late)
    assert ledger_reclassify_for_record(record=late) is None
    outcome_reverse(user=org.lead, outcome=outcome, reason="property")
    mine = LedgerEntry.objects.filter(insight__in=insights)
    assert all(v["t"] == 0 for v in mine.values("account").annotate(t=Sum("amount")).order_by())
    for txn_total in LedgerEntry.objects.values("transaction").annotate(t=Sum("amount")).order_by():
        assert txn_total["t"] == 0
    assert LedgerBalance.objects.aggregate(t=Sum("amount"))["t"] == 0
    call_command("ledger_check")
