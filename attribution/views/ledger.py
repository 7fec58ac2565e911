"""Ledger pages: balances with drill-down to transactions, a transaction's full trail, and the
improvement and outcome forms (which call the same services as the API)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, department_scope, outcome_departments, require
from attribution.forms.ledger import (
    DepartmentChoiceForm,
    ImprovementForm,
    InsightWeightFormSet,
    OutcomeForm,
    TransactionQueryForm,
)
from attribution.models import Improvement, LedgerEntry, OutcomeKind, SignoffRecord
from attribution.selectors.ledger import (
    GROUPINGS,
    ledger_balances,
    ledger_transactions_matching,
    ledger_transactions_scoped,
)
from attribution.services.ledger import improvement_create, outcome_record
from core.pages import bad_request_page, service_errors
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


def _group_filter(group_by: str, key, period: Period) -> str:
    """The transactions-page query that lists what one balance row adds up."""
    if group_by == "month":
        return f"month={key}"
    return f"{group_by}={key}&start={period.start}&end={period.end}"


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
    for row in rows:
        row["label"] = names.get(row["key"], row["key"])
        row["filter"] = _group_filter(group_by, row["key"], period)
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
        },
    )


@login_required
def ledger_transactions(request):
    scope = _ledger_scope(request)
    query = TransactionQueryForm(request.GET)
    if not query.is_valid():
        return bad_request_page(request, ValidationError(query.errors.as_data()))
    qs = ledger_transactions_matching(department_ids=scope, **query.cleaned_data).select_related("outcome__improvement")
    return render(request, "attribution/transactions.html", {"transactions": qs[:200]})


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
            outcome, _ = outcome_record(user=request.user, **fields)
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
