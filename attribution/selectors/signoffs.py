"""Reading sign-off requests and records, and the per-department scorecards the dashboard shows."""

import datetime as dt
from statistics import median

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import Action, allowed, department_scope, signoff_inbox_department_ids, visible_department_ids
from attribution.models import ActionCommitment, SignoffEvent, SignoffRequest, SignoffStatus
from core import formats


def _moment(value):
    """A date as local midnight (aware), so a period's dates mean the same days everywhere; datetimes pass."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def signoff_requests_received(*, start=None, end=None) -> QuerySet:
    """The requests a scorecard counts: received (opened) in [start, end), superseded ones left out, since a
    newer revision's request replaces them. Dates are local days; None leaves that side open."""
    requests = SignoffRequest.objects.exclude(status=SignoffStatus.SUPERSEDED)
    if start is not None:
        requests = requests.filter(created_at__gte=_moment(start))
    if end is not None:
        requests = requests.filter(created_at__lt=_moment(end))
    return requests


def signoff_requests_visible(
    *, user: User, status: str | None = None, department: str | None = None, start=None, end=None
) -> QuerySet:
    """Requests the user may see; with `start`/`end`, exactly those a scorecard counts for that period."""
    base = SignoffRequest.objects if start is None and end is None else signoff_requests_received(start=start, end=end)
    qs = base.select_related("insight", "revision", "department").order_by("due_on", "id")
    visible = visible_department_ids(user)
    if visible is not None:
        qs = qs.filter(department_id__in=visible)
    if status:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(Q(department__slug=department) | Q(department_id=int(department) if department.isdigit() else 0))
    return qs


def signoff_request_get(*, user: User, request_id: int) -> SignoffRequest:
    """The request, or SignoffRequest.DoesNotExist (→ 404) when the user may not see it."""
    return signoff_requests_visible(user=user).get(pk=request_id)


def signoff_requests_answered(*, department_ids) -> QuerySet:
    """The departments' signed and pinky-sworn requests, most recently answered first, with how many of their
    actions are open and overdue: where a department goes back to commit to more actions."""
    return (
        SignoffRequest.objects.filter(
            department_id__in=department_ids, status__in=(SignoffStatus.SIGNED, SignoffStatus.PINKY_SWORN)
        )
        .select_related("insight", "revision", "department")
        .annotate(
            open_actions=Count("actions", filter=Q(actions__status=ActionCommitment.Status.OPEN)),
            overdue_actions=Count(
                "actions",
                filter=Q(actions__status=ActionCommitment.Status.OPEN, actions__due_on__lt=timezone.localdate()),
            ),
        )
        .order_by("-answered_at", "-id")
    )


def action_overdue_q(today: dt.date | None = None) -> Q:
    """Overdue, as `ActionCommitment.is_overdue` says in Python: still open after its due date."""
    return Q(status=ActionCommitment.Status.OPEN, due_on__lt=today or timezone.localdate())


def action_commitments_visible(*, user: User) -> QuerySet[ActionCommitment]:
    """The actions the user may see — their own departments', or every department's for those who read every
    sign-off (center staff, executives) — open ones first, then by due date, with what a list shows joined."""
    actions = ActionCommitment.objects.select_related("request__insight", "request__revision", "department", "owner")
    scope = department_scope(user, Action.VIEW_SIGNOFF)
    if scope is not None:
        actions = actions.filter(department_id__in=scope)
    finished = Case(
        When(status=ActionCommitment.Status.OPEN, then=Value(False)), default=Value(True), output_field=BooleanField()
    )
    return actions.annotate(finished=finished).order_by("finished", "due_on", "id")


def action_commitment_get(*, user: User, action_id: int) -> ActionCommitment:
    """The action, or ActionCommitment.DoesNotExist (→ 404) when the user may not see it."""
    return action_commitments_visible(user=user).get(pk=action_id)


def action_commitments_overdue(actions: QuerySet[ActionCommitment], *, overdue: bool = True) -> QuerySet:
    """Only the overdue actions (open, due date passed), or with `overdue=False` only the others."""
    return actions.filter(action_overdue_q()) if overdue else actions.exclude(action_overdue_q())


def action_commitment_counts(actions: QuerySet[ActionCommitment]) -> dict[str, int]:
    """How many of `actions` are open and how many of those overdue (one query)."""
    return actions.order_by().aggregate(
        open=Count("id", filter=Q(status=ActionCommitment.Status.OPEN)), overdue=Count("id", filter=action_overdue_q())
    )


def department_scorecards(*, start=None, end=None) -> list[dict]:
    """Each non-center department's record with the insights it received in [start, end): the one definition
    behind the dashboard, the summary API, the board pack, the scorecard exports and the sign-off overview.

    Period semantics (a cohort, so the figures never contradict each other):
    - `received`: requests opened in the period (superseded ones excluded); `received` = `signed` +
      `pinky_sworn` + `declined` + `pending`.
    - `signed` / `pinky_sworn` / `declined`: how those requests have been answered so far, whenever the answer
      came (a request received in September and signed in October counts in September's period).
    - `pending`: those still unanswered now.
    - `median_days_to_sign`: median of received → signed over the signed ones, in days (None if none).
    - `actions_on_time_pct`: of the actions committed on those requests that have come due (due date passed,
      or done), the percentage done on or before their due date (None if none has come due yet);
      `actions` counts them all and `actions_overdue` the open ones past due.
    Three queries, whatever the number of departments or requests.
    """
    requests = signoff_requests_received(start=start, end=end)
    counts, days = _answers_by_department(requests)
    actions = _actions_by_department(requests)
    departments = Department.objects.filter(is_contact_center=False).order_by("name").values("id", "name", "slug")
    return [_scorecard(d, counts.get(d["id"]), days.get(d["id"], []), actions.get(d["id"])) for d in departments]


def _answers_by_department(requests: QuerySet) -> tuple[dict[int, dict], dict[int, list[float]]]:
    """Per department: how many of `requests` stand in each status, and the days each signed one took (one query)."""
    counts: dict[int, dict] = {}
    days: dict[int, list[float]] = {}
    for row in requests.values("department_id", "status", "created_at", "answered_at"):
        c = counts.setdefault(row["department_id"], dict.fromkeys(SignoffStatus.values, 0))
        c[row["status"]] += 1
        if row["status"] == SignoffStatus.SIGNED and row["answered_at"]:
            days.setdefault(row["department_id"], []).append(
                (row["answered_at"] - row["created_at"]).total_seconds() / 86400
            )
    return counts, days


def _actions_by_department(requests: QuerySet) -> dict[int, dict]:
    """Per department: the actions committed on `requests`, those come due, done on time and overdue (one query)."""
    today = timezone.localdate()
    come_due = Q(due_on__lt=today) | Q(status=ActionCommitment.Status.DONE)
    return {
        r["department_id"]: r
        for r in ActionCommitment.objects.filter(request__in=requests)
        .values("department_id")
        .annotate(
            total=Count("id"),
            come_due=Count("id", filter=come_due),
            on_time=Count("id", filter=Q(status=ActionCommitment.Status.DONE, done_on__lte=F("due_on"))),
            overdue=Count("id", filter=action_overdue_q(today)),
        )
        .order_by()
    }


def _scorecard(department: dict, counts: dict | None, sign_days: list[float], actions: dict | None) -> dict:
    """One department's row of the scorecard from its counts, signing times and actions."""
    c = counts or dict.fromkeys(SignoffStatus.values, 0)
    a = actions or {"total": 0, "come_due": 0, "on_time": 0, "overdue": 0}
    return {
        "department_id": department["id"],
        "department": department["name"],
        "slug": department["slug"],
        "received": sum(c.values()),
        "signed": c[SignoffStatus.SIGNED],
        "pinky_sworn": c[SignoffStatus.PINKY_SWORN],
        "declined": c[SignoffStatus.DECLINED],
        "pending": c[SignoffStatus.PENDING],
        "median_days_to_sign": round(median(sign_days), 1) if sign_days else None,
        "actions": a["total"],
        "actions_overdue": a["overdue"],
        "actions_on_time_pct": round(100 * a["on_time"] / a["come_due"], 1) if a["come_due"] else None,
    }


def signoff_state_by_department(*, insight, revision, departments) -> dict[int, str]:
    """Each routed department's answer to the insight's latest revision, in plain words (one query)."""
    if revision is None:
        return {}
    labels = {
        SignoffStatus.PENDING: "Awaiting signature",
        SignoffStatus.SIGNED: "Signed",
        SignoffStatus.PINKY_SWORN: "Pinky-sworn: informal — not a signed agreement",
        SignoffStatus.DECLINED: "Declined",
        SignoffStatus.SUPERSEDED: "Superseded by a newer revision",
    }
    states = {}
    for request in SignoffRequest.objects.filter(revision=revision, department__in=departments).only(
        "department_id", "status", "answered_at", "due_on"
    ):
        label = labels[request.status]
        if request.answered_at:
            label += f" on {formats.date(request.answered_at)}"
        elif request.status == SignoffStatus.PENDING:
            label += f" (due {formats.date(request.due_on)})"
        states[request.department_id] = label
    return states


def signoff_requests_to_review(*, revision, user: User) -> list[SignoffRequest]:
    """The open requests on `revision` that `user` may sign: pending or only pinky-sworn (one query)."""
    if revision is None or not user.is_authenticated:
        return []
    requests = SignoffRequest.objects.filter(
        revision=revision,
        department_id__in=signoff_inbox_department_ids(user),
        status__in=(SignoffStatus.PENDING, SignoffStatus.PINKY_SWORN),
    ).select_related("department")
    return [r for r in requests if allowed(user, Action.SIGN, r.department_id)]


def signoff_trail(*, request: SignoffRequest, until=None) -> QuerySet:
    """The request's evidence trail in order, with who acted; `until` keeps the steps up to that moment."""
    events = SignoffEvent.objects.filter(request=request).select_related("actor").order_by("at", "id")
    return events.filter(at__lte=until) if until is not None else events
