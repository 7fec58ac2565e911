"""Who reads which department's ledger: center staff, executives and administrators read every department's;
a department's members and signatories read their own department's (its figures are exactly the sum of its
entries) and nothing of another's, on every page and endpoint; someone with no role reads none of it."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Department, User
from attribution.models import LedgerEntry, LedgerTransaction
from attribution.selectors.ledger import CENTER_DISPUTED, CENTER_SECURED, CENTER_UNSECURED, DEPARTMENT_PREFIX
from attribution.services.ledger import (
    improvement_create,
    outcome_record,
    outcome_reverse,
)
from tests.attribution.factories import SignoffRecordFactory, SignoffRequestFactory, agreement_share_set

D = Decimal
ZERO = D("0.00")
ROLES = ["analyst", "lead", "executive", "admin", "signatory", "member", "sales_member", "outsider"]
# The departments each role reads (None: refused outright).
SEES = {
    "analyst": {"marketing", "sales"},
    "lead": {"marketing", "sales"},
    "executive": {"marketing", "sales"},
    "admin": {"marketing", "sales"},
    "signatory": {"marketing"},
    "member": {"marketing"},
    "sales_member": {"sales"},
    "outsider": None,
}
# What the books below credit each department with this year, worked out by hand:
# Marketing signed insight a at 0.3 (its terms then went back to the default 0.2) before posting 1000.00 built
# on a (0.6) and b (0.4, at the terms' 0.2):
#   a 1000×0.6×0.3 = 180 secured, b 1000×0.4×0.2 = 80 unsecured, 740 to Marketing; 50.00 posted and reversed.
# Sales posted 300.00 built on b alone: 60 unsecured, 240 to Sales; then declined b, moving the 60 to disputed.
FIGURES = {
    "marketing": {"secured": D("180.00"), "unsecured": D("80.00"), "disputed": ZERO, "department": D("740.00")},
    "sales": {"secured": ZERO, "unsecured": ZERO, "disputed": D("60.00"), "department": D("240.00")},
}
COLUMNS = ["secured", "unsecured", "disputed", "department"]
GROUPINGS = ["department", "account", "category", "insight"]


def user_for(org, role):
    return org.sales_member if role == "sales_member" else org.by_role()[role]


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def outcome(org, improvement, amount, key):
    today = timezone.localdate()
    posted, _ = outcome_record(
        user=org.lead,
        improvement=improvement,
        kind="new_revenue",
        amount=Decimal(amount),
        period_start=today.replace(day=1),
        period_end=today,
        method="Invoices",
        idempotency_key=key,
    )
    return posted


def answer(org, insight, department, kind, share=None):
    """The department's answer through the sign-off service, signed under terms at `share` when given."""
    request = SignoffRequestFactory(insight=insight, department=department)
    signer = org.marketing_signatory if department == org.marketing else org.sales_signatory
    return SignoffRecordFactory(request=request, kind=kind, credit_share=share, signer=signer)


def post_more(books, n: int, start: int = 0):
    """n more outcomes for each department, and one of Marketing's reversed: more rows everywhere."""
    org = books["org"]
    for i in range(start, start + n):
        outcome(org, books["marketing_improvement"], "10.00", f"more-m-{i}")
        outcome(org, books["sales_improvement"], "10.00", f"more-s-{i}")
    outcome_reverse(
        user=org.lead, outcome=outcome(org, books["marketing_improvement"], "5.00", f"rev-{start}"), reason="x"
    )


@pytest.fixture
def books(ledger):
    org = ledger["org"]
    answer(org, ledger["a"], org.marketing, "signature", share="0.3000")
    agreement_share_set(department=org.marketing, share=D("0.2000"))  # terms back to the default after signing
    outcome(org, ledger["improvement"], "1000.00", "m-1")
    outcome_reverse(user=org.lead, outcome=outcome(org, ledger["improvement"], "50.00", "m-2"), reason="Mismeasured")
    sales_improvement = improvement_create(
        user=org.lead,
        department=org.sales,
        title="Clearer renewal quotes",
        description="",
        shipped_on=timezone.localdate().replace(day=1),
        insights=[(ledger["b"], Decimal("1"))],
    )
    outcome(org, sales_improvement, "300.00", "s-1")
    declined = answer(org, ledger["b"], org.sales, "decline")  # declining moves the 60 posted to disputed
    assert LedgerTransaction.objects.filter(kind="reclassification", signoff_record=declined).exists()
    return {
        "org": org,
        "year": timezone.localdate().year,
        "marketing_improvement": ledger["improvement"],
        "sales_improvement": sales_improvement,
    }


def entry_totals(slugs: set[str], year: int) -> dict[str, Decimal]:
    """The four figures straight from the entries (not the rollups) of those departments this year."""
    totals = dict.fromkeys(COLUMNS, ZERO)
    column = {CENTER_SECURED: "secured", CENTER_UNSECURED: "unsecured", CENTER_DISPUTED: "disputed"}
    for account, amount in LedgerEntry.objects.filter(department__slug__in=slugs, month__year=year).values_list(
        "account", "amount"
    ):
        if account in column:
            totals[column[account]] += amount
        elif account.startswith(DEPARTMENT_PREFIX):
            totals["department"] += amount
    return totals


def expected(slugs: set[str], year: int) -> dict[str, Decimal]:
    totals = entry_totals(slugs, year)
    by_hand = {c: sum((FIGURES[s][c] for s in slugs), ZERO) for c in COLUMNS}
    assert totals == by_hand  # the books hold what the comment above says
    return totals


def column_sums(rows) -> dict[str, Decimal]:
    return {c: sum((D(str(r[c])) for r in rows), ZERO) for c in COLUMNS}


def transaction_ids(slugs: set[str]) -> set[int]:
    return set(
        LedgerTransaction.objects.filter(entries__department__slug__in=slugs).values_list("id", flat=True).distinct()
    )


def foreign_slug(role) -> str:
    return "sales" if SEES[role] == {"marketing"} else "marketing"


# ---------------------------------------------------------------- the /ledger/ page and its balances


@pytest.mark.parametrize("group_by", GROUPINGS)
@pytest.mark.parametrize("role", ROLES)
def test_ledger_page_balances_are_the_sum_of_the_readers_departments_entries(books, role, group_by):
    response = page_client(user_for(books["org"], role)).get(f"/ledger/?year={books['year']}&group_by={group_by}")
    if SEES[role] is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    rows = response.context["rows"]
    assert column_sums(rows) == expected(SEES[role], books["year"])
    if group_by == "department":
        assert {r["key"] for r in rows} == SEES[role]
        for row in rows:
            assert {c: row[c] for c in COLUMNS} == FIGURES[row["key"]]
            assert f"department={row['key']}&amp;" in response.content.decode()  # its drill-down link


def test_a_department_person_is_told_the_page_shows_their_department_only(books):
    page = page_client(books["org"].marketing_member).get(f"/ledger/?year={books['year']}").content.decode()
    assert "Your department's ledger: Marketing. Other departments' figures are not shown." in page
    assert "Your department" not in page_client(books["org"].lead).get("/ledger/").content.decode()


# ---------------------------------------------------------------- GET /api/ledger/balances/


@pytest.mark.parametrize("group_by", GROUPINGS)
@pytest.mark.parametrize("role", ROLES)
def test_balances_api_is_the_sum_of_the_readers_departments_entries(books, role, group_by):
    response = api_client(user_for(books["org"], role)).get(
        f"/api/ledger/balances/?year={books['year']}&group_by={group_by}"
    )
    if SEES[role] is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    rows = response.json()
    assert all(isinstance(r[c], str) for r in rows for c in COLUMNS)
    assert column_sums(rows) == expected(SEES[role], books["year"])
    if group_by == "department":
        assert {r["key"] for r in rows} == SEES[role]


# ---------------------------------------------------------------- transactions: the list page and the API


@pytest.mark.parametrize("role", ROLES)
def test_transactions_page_lists_the_readers_departments_transactions_only(books, role):
    client = page_client(user_for(books["org"], role))
    response = client.get("/ledger/transactions/")
    if SEES[role] is None:
        assert response.status_code == 403
        return
    assert {t["id"] for t in response.context["lines"]} == transaction_ids(SEES[role])
    foreign = client.get(f"/ledger/transactions/?department={foreign_slug(role)}").context["lines"]
    if SEES[role] == {"marketing", "sales"}:
        assert {t["id"] for t in foreign} == transaction_ids({foreign_slug(role)})
    else:
        assert list(foreign) == []  # a filter naming another department finds nothing, as elsewhere


@pytest.mark.parametrize("role", ROLES)
def test_transactions_api_lists_the_readers_departments_transactions_only(books, role):
    client = api_client(user_for(books["org"], role))
    response = client.get("/api/ledger/transactions/")
    if SEES[role] is None:
        assert response.status_code == 403
        return
    body = response.json()
    assert {t["id"] for t in body["results"]} == transaction_ids(SEES[role]) and body["count"] == len(body["results"])
    assert {e["department"] for t in body["results"] for e in t["entries"]} == SEES[role]
    credited = [e for t in body["results"] for e in t["entries"] if e["account"] == CENTER_SECURED]
    assert sum((D(e["amount"]) for e in credited), ZERO) == expected(SEES[role], books["year"])["secured"]
    foreign = client.get(f"/api/ledger/transactions/?department={foreign_slug(role)}")
    assert foreign.status_code == 200
    if SEES[role] == {"marketing", "sales"}:
        assert {t["id"] for t in foreign.json()["results"]} == transaction_ids({foreign_slug(role)})
    else:
        assert foreign.json()["count"] == 0


# ---------------------------------------------------------------- one transaction's page


@pytest.mark.parametrize("role", ROLES)
def test_transaction_page_opens_for_the_readers_departments_and_is_404_for_another(books, role):
    client = page_client(user_for(books["org"], role))
    statuses = {}
    for txn in LedgerTransaction.objects.prefetch_related("entries__department"):
        slug = {e.department.slug for e in txn.entries.all()}.pop()
        statuses.setdefault(slug, set()).add(client.get(f"/ledger/transactions/{txn.pk}/").status_code)
    if SEES[role] is None:
        assert statuses == {"marketing": {403}, "sales": {403}}
    else:
        assert statuses == {slug: {200} if slug in SEES[role] else {404} for slug in ("marketing", "sales")}


def test_a_foreign_transaction_page_shows_nothing_of_it(books):
    sales_posting = LedgerTransaction.objects.get(kind="posting", outcome__idempotency_key="s-1")
    response = page_client(books["org"].marketing_member).get(f"/ledger/transactions/{sales_posting.pk}/")
    assert response.status_code == 404
    assert "Clearer renewal quotes" not in response.content.decode()


# ---------------------------------------------------------------- GET /api/ledger/export.csv


@pytest.mark.parametrize("role", ROLES)
def test_export_holds_the_readers_departments_lines_only(books, role):
    response = api_client(user_for(books["org"], role)).get("/api/ledger/export.csv")
    if SEES[role] is None:
        assert response.status_code == 403
        return
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    line = [dict(zip(header, r, strict=True)) for r in rows]
    names = dict(Department.objects.values_list("slug", "name"))
    assert {r["Department"] for r in line} == {names[slug] for slug in SEES[role]}
    listed = [int(r["Transaction"]) for r in line]
    assert set(listed) == transaction_ids(SEES[role]) and len(listed) == len(set(listed))  # one row each
    disputed_export = api_client(user_for(books["org"], role)).get(f"/api/ledger/export.csv?account={CENTER_DISPUTED}")
    header, *rows = list(csv.reader(io.StringIO(disputed_export.content.decode())))
    disputed = sum((D(dict(zip(header, r, strict=True))["Amount (USD)"]) for r in rows), ZERO)
    assert disputed == expected(SEES[role], books["year"])["disputed"]


# ---------------------------------------------------------------- finding it, and what it costs


@pytest.mark.parametrize("role", ["signatory", "member"])
def test_department_people_find_their_ledger_on_their_home_page(org, role):
    page = page_client(org.by_role()[role]).get("/").content.decode()
    assert '<a href="/ledger/">Your department&#x27;s ledger</a>' in page


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_offers_the_ledger_to_exactly_those_who_may_open_it(org, role):
    client = page_client(user_for(org, role))
    home = client.get("/", follow=True)  # executives land on their dashboard
    assert home.status_code == 200
    offered = any(link["url"] == "/ledger/" for link in home.context["nav_sections"])
    assert offered is (SEES[role] is not None)
    assert client.get("/ledger/").status_code == (200 if offered else 403)


SCOPED_READS = [
    ("page", "/ledger/?year={year}&group_by=department"),
    ("page", "/ledger/?year={year}&group_by=insight"),
    ("page", "/ledger/transactions/"),
    ("page", "/ledger/transactions/?department=marketing&account=center"),
    ("page", "/ledger/transactions/{txn}/"),
    ("api", "/api/ledger/transactions/"),
    ("api", "/api/ledger/balances/?year={year}&group_by=account"),
    ("api", "/api/ledger/export.csv"),
]


@pytest.mark.parametrize("role", ["member", "signatory"])
def test_scoped_reads_take_the_same_queries_however_much_is_posted(books, role):
    user = user_for(books["org"], role)
    txn = LedgerTransaction.objects.get(kind="posting", outcome__idempotency_key="m-1").pk

    def counts() -> list[int]:
        found = []
        for kind, url in SCOPED_READS:
            fresh = User.objects.get(pk=user.pk)  # as each request loads its user, with no roles cached yet
            client = page_client(fresh) if kind == "page" else api_client(fresh)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url.format(year=books["year"], txn=txn)).status_code == 200, url
            found.append(len(queries))
        return found

    post_more(books, 2)
    before = counts()
    post_more(books, 8, start=2)
    assert counts() == before
    assert max(before) <= 8, dict(zip([url for _, url in SCOPED_READS], before, strict=True))


def test_a_transaction_with_a_line_of_another_department_is_left_out_not_shown_in_part(org):
    """The services put one department on every line of a transaction; should one ever carry two, a reader of
    only one of them must not see the other's line."""
    from django.conf import settings
    from django.db import transaction

    from attribution.selectors.ledger import ledger_transactions_scoped

    day = timezone.localdate()
    with transaction.atomic():  # balanced at commit, as the database insists
        mixed = LedgerTransaction.objects.create(kind="reclassification", effective_on=day)
        for department, amount in [(org.marketing, D("-5.00")), (org.sales, D("5.00"))]:
            LedgerEntry.objects.create(
                transaction=mixed,
                account=f"department:{department.slug}",
                amount=amount,
                currency=settings.CURRENCY,
                department=department,
                outcome_kind="new_revenue",
                month=day.replace(day=1),
            )
    assert list(ledger_transactions_scoped(department_ids={org.marketing.pk})) == []
    assert list(ledger_transactions_scoped(department_ids={org.marketing.pk, org.sales.pk})) == [mixed]
    assert list(ledger_transactions_scoped(department_ids=None)) == [mixed]
    assert list(ledger_transactions_scoped(department_ids=set())) == []
    assert page_client(org.marketing_member).get(f"/ledger/transactions/{mixed.pk}/").status_code == 404


@pytest.mark.parametrize("group_by", GROUPINGS)
def test_balances_unscoped_or_scoped_to_every_department_are_the_same_rows(books, group_by):
    from attribution.selectors.ledger import Period, ledger_balances

    period = Period.year(books["year"])
    unscoped = ledger_balances(period=period, group_by=group_by)
    org = books["org"]
    every = {org.center.pk, org.marketing.pk, org.sales.pk}
    assert unscoped == ledger_balances(period=period, group_by=group_by, department_ids=None)
    assert unscoped == ledger_balances(period=period, group_by=group_by, department_ids=every)
    assert ledger_balances(period=period, group_by=group_by, department_ids=set()) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_marketing_member_follows_home_to_their_ledger_and_a_transaction_in_a_browser(books, browser_page):
    from tests.browser import screenshot

    page = browser_page(books["org"].marketing_member)
    page.goto("/")
    page.click("text=Your department's ledger")
    page.wait_for_url("**/ledger/")
    page.select_option("select[name=group_by]", "department")
    page.click("form.card button")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("th").inner_text() == "Marketing"
    assert rows.first.locator("td").all_inner_texts()[:4] == ["$180.00", "$80.00", "$0.00", "$740.00"]
    assert "Other departments' figures are not shown." in page.content()
    screenshot(page, "ledger-department-member")
    assert rows.first.locator("td a").first.get_attribute("data-amount") == "180.00"
    rows.first.locator("td a").first.click()  # the secured credit, to the transactions that add up to it
    page.wait_for_url("**/ledger/transactions/?*")
    assert page.locator("#drilldown-total").inner_text() == "$180.00"
    assert page.locator("#drilldown-total").get_attribute("data-amount") == "180.00"
    assert page.locator("#drilldown-filter").inner_text().startswith("Secured credit, ")
    links = page.locator("table.table tbody th a")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_url("**/ledger/transactions/*/")
    assert "Marketing" in page.locator("main").inner_text()
    assert "Sales" not in page.locator("main").inner_text()
