"""Ledger pages: balances with drill-down to transactions, a transaction's full trail, and the
improvement and outcome forms (which call the same services as the API)."""

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from accounts.models import Department
from accounts.policy import Action, allowed, department_scope, grants_for, require
from attribution.models import Improvement, LedgerEntry, OutcomeKind, SignoffRecord
from attribution.selectors.ledger import GROUPINGS, Period, ledger_balances, ledger_transactions_scoped
from attribution.services.ledger import improvement_create, outcome_record
from config.errors import DomainError
from insights.models import Insight
from insights.models.insights import Category


def _period(request) -> tuple[Period, int, str]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    quarter = request.GET.get("quarter", "")
    if quarter in {"1", "2", "3", "4"}:
        return Period.quarter(year, int(quarter)), year, quarter
    return Period.year(year), year, ""


def _ledger_scope(request) -> set[int] | None:
    """The departments whose ledger the user reads (None: all); 403 for someone who reads none."""
    require(request.user, Action.BROWSE_LEDGER)
    return department_scope(request.user, Action.VIEW_LEDGER)


GROUP_LABELS = {
    "department": "Department",
    "category": "Business area",
    "insight": "Insight",
    "month": "Month",
    "account": "Account",
}


def _group_names(group_by: str, keys: list) -> dict:
    """What a reader calls each group: department and insight names, business areas, months (one query at most)."""
    if group_by == "department":
        return dict(Department.objects.filter(slug__in=keys).values_list("slug", "name"))
    if group_by == "insight":
        return {0: "No insight", **dict(Insight.objects.filter(pk__in=keys).values_list("pk", "title"))}
    if group_by == "category":
        return {"": "Not assigned", **dict(Category.choices)}
    if group_by == "month":
        return {key: f"{key:%b %Y}" for key in keys}
    return {}


def _group_filter(group_by: str, key, period: Period) -> str:
    """The transactions-page query that lists what one balance row adds up."""
    if group_by == "month":
        return f"month={key}"
    return f"{group_by}={key}&start={period.start}&end={period.end}"


@login_required
def ledger_home(request):
    scope = _ledger_scope(request)
    period, year, quarter = _period(request)
    group_by = request.GET.get("group_by", "department")
    if group_by not in GROUPINGS:
        group_by = "department"
    rows = ledger_balances(period=period, group_by=group_by, department_ids=scope)
    names = _group_names(group_by, [row["key"] for row in rows])
    for row in rows:
        row["label"] = names.get(row["key"], row["key"])
        row["filter"] = _group_filter(group_by, row["key"], period)
    return render(
        request,
        "attribution/ledger.html",
        {
            "rows": rows,
            "period": period,
            "year": year,
            "quarter": quarter,
            "group_by": group_by,
            "groupings": GROUP_LABELS,
            "scope": None if scope is None else Department.objects.filter(pk__in=scope).order_by("name"),
        },
    )


@login_required
def ledger_transactions(request):
    qs = (
        ledger_transactions_scoped(department_ids=_ledger_scope(request))
        .select_related("outcome__improvement")
        .order_by("-effective_on", "-id")
    )
    # One condition on one entry, so "secured credit of category X in Q4" means exactly that.
    g = request.GET
    entry = Q()
    if g.get("department"):
        entry &= Q(entries__department__slug=g["department"])
    if g.get("insight", "").isdigit():
        entry &= Q(entries__insight_id=int(g["insight"]))
    if g.get("category"):
        entry &= Q(entries__category=g["category"])
    account = g.get("account", "")
    if account == "center":  # the center's credit, whatever its standing
        entry &= Q(entries__account__startswith="center:")
    elif account:
        entry &= Q(entries__account=account)
    start, end = parse_date(g.get("start") or ""), parse_date(g.get("end") or "")
    if g.get("start") and start is None or g.get("end") and end is None:
        return HttpResponseBadRequest("start and end must be dates such as 2026-10-01.")
    if start:
        entry &= Q(entries__month__gte=start.replace(day=1))
        if end is None:  # a month on its own
            end = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    if end:
        entry &= Q(entries__month__lt=end)
    qs = qs.filter(entry)
    return render(request, "attribution/transactions.html", {"transactions": qs.distinct()[:200]})


@login_required
def ledger_transaction(request, pk: int):
    """One transaction's trail; another department's transaction is a 404, as a sign-off request is."""
    txn = get_object_or_404(
        ledger_transactions_scoped(department_ids=_ledger_scope(request))
        .select_related("outcome__improvement__department", "reverses", "signoff_record")
        .prefetch_related(Prefetch("entries", LedgerEntry.objects.select_related("department", "insight"))),
        pk=pk,
    )
    departments = {e.department_id for e in txn.entries.all()}
    improvement = txn.outcome.improvement if txn.outcome_id else None
    weights = improvement.insight_weights.select_related("insight") if improvement else []
    insight_ids = {e.insight_id for e in txn.entries.all() if e.insight_id}
    records = SignoffRecord.objects.filter(
        request__insight_id__in=insight_ids, department_id__in=departments
    ).select_related("request__insight", "department")
    return render(
        request,
        "attribution/transaction.html",
        {"txn": txn, "improvement": improvement, "weights": weights, "records": records},
    )


def _writable_departments(user):
    if grants_for(user).in_center("lead"):
        return Department.objects.filter(is_contact_center=False)
    return Department.objects.filter(
        pk__in=[d for d in grants_for(user).departments() if allowed(user, Action.RECORD_OUTCOME, d)]
    )


@login_required
def improvement_new(request):
    departments = _writable_departments(request.user)
    if not departments.exists():
        require(request.user, Action.RECORD_ANY_OUTCOME)
    insights = Insight.objects.filter(status="published", departments__in=departments).distinct()
    errors = {}
    if request.method == "POST":
        rows = []
        for insight in insights:
            weight = request.POST.get(f"weight_{insight.pk}", "").strip()
            if weight:
                rows.append({"insight": insight.pk, "weight": weight})
        try:
            department = departments.get(slug=request.POST.get("department"))
            shipped = dt.date.fromisoformat(request.POST.get("shipped_on", ""))
            improvement = improvement_create(
                user=request.user,
                department=department,
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                shipped_on=shipped,
                insights=rows,
            )
            return redirect(f"/outcomes/new/?improvement={improvement.pk}")
        except Department.DoesNotExist:
            errors = {"department": ["Choose one of your departments."]}
        except ValueError:
            errors = {"shipped_on": ["Give the date as YYYY-MM-DD."]}
        except ValidationError as exc:
            errors = exc.message_dict
    return render(
        request,
        "attribution/improvement_form.html",
        {"departments": departments, "insights": insights, "errors": errors, "data": request.POST},
    )


@login_required
def outcome_new(request):
    departments = _writable_departments(request.user)
    if not departments.exists():
        require(request.user, Action.RECORD_ANY_OUTCOME)
    improvements = Improvement.objects.filter(department__in=departments).select_related("department")
    errors = {}
    if request.method == "POST":
        try:
            improvement = improvements.get(pk=request.POST.get("improvement") or 0)
            outcome, _ = outcome_record(
                user=request.user,
                improvement=improvement,
                kind=request.POST.get("kind", ""),
                amount=request.POST.get("amount", ""),
                period_start=dt.date.fromisoformat(request.POST.get("period_start", "")),
                period_end=dt.date.fromisoformat(request.POST.get("period_end", "")),
                method=request.POST.get("method", ""),
                idempotency_key=request.POST.get("idempotency_key") or str(uuid.uuid4()),
            )
            return redirect("ledger-transaction", pk=outcome.transactions.get(kind="posting").pk)
        except Improvement.DoesNotExist:
            errors = {"improvement": ["Choose one of your department's improvements."]}
        except ValueError:
            errors = {"period_end": ["Give dates as YYYY-MM-DD."]}
        except ValidationError as exc:
            errors = exc.message_dict
        except DomainError as exc:
            errors = exc.as_dict()
    return render(
        request,
        "attribution/outcome_form.html",
        {
            "improvements": improvements,
            "kinds": OutcomeKind.choices,
            "errors": errors,
            "data": request.POST or request.GET,
            "key": str(uuid.uuid4()),
        },
    )
