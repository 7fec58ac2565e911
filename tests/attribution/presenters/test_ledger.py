"""The ledger in people's words: one label per account, a drill-down's filter as a sentence."""

import datetime as dt

import pytest

from attribution.presenters.ledger import account_label, filter_words, memo_words, period_words
from attribution.selectors.transactions import TransactionQuery

NAMES = {"marketing": "Marketing", "product-development": "Product Development", "sales": "Sales"}


@pytest.mark.parametrize(
    ("account", "label"),
    [
        ("value_realised:retained_revenue", "Value realised: retained revenue"),
        ("value_realised:cost_avoided", "Value realised: cost avoided"),
        ("center:secured", "Contact center — secured"),
        ("center:unsecured", "Contact center — at risk: no signed record"),
        ("center:disputed", "Contact center — disputed"),
        ("department:marketing", "Marketing's share"),
        ("department:product-development", "Product Development's share"),
        ("department:sales", "Sales' share"),
    ],
)
def test_every_account_has_a_label_in_peoples_words(account, label):
    assert account_label(account, NAMES) == label


def test_a_drill_down_states_its_filter_in_words():
    q4 = TransactionQuery(account="center:secured", start=dt.date(2026, 10, 1), end=dt.date(2027, 1, 1))
    assert filter_words(q4, department_names=NAMES, insight_titles={}) == "Secured credit, 2026-Q4, all departments"
    narrow = TransactionQuery(
        account="department:marketing",
        department="marketing",
        insights=(7, None),
        category="",
        kind="cost_saved",
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 11, 1),
    )
    assert filter_words(narrow, department_names=NAMES, insight_titles={7: "Refund form"}) == (
        "Marketing's share of value, October 2026, Marketing, business area: Not assigned, "
        "insights: Refund form; no insight, cost saved outcomes"
    )
    mine = TransactionQuery(account="center")
    assert filter_words(mine, department_names=NAMES, insight_titles={}, scope_names=["Marketing"]) == (
        "The center's credit, all time, Marketing"
    )


def test_periods_read_as_quarters_years_months_or_days():
    assert period_words(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == "2026"
    assert period_words(dt.date(2026, 4, 1), dt.date(2026, 7, 1)) == "2026-Q2"
    assert period_words(dt.date(2026, 2, 1), dt.date(2026, 3, 1)) == "February 2026"
    assert period_words(dt.date(2026, 2, 3), dt.date(2026, 3, 1)) == "3 Feb 2026 – 28 Feb 2026"


def test_a_memo_naming_an_account_reads_its_label():
    memo = "Credit for insight 4 from Marketing moved to center:secured"
    assert memo_words(memo, NAMES) == "Credit for insight 4 from Marketing moved to Contact center — secured"
