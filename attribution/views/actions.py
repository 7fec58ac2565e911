"""The actions page: what a department committed to, open ones first, and marking one done or dropped."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from accounts.models import Department
from accounts.policy import Action, allowed, department_scope, require
from attribution.filters import ActionCommitmentFilter
from attribution.models import ActionCommitment
from attribution.selectors.signoffs import action_commitment_counts, action_commitment_get, action_commitments_visible
from attribution.services.signoffs import action_commitment_set_status
from core.pages import PageErrors, service_errors

PAGE_SIZE = 50


def _title(scope: set[int] | None) -> tuple[str, str]:
    """The page's heading and, for one department, its name."""
    if scope is None:
        return "Departments' actions", ""
    if len(scope) == 1:
        name = Department.objects.filter(id__in=scope).values_list("name", flat=True).first() or ""
        return "Your department's actions", name
    return "Your departments' actions", ""


def _list(request, *, failed: ActionCommitment | None = None, errors: list[str] | None = None):
    """Render the list (filters from the query string); after a refused change, with its errors and 400."""
    user = request.user
    visible = action_commitments_visible(user=user)
    filters = ActionCommitmentFilter(request.GET or None, queryset=visible, request=request)
    bad_filter = filters.is_bound and not filters.is_valid()
    rows = visible.none() if bad_filter else filters.qs
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    actions = list(page.object_list)
    for action in actions:
        action.can_change = action.status == ActionCommitment.Status.OPEN and allowed(
            user, Action.COMMIT_ACTION, action.department_id
        )
        action.failed = failed is not None and failed.pk == action.pk
    scope = department_scope(user, Action.VIEW_SIGNOFF)
    title, department_name = _title(scope)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "attribution/actions/list.html",
        {
            "title": title,
            "department_name": department_name,
            "several_departments": scope is None or len(scope) > 1,
            "filters": filters,
            "bad_filter": bad_filter,
            "page": page,
            "actions": actions,
            "counts": action_commitment_counts(visible),
            "query": request.GET.urlencode(),
            "query_without_page": query.urlencode(),
            "failed": failed,
            "errors": errors or [],
            "any_changeable": any(a.can_change for a in actions),
            "can_commit": bool(department_scope(user, Action.COMMIT_ACTION)),
        },
        status=400 if bad_filter or errors else 200,
    )


@login_required
def action_list(request):
    require(request.user, Action.BROWSE_ACTIONS)
    return _list(request)


@login_required
@require_POST
def action_status(request, pk: int):
    """Mark one action done or dropped, then back to the list as it was (filters and page kept)."""
    try:
        action = action_commitment_get(user=request.user, action_id=pk)
    except ActionCommitment.DoesNotExist as exc:
        raise Http404 from exc
    page = PageErrors()
    with service_errors(page):
        changed = action_commitment_set_status(
            user=request.user,
            action_id=action.pk,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
        verb = "done" if changed.status == ActionCommitment.Status.DONE else "dropped"
        messages.success(request, f"Marked “{Truncator(changed.description).chars(80)}” {verb}.")
        url = reverse("action-list")
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    return _list(request, failed=action, errors=page.messages)
