"""The value-against-cost words: changes with arrows and words, the return as a sentence, missing cost said."""

import datetime as dt
from decimal import Decimal

from attribution.presenters.value import change_words, cost_note, return_sentence
from attribution.selectors.value import PeriodValue
from core.periods import Period


def _value(**changes) -> PeriodValue:
    figures = {
        "period": Period.quarter(2026, 3),
        "attributed": Decimal("3000.00"),
        "retention_saves": Decimal("300.00"),
        "agent_sales": Decimal("100.00"),
        "cost": Decimal("1000.00"),
        "costed_value": Decimal("3400.00"),
        "costed_months": (dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1)),
        "missing_cost_months": (),
    }
    return PeriodValue(**{**figures, **changes})


def test_changes_read_as_words_with_an_arrow():
    assert change_words(Decimal("112"), Decimal("100"), label="2026-Q2", money=True)["text"] == "up 12% on 2026-Q2"
    down = change_words(Decimal("90"), Decimal("100"), label="2025-Q3", money=True)
    assert (down["direction"], down["arrow"], down["text"]) == ("down", "↓", "down 10% on 2025-Q3")
    assert change_words(Decimal("3.40"), Decimal("3.00"), label="Q", money=False)["text"] == "up $0.40 on Q"
    assert change_words(Decimal("5"), Decimal("0"), label="Q", money=True)["text"] == "up from nothing in Q"
    assert change_words(None, Decimal("1"), label="Q", money=False)["text"] == "cannot be compared with Q"
    assert change_words(Decimal("1"), Decimal("1"), label="Q", money=True)["text"] == "no change on Q"


def test_the_return_sentence_and_the_missing_months():
    assert return_sentence(_value()) == "Every $1.00 spent on the center returned $3.40 in 2026-Q3."
    partial = _value(
        costed_months=(dt.date(2026, 7, 1), dt.date(2026, 8, 1)), missing_cost_months=(dt.date(2026, 9, 1),)
    )
    assert return_sentence(partial).endswith("(over July 2026 and August 2026).")
    assert "not recorded for September 2026" in cost_note(partial)
    none = _value(costed_months=(), cost=Decimal("0.00"), missing_cost_months=(dt.date(2026, 9, 1),))
    assert "cannot be worked out" in return_sentence(none) and "cannot be worked out" in cost_note(none)


def test_a_period_with_no_cost_recorded_has_no_cost_rather_than_zero():
    from attribution.presenters.value import period_value_words

    none = _value(costed_months=(), cost=Decimal("0.00"), missing_cost_months=(dt.date(2026, 9, 1),))
    assert period_value_words(none)["cost"] is None and period_value_words(_value())["cost"] == Decimal("1000.00")
