"""Ledger pages: balances with drill-down to transactions, a transaction's full trail, and the
improvement and outcome forms (which call the same services as the API)."""

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, allowed, department_scope, outcome_departments, require
from attribution.forms.ledger import (
    DepartmentChoiceForm,
    ImprovementForm,
    InsightWeightFormSet,
    OutcomeForm,
    TransactionQueryForm,
)
from attribution.models import Improvement, LedgerEntry, OutcomeKind, SignoffRecord
from attribution.presenters.ledger import (
    account_label,
    drilldown_url,
    filter_words,
    line_words,
    memo_words,
    transaction_words,
)
from attribution.selectors.ledger import GROUPINGS, ledger_balances, ledger_transactions_scoped
from attribution.selectors.outcomes import forecast_total
from attribution.selectors.transactions import query_names, transaction_lines, transactions_query
from attribution.services.ledger import improvement_create, outcome_record
from attribution.views.outcomes import outcome_confirmation, outcome_trial
from core.pages import bad_request_page, confirmation_page, is_confirmed, service_errors
from core.periods import Period, period_from_params
from insights.models import Insight
from insights.models.insights import Category


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


BUCKET_ACCOUNTS = {
    "secured": "center:secured",
    "unsecured": "center:unsecured",
    "disputed": "center:disputed",
    "department": "department",
}


def _group_links(group_by: str, key, period: Period, next_path: str) -> dict[str, str | None]:
    """The transaction list that adds up each of a balance row's figures (None: nothing to add up)."""
    # A month row is that month alone; any other row spans the page's period.
    when = [("start", str(key))] if group_by == "month" else [("start", str(period.start)), ("end", str(period.end))]
    group = {
        "department": [("department", key)],
        "category": [("category", key or "none")],
        "insight": [("insight", str(key) if key else "none")],
        "month": [],
        "account": [],
    }[group_by]
    links = {}
    for bucket, account in BUCKET_ACCOUNTS.items():
        if group_by == "account":
            belongs = key == account or key.startswith(f"{account}:")
            links[bucket] = drilldown_url([("account", key), *when], next_path=next_path) if belongs else None
        else:
            links[bucket] = drilldown_url([("account", account), *group, *when], next_path=next_path)
    return links


@login_required
def ledger_home(request):
    scope = _ledger_scope(request)
    try:
        period = period_from_params(request.GET, default=Period.year(timezone.localdate().year))
    except ValidationError as exc:
        return bad_request_page(request, exc)
    group_by = request.GET.get("group_by", "department")
    if group_by not in GROUPINGS:
        group_by = "department"
    rows = ledger_balances(period=period, group_by=group_by, department_ids=scope)
    names = _group_names(group_by, [row["key"] for row in rows])
    departments = dict(Department.objects.values_list("slug", "name")) if group_by == "account" else {}
    for row in rows:
        row["label"] = (
            account_label(row["key"], departments) if group_by == "account" else names.get(row["key"], row["key"])
        )
        row["links"] = _group_links(group_by, row["key"], period, request.get_full_path())
    return render(
        request,
        "attribution/ledger.html",
        {
            "rows": rows,
            "period": period,
            "year": period.year_number,
            "quarter": str(period.quarter_number or ""),
            "group_by": group_by,
            "groupings": GROUP_LABELS,
            "scope": None if scope is None else Department.objects.filter(pk__in=scope).order_by("name"),
            "expected": forecast_total(period=period, department_ids=scope),
            "can_close": allowed(request.user, Action.CLOSE_PERIOD),
            "currency": settings.CURRENCY,
        },
    )


PAGE_SIZE = 100


@login_required
def ledger_transactions(request):
    """The transactions behind a figure, their amounts on the figure's accounts and a total equal to it."""
    scope = _ledger_scope(request)
    form = TransactionQueryForm(request.GET)
    if not form.is_valid():
        return bad_request_page(request, ValidationError(form.errors.as_data()))
    query = form.query()
    drilldown = transactions_query(query=query, department_ids=scope)
    names = query_names(query=query, department_ids=scope, department_rows=form.department_rows())
    page = Paginator(drilldown.pageable(), PAGE_SIZE).get_page(request.GET.get("page"))
    lines = transaction_lines(transactions=list(page.object_list), query=query, department_ids=scope)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "attribution/transactions.html",
        {
            "words": filter_words(
                query, department_names=names.departments, insight_titles=names.insights, scope_names=names.scope
            ),
            "lines": [line_words(line, names.departments) for line in lines],
            "page": page,
            "total": drilldown.total,
            "currency": settings.CURRENCY,
            "back": form.cleaned_data["next"] or reverse("ledger"),
            "query": params.urlencode(),
        },
    )


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
    names = {e.department.slug: e.department.name for e in txn.entries.all()}
    return render(
        request,
        "attribution/transaction.html",
        {
            "txn": txn,
            "improvement": improvement,
            "weights": weights,
            "records": records,
            "words": {**transaction_words(txn.entries.all(), names), "memo": memo_words(txn.memo, names)},
            "currency": settings.CURRENCY,
        },
    )


def _improvement_department(request, departments):
    """The department the improvement page is for: the posted or chosen one, or the user's only one."""
    choice = DepartmentChoiceForm(
        {"department": request.POST.get("department") or request.GET.get("department")}, departments=departments
    )
    if choice.is_valid():
        return choice, choice.cleaned_data["department"]
    if departments.count() == 1:
        only = departments.get()
        return DepartmentChoiceForm(initial={"department": only}, departments=departments), only
    unbound = "department" not in request.GET and "department" not in request.POST
    return (DepartmentChoiceForm(departments=departments) if unbound else choice), None


@login_required
def improvement_new(request):
    """Two steps that work without JavaScript: choose the department, then weigh the insights routed to it."""
    departments = outcome_departments(request.user)
    if not departments.exists():
        require(request.user, Action.RECORD_ANY_OUTCOME)
    choice, department = _improvement_department(request, departments)
    insights = (
        Insight.objects.filter(status="published", departments=department).order_by("-published_at", "pk")
        if department
        else Insight.objects.none()
    )
    data = request.POST if request.method == "POST" else None
    form = ImprovementForm(data, departments=departments, initial={"department": department})
    weights = InsightWeightFormSet(data, insights=insights, prefix="weights")
    if data is not None and form.is_valid() & weights.is_valid():
        fields = form.cleaned_data
        with service_errors(form):
            improvement = improvement_create(
                user=request.user,
                department=fields["department"],
                title=fields["title"],
                description=fields["description"],
                shipped_on=fields["shipped_on"],
                insights=weights.weights(),
            )
            return redirect(f"/outcomes/new/?improvement={improvement.pk}")
    return render(
        request,
        "attribution/improvement_form.html",
        {"choice": choice, "department": department, "form": form, "weights": weights},
        status=400 if data is not None else 200,
    )


@login_required
def outcome_new(request):
    departments = outcome_departments(request.user)
    if not departments.exists():
        require(request.user, Action.RECORD_ANY_OUTCOME)
    improvements = Improvement.objects.filter(department__in=departments).select_related("department")
    form = OutcomeForm(request.POST or None, improvements=improvements)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "idempotency_key": form.cleaned_data["idempotency_key"] or str(uuid.uuid4())}
        with service_errors(form):
            if not is_confirmed(request):
                # A trial run checks every rule now, so the confirmation says exactly what posting will write.
                trial, created = outcome_trial(user=request.user, fields=fields)
                if created:
                    return confirmation_page(request, outcome_confirmation(request, trial))
            outcome, _ = outcome_record(user=request.user, **fields)
            if outcome.forecast:
                return redirect("outcome-detail", pk=outcome.pk)
            return redirect("ledger-transaction", pk=outcome.transactions.get(kind="posting").pk)
    return render(
        request,
        "attribution/outcome_form.html",
        {
            "improvements": improvements,
            "kinds": OutcomeKind.choices,
            "form": form,
            "data": request.POST or request.GET,
            "key": str(uuid.uuid4()),
        },
        status=400 if form.errors else 200,
    )
