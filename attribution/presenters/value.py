"""Value against cost in words: each figure beside the period before and the same quarter a year earlier, with
the change as an arrow and in words ("up 12% on 2026-Q2"), never by colour alone."""

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from attribution.selectors.value import PeriodValue, ValueComparison
from core import formats

ARROWS = {"up": "↑", "down": "↓", "same": "→", "none": ""}
# (key, label, money?) in the order the page, the board pack and the API list them.
FIGURES = (
    ("value", "Value credited to the center", True),
    ("attributed", "from other departments' improvements", True),
    ("direct", "from the center's own saves and sales", True),
    ("cost", "Cost of the center", True),
    ("net_value", "Net value (value less cost)", True),
    ("return_per_unit", "Return on each {one} spent", False),  # {one}: one unit of money, "$1.00"
)


def month_name(month: dt.date) -> str:
    return f"{month:%B %Y}"


def _months_text(months: tuple[dt.date, ...]) -> str:
    names = [month_name(m) for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _figure(value: PeriodValue, key: str) -> Decimal | None:
    """A figure of the period; the cost of a period with no month's cost recorded is not known, not zero."""
    if key == "cost" and not value.costed_months:
        return None
    return getattr(value, key)


def period_value_words(value: PeriodValue) -> dict:
    """One period's figures, the months its cost covers and what is missing, and the return as a sentence."""
    return {
        "label": value.period.label,
        "start": value.period.start.isoformat(),
        "end": value.period.end.isoformat(),
        "value": value.value,
        "attributed": value.attributed,
        "direct": value.direct,
        "retention_saves": value.retention_saves,
        "agent_sales": value.agent_sales,
        "cost": _figure(value, "cost"),
        "net_value": value.net_value,
        "return_per_unit": value.return_per_unit,
        "costed_months": [m.isoformat() for m in value.costed_months],
        "missing_cost_months": [m.isoformat() for m in value.missing_cost_months],
        "cost_note": cost_note(value),
        "return_sentence": return_sentence(value),
    }


def cost_note(value: PeriodValue) -> str:
    """Which months' cost is missing, said plainly ("" when every month that has begun has its cost)."""
    if not value.missing_cost_months:
        return ""
    missing = _months_text(value.missing_cost_months)
    if not value.costed_months:
        return f"The center's cost is not recorded for {missing}: net value and return cannot be worked out."
    return (
        f"The center's cost is not recorded for {missing}: net value and return cover "
        f"{_months_text(value.costed_months)} only, and the cost shown is theirs."
    )


def return_sentence(value: PeriodValue) -> str:
    """ "Every $1.00 spent on the center returned $3.40 in 2026-Q3." or why it cannot be said."""
    ratio = value.return_per_unit
    if ratio is None:
        return f"No cost is recorded for {value.period.label}, so its return cannot be worked out yet."
    over = "" if not value.missing_cost_months else f" (over {_months_text(value.costed_months)})"
    one, returned = formats.money(Decimal("1")), formats.money(ratio)
    return f"Every {one} spent on the center returned {returned} in {value.period.label}{over}."


def change_words(current: Decimal | None, earlier: Decimal | None, *, label: str, money: bool) -> dict:
    """How a figure moved since an earlier period: direction, arrow and words; percentages for amounts,
    the difference itself for the return (money per unit spent, so written as money)."""
    if current is None or earlier is None:
        return {"direction": "none", "arrow": "", "change": None, "text": f"cannot be compared with {label}"}
    difference = current - earlier
    direction = "up" if difference > 0 else "down" if difference < 0 else "same"
    if direction == "same":
        return {"direction": "same", "arrow": ARROWS["same"], "change": Decimal("0"), "text": f"no change on {label}"}
    if not money:
        change = abs(difference).quantize(Decimal("0.01"))
        return {
            "direction": direction,
            "arrow": ARROWS[direction],
            "change": difference,
            "text": f"{direction} {formats.money(change)} on {label}",
        }
    if earlier == 0:
        return {
            "direction": direction,
            "arrow": ARROWS[direction],
            "change": None,
            "text": f"{direction} from nothing in {label}",
        }
    percent = (abs(difference) / abs(earlier) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_EVEN)
    change = (difference / abs(earlier)).quantize(Decimal("0.0001"))
    return {
        "direction": direction,
        "arrow": ARROWS[direction],
        "change": change,
        "text": f"{direction} {percent}% on {label}",
    }


def value_comparison_words(comparison: ValueComparison) -> dict:
    """The value-against-cost section: the three periods' figures and one row per figure with the changes."""
    earlier = [("previous", comparison.previous), ("year_ago", comparison.year_ago)]
    rows = []
    for key, label, money in FIGURES:
        current = _figure(comparison.current, key)
        row = {"key": key, "label": label.format(one=formats.money(Decimal("1"))), "money": money, "current": current}
        for name, value in earlier:
            if value is None:
                row[name] = None
                continue
            row[name] = {
                "value": _figure(value, key),
                **change_words(current, _figure(value, key), label=value.period.label, money=money),
            }
        rows.append(row)
    return {
        "current": period_value_words(comparison.current),
        "previous": period_value_words(comparison.previous),
        "year_ago": period_value_words(comparison.year_ago) if comparison.year_ago else None,
        "rows": rows,
    }


def direct_posting_sentence(posting) -> str:
    """One month's direct posting in words, as the command reports it."""
    unvalued = f" ({posting.saves_without_value} without an account value)" if posting.saves_without_value else ""
    return (
        f"{posting.month:%B %Y}: {posting.saves} saves{unvalued} worth {posting.retention_saves} {posting.currency},"
        f" {posting.sales} sales worth {posting.agent_sales} {posting.currency}"
        + (f"; ledger transaction {posting.transaction_id}." if posting.transaction_id else "; nothing to credit.")
    )


def _share(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.0001")))


def _percent(value: Decimal | None) -> str:
    return f"{(value * 100).quantize(Decimal('1'), rounding=ROUND_HALF_EVEN)}%"


def direct_value_words(metrics) -> dict:
    """The value metrics that come before the competency ones: the save rate and cross-sell conversion, each
    with a plain sentence, and which months they cover."""
    sentences = []
    if metrics.save_rate is None:
        sentences.append("Save rate: no customer asked to leave in the months counted so far.")
    else:
        sentences.append(
            f"Save rate: {_percent(metrics.save_rate)} of the {metrics.asked_to_leave:,} customers who asked to leave "
            f"stayed after talking to an agent ({metrics.saves:,} saves)."
        )
    if metrics.cross_sell_conversion is None:
        sentences.append("Sales on contacts: no contact was handled in the months counted so far.")
    else:
        sentences.append(
            f"Sales on contacts: agents sold on {_percent(metrics.cross_sell_conversion)} of the "
            f"{metrics.handled:,} contacts they handled ({metrics.sales:,} sales)."
        )
    if metrics.saves_without_value:
        sentences.append(f"{metrics.saves_without_value:,} saves had no account value, so they add no money.")
    coverage = ""
    if metrics.months_not_posted:
        coverage = (
            f"Not counted yet: {_months_text(metrics.months_not_posted)} (posted a few days after each month ends)."
        )
    return {
        "months_posted": [m.isoformat() for m in metrics.months_posted],
        "months_not_posted": [m.isoformat() for m in metrics.months_not_posted],
        "retention_saves": metrics.retention_saves,
        "agent_sales": metrics.agent_sales,
        "asked_to_leave": metrics.asked_to_leave,
        "saves": metrics.saves,
        "saves_without_value": metrics.saves_without_value,
        "handled": metrics.handled,
        "sales": metrics.sales,
        "save_rate": _share(metrics.save_rate),
        "cross_sell_conversion": _share(metrics.cross_sell_conversion),
        "sentences": sentences,
        "coverage": coverage,
    }
