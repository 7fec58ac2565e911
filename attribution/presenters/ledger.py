"""The ledger in people's words: the one mapping from an account's name to its label, and a drill-down's
filter as a sentence ("Secured credit, 2026-Q4, all departments"). Pages, the board pack, the API and the
exports all say it this way; account names (`center:unsecured`) never reach a reader."""

import datetime as dt
import re
from collections.abc import Mapping
from urllib.parse import urlencode

from attribution.models import LedgerTransaction, OutcomeKind
from attribution.selectors.transactions import TransactionLine, TransactionQuery
from core.periods import Period
from insights.models.insights import Category

CENTER_LABELS = {
    "center:secured": "Contact center — secured",
    "center:unsecured": "Contact center — at risk: no signed record",
    "center:disputed": "Contact center — disputed",
}
# What a drill-down counts, by its `account` filter, as the first words of its sentence.
FILTER_ACCOUNT_WORDS = {
    "": "All transactions (amounts: the center's credit)",
    "center": "The center's credit",
    "center:secured": "Secured credit",
    "center:unsecured": "Credit at risk: no signed record",
    "center:disputed": "Disputed credit",
    "department": "Departments' share of value",
    "value_realised": "Value realised",
}
KIND_WORDS = {kind: label.split(" (")[0].lower() for kind, label in OutcomeKind.choices}
CATEGORY_LABELS = dict(Category.choices)
NO_CATEGORY = "Not assigned"


def _department_name(slug: str, names: Mapping[str, str]) -> str:
    return names.get(slug) or slug.replace("-", " ").replace("_", " ").title()


def possessive(name: str) -> str:
    """ "Marketing's", and "Sales'" for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def account_label(account: str, department_names: Mapping[str, str] | None = None) -> str:
    """ "value_realised:retained_revenue" reads "Value realised: retained revenue", "center:secured" "Contact
    center — secured", "department:marketing" "Marketing's share" (names by slug from `department_names`)."""
    names = department_names or {}
    family, _, name = account.partition(":")
    if account in CENTER_LABELS:
        return CENTER_LABELS[account]
    if family == "department" and name:
        return f"{possessive(_department_name(name, names))} share"
    if family == "value_realised" and name:
        return f"Value realised: {KIND_WORDS.get(name, name.replace('_', ' '))}"
    return FILTER_ACCOUNT_WORDS.get(account, account.replace("_", " ").replace(":", ": ").capitalize())


def period_words(start: dt.date | None, end: dt.date | None) -> str:
    """[start, end) as a reader says it: "2026-Q4", "2026", "October 2026", "5 Oct 2026 – 14 Nov 2026"."""
    if start is None and end is None:
        return "all time"
    if start and end:
        for period in (Period.quarter_of(start), Period.year(start.year)):
            if (period.start, period.end) == (start, end):
                return period.label
        if start.day == 1 and end == dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1):
            return f"{start:%B %Y}"
        return f"{start:%-d %b %Y} – {end - dt.timedelta(days=1):%-d %b %Y}"
    return f"from {start:%-d %b %Y}" if start else f"before {end:%-d %b %Y}"


def filter_words(
    query: TransactionQuery,
    *,
    department_names: Mapping[str, str],
    insight_titles: Mapping[int, str],
    scope_names: list[str] | None = None,
) -> str:
    """The drill-down's filter as one sentence: what is counted, when, for whom, then any narrower condition."""
    account = query.account
    words = [FILTER_ACCOUNT_WORDS.get(account) or f"{account_label(account, department_names)} of value"]
    words.append(f"on {query.date:%-d %b %Y}" if query.date else period_words(query.start, query.end))
    if query.department:
        words.append(_department_name(query.department, department_names))
    elif scope_names is not None:
        words.append(", ".join(scope_names) if scope_names else "no department")
    else:
        words.append("all departments")
    if query.category is not None:
        words.append(f"business area: {CATEGORY_LABELS.get(query.category, NO_CATEGORY)}")
    if query.insights:
        titles = [insight_titles.get(i, f"Insight {i}") if i else "no insight" for i in query.insights]
        words.append(f"insight{'s' if len(titles) > 1 else ''}: {'; '.join(titles)}")
    if query.kind:
        words.append(f"{KIND_WORDS[query.kind]} outcomes")
    if query.transaction_kind:
        words.append(f"{LedgerTransaction.Kind(query.transaction_kind).label.lower()} only")
    return ", ".join(words)


ACCOUNT_NAME = re.compile(r"\b(?:center|department|value_realised):[a-z0-9_-]+")


def memo_words(memo: str, department_names: Mapping[str, str] | None = None) -> str:
    """A stored memo with any account name in it (older reclassifications name theirs) as its label."""
    return ACCOUNT_NAME.sub(lambda found: account_label(found.group(0), department_names), memo)


def line_words(line: TransactionLine, department_names: Mapping[str, str]) -> dict:
    """A drill-down row as the list, the API and the export show it."""
    txn = line.transaction
    return {
        "id": txn.pk,
        "date": txn.effective_on,
        "kind": txn.get_kind_display(),
        "description": memo_words(txn.memo, department_names) or txn.get_kind_display(),
        "department": line.department,
        "insight": "; ".join(line.insights),
        "amount": txn.amount,
        "account": "; ".join(account_label(a, department_names) for a in line.accounts),
    }


def export_header(currency: str) -> list[str]:
    """The drill-down export's columns, as a spreadsheet reader reads them."""
    return ["Date", "Description", "Department", "Insight", "Transaction", f"Amount ({currency})", "Account"]


def export_row(line: TransactionLine, department_names: Mapping[str, str]) -> list:
    """One transaction as an export row: a date, text, and the amount as a number."""
    words = line_words(line, department_names)
    return [
        words["date"],
        words["description"],
        words["department"],
        words["insight"],
        words["id"],
        words["amount"],
        words["account"],
    ]


def drilldown_url(params: list[tuple[str, str]], *, next_path: str | None = None, base: str = "") -> str:
    """The transaction list's address for the filters: with `next_path` (the reader's page) its "Back" returns
    there; with `base` (the site's address, for a PDF) the link is absolute."""
    query = [(name, value) for name, value in params if value not in (None, "")]
    if next_path and not base:
        query.append(("next", next_path))
    return f"{base}/ledger/transactions/?{urlencode(query)}"


def transaction_words(entries, department_names: Mapping[str, str]) -> dict:
    """One transaction's entries in people's words: the value realised, how it was shared (positive shares,
    by who and insight), and the double entry for accountants (debit and credit columns, labelled accounts)."""
    value, shares, ledger = [], {}, []
    for e in entries:
        label = account_label(e.account, department_names)
        insight = e.insight.title if e.insight_id else ""
        if e.account.startswith("value_realised:"):
            value.append({"label": label, "amount": -e.amount})
        else:
            key = (label, insight)
            shares[key] = shares.get(key, 0) + e.amount
        ledger.append(
            {
                "label": label,
                "debit": e.amount if e.amount > 0 else None,
                "credit": -e.amount if e.amount < 0 else None,
                "department": e.department.name,
                "insight": insight,
                "category": CATEGORY_LABELS.get(e.category, NO_CATEGORY) if e.category else "",
            }
        )
    return {
        "value": value,
        "shares": [
            {"label": label, "insight": insight, "amount": amount} for (label, insight), amount in shares.items()
        ],
        "ledger": ledger,
    }
