"""The ledger's drill-down: the transactions behind a figure, each with its amount on the accounts the figure
counts, and their total, which equals the figure (both are sums of the same entries the rollups sum).

The page `/ledger/transactions/`, `GET /api/ledger/transactions/` and the ledger export all ask `transactions_query`.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from attribution.models import LedgerEntry, LedgerTransaction
from attribution.selectors.ledger import DEPARTMENT_PREFIX, VALUE_REALISED_PREFIX, ledger_transactions_scoped

ZERO = Decimal("0.00")
CENTER_PREFIX = "center:"


@dataclass(frozen=True)
class TransactionQuery:
    """What a drill-down asks, typed. `account` is "" (every transaction; amounts are the center's credit),
    "center", "department" or "value_realised" (any account of that family) or one account; `insights` holds
    ids, None standing for "no insight"; `category` None is any, "" is "not assigned"; `kind` is an outcome
    kind and `transaction_kind` the transaction's own; [start, end) bounds the effective day."""

    account: str = ""
    department: str = ""
    insights: tuple[int | None, ...] = ()
    category: str | None = None
    kind: str = ""
    transaction_kind: str = ""
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class CountedTransactions:
    """The transactions as a paginator reads them, with their number already counted (no second count)."""

    ordered = True

    def __init__(self, transactions: QuerySet[LedgerTransaction], count: int):
        self.transactions, self._count = transactions, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.transactions[index]


@dataclass(frozen=True)
class Drilldown:
    """The matching transactions (newest first, each annotated with `amount`), their `total` and `count`."""

    transactions: QuerySet[LedgerTransaction]
    total: Decimal
    count: int

    def pageable(self, transactions: QuerySet[LedgerTransaction] | None = None) -> CountedTransactions:
        """`transactions` (these, or a refinement of them such as a prefetch) for a paginator to slice."""
        return CountedTransactions(self.transactions if transactions is None else transactions, self.count)


def account_condition(account: str) -> tuple[Q, int]:
    """The entries an account filter counts, and the sign that shows them as value: the center's and the
    departments' shares are debits (positive); value realised is their credit (negative), shown positive."""
    if account in ("", "center"):
        return Q(account__startswith=CENTER_PREFIX), 1
    if account == "department":
        return Q(account__startswith=DEPARTMENT_PREFIX), 1
    if account == "value_realised":
        return Q(account__startswith=VALUE_REALISED_PREFIX), -1
    sign = -1 if account.startswith(VALUE_REALISED_PREFIX) else 1
    return Q(account=account), sign


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _entry_condition(query: TransactionQuery, department_ids: Collection[int] | None) -> Q:
    """The conditions one entry must meet, all together (the account's apart)."""
    entry = Q()
    if department_ids is not None:
        entry &= Q(department_id__in=list(department_ids))
    if query.department:
        entry &= Q(department__slug=query.department)
    if query.insights:
        ids = [i for i in query.insights if i is not None]
        insight = Q(insight_id__in=ids) if ids else Q(pk__in=[])
        entry &= insight | Q(insight__isnull=True) if None in query.insights else insight
    if query.category is not None:
        entry &= Q(category=query.category)
    if query.kind:
        entry &= Q(outcome_kind=query.kind)
    if query.start:
        # `month` narrows on the (month, account) index; the effective day decides a month cut in two.
        entry &= Q(month__gte=_first_of_month(query.start))
        if query.start.day != 1:
            entry &= Q(transaction__effective_on__gte=query.start)
    if query.end:
        entry &= Q(month__lt=_month_after(query.end - dt.timedelta(days=1)))
        if query.end.day != 1:
            entry &= Q(transaction__effective_on__lt=query.end)
    if query.date:
        entry &= Q(month=_first_of_month(query.date), transaction__effective_on=query.date)
    if query.transaction_kind:
        entry &= Q(transaction__kind=query.transaction_kind)
    return entry


def transactions_query(*, query: TransactionQuery, department_ids: Collection[int] | None) -> Drilldown:
    """The readable transactions (see `ledger_transactions_scoped`) with an entry meeting every condition at
    once ("secured credit of category X in Q4" is an entry that is all three), newest first, each with its
    `amount` on the filtered accounts, the `total` of those amounts and their `count` (one aggregate query)."""
    entry = _entry_condition(query, department_ids)
    counted, sign = account_condition(query.account)
    listed = entry & counted if query.account else entry
    amounts = (
        LedgerEntry.objects.filter(entry & counted, transaction=OuterRef("pk"))
        .order_by()
        .values("transaction")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=20, decimal_places=2)
    transactions = ledger_transactions_scoped(department_ids=department_ids)
    # An entry's month is its transaction's: bounding the effective day too lets the newest-first list start
    # at the period's end on the effective-day index instead of walking every later transaction.
    if query.start:
        transactions = transactions.filter(effective_on__gte=query.start)
    if query.end:
        transactions = transactions.filter(effective_on__lt=query.end)
    transactions = (
        transactions.filter(Exists(LedgerEntry.objects.filter(listed, transaction=OuterRef("pk"))))
        .annotate(amount=Coalesce(Subquery(amounts, output_field=money), Value(ZERO), output_field=money) * sign)
        .order_by("-effective_on", "-id")
    )
    matched = LedgerEntry.objects.filter(listed)
    if department_ids is not None:
        # A transaction with a line outside the scope is not listed (see `ledger_transactions_scoped`), so its
        # lines inside the scope are not counted either.
        outside = LedgerEntry.objects.filter(transaction=OuterRef("transaction")).exclude(
            department_id__in=list(department_ids)
        )
        matched = matched.filter(~Exists(outside))
    # The counted entries are among the listed ones: one read gives the list's length and its total.
    found = matched.aggregate(total=Sum("amount", filter=counted), count=Count("transaction", distinct=True))
    total = (found["total"] or ZERO) * sign + ZERO  # + 0 turns a negated zero into 0.00
    return Drilldown(transactions=transactions, total=total.quantize(ZERO), count=found["count"])


@dataclass(frozen=True)
class TransactionLine:
    """One drill-down row: the transaction (with `amount`), its department, the insights and the accounts
    its counted entries are on (account names; the presenter gives their labels)."""

    transaction: LedgerTransaction
    department: str
    department_slug: str
    insights: tuple[str, ...]
    accounts: tuple[str, ...]


def transaction_lines(
    *, transactions: list[LedgerTransaction], query: TransactionQuery, department_ids: Collection[int] | None
) -> list[TransactionLine]:
    """The drill-down rows of some listed transactions (one query whatever their number)."""
    counted, _ = account_condition(query.account)
    entries = (
        LedgerEntry.objects.filter(transaction__in=[t.pk for t in transactions])
        .annotate(counted=Case(When(_entry_condition(query, department_ids) & counted, then=True), default=False))
        .values_list("transaction_id", "department__name", "department__slug", "insight__title", "account", "counted")
        .order_by("transaction_id", "id")
    )
    found: dict[int, dict] = {}
    for txn_id, department, slug, insight, account, is_counted in entries:
        row = found.setdefault(txn_id, {"department": department, "slug": slug, "insights": [], "accounts": []})
        if insight and insight not in row["insights"]:
            row["insights"].append(insight)
        if is_counted and account not in row["accounts"]:
            row["accounts"].append(account)
    empty = {"department": "", "slug": "", "insights": [], "accounts": []}
    return [
        TransactionLine(
            transaction=t,
            department=found.get(t.pk, empty)["department"],
            department_slug=found.get(t.pk, empty)["slug"],
            insights=tuple(found.get(t.pk, empty)["insights"]),
            accounts=tuple(found.get(t.pk, empty)["accounts"]),
        )
        for t in transactions
    ]


@dataclass(frozen=True)
class QueryNames:
    """The names a drill-down's words need: departments by slug, the queried insights' titles, and the
    reader's departments when they read only theirs (None: all)."""

    departments: dict[str, str]
    insights: dict[int, str]
    scope: list[str] | None


def query_names(
    *,
    query: TransactionQuery,
    department_ids: Collection[int] | None,
    department_rows: list[tuple[int, str, str]] | None = None,
) -> QueryNames:
    """Every department's name (the reader's among them; from `department_rows` (id, slug, name) when already
    read) and the queried insights' titles: at most two small reads."""
    from accounts.models import Department
    from insights.models import Insight

    rows = department_rows
    if rows is None:
        rows = list(Department.objects.order_by("name").values_list("pk", "slug", "name"))
    departments = {slug: name for _, slug, name in rows}
    titles = dict(Insight.objects.filter(pk__in=[i for i in query.insights if i]).values_list("pk", "title"))
    scope = None if department_ids is None else [name for pk, _, name in rows if pk in set(department_ids)]
    return QueryNames(departments=departments, insights=titles, scope=scope)
