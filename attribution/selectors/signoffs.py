"""Reading sign-off requests and records, and the per-department scorecards the dashboard shows."""

from statistics import median

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import visible_department_ids
from attribution.models import ActionCommitment, SignoffRequest, SignoffStatus


def signoff_requests_visible(*, user: User, status: str | None = None, department: str | None = None) -> QuerySet:
    qs = SignoffRequest.objects.select_related("insight", "revision", "department").order_by("due_on", "id")
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


def department_scorecards(*, start=None, end=None) -> list[dict]:
    """Per non-center department: requests, signed / pinky-sworn / declined / pending, median days to sign,
    actions on-time %. Three queries, whatever the number of departments."""
    requests = SignoffRequest.objects.exclude(status=SignoffStatus.SUPERSEDED)
    actions = ActionCommitment.objects.all()
    if start:
        requests = requests.filter(created_at__gte=start)
        actions = actions.filter(request__created_at__gte=start)
    if end:
        requests = requests.filter(created_at__lt=end)
        actions = actions.filter(request__created_at__lt=end)
    departments = list(Department.objects.filter(is_contact_center=False).order_by("name").values("id", "name", "slug"))
    counts: dict[int, dict] = {}
    days: dict[int, list[float]] = {}
    for row in requests.values("department_id", "status", "created_at", "answered_at"):
        c = counts.setdefault(row["department_id"], dict.fromkeys(SignoffStatus.values, 0))
        c[row["status"]] += 1
        if row["status"] == SignoffStatus.SIGNED and row["answered_at"]:
            days.setdefault(row["department_id"], []).append(
                (row["answered_at"] - row["created_at"]).total_seconds() / 86400
            )
    today = timezone.localdate()
    action_rows = {
        r["department_id"]: r
        for r in actions.values("department_id").annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(status="done", done_on__lte=F("due_on"))),
            overdue=Count("id", filter=Q(status="open", due_on__lt=today)),
        )
    }
    out = []
    for d in departments:
        c = counts.get(d["id"], dict.fromkeys(SignoffStatus.values, 0))
        a = action_rows.get(d["id"], {"total": 0, "on_time": 0, "overdue": 0})
        sign_days = days.get(d["id"], [])
        out.append(
            {
                "department_id": d["id"],
                "department": d["name"],
                "slug": d["slug"],
                "requests": sum(c.values()),
                "signed": c[SignoffStatus.SIGNED],
                "pinky_sworn": c[SignoffStatus.PINKY_SWORN],
                "declined": c[SignoffStatus.DECLINED],
                "pending": c[SignoffStatus.PENDING],
                "median_days_to_sign": round(median(sign_days), 1) if sign_days else None,
                "actions": a["total"],
                "actions_overdue": a["overdue"],
                "actions_on_time_pct": round(100 * a["on_time"] / a["total"], 1) if a["total"] else None,
            }
        )
    return out


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
            label += f" on {timezone.localtime(request.answered_at):%-d %B %Y}"
        elif request.status == SignoffStatus.PENDING:
            label += f" (due {request.due_on:%-d %B %Y})"
        states[request.department_id] = label
    return states
