"""Reads for insights: who sees which, in which form (the working copy or the published revision).

Center staff (who may see drafts) read the working copy of every insight. Everyone else reads only
published insights, and only as published: their title, value, category, departments and search all
come from the current revision, so a draft edit of a published insight never leaks.
"""

from datetime import datetime, time, timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import Department, User
from accounts.policy import Action, allowed, revision_department_ids, visible_department_ids
from insights.models import Contact, Insight, InsightEvidence, InsightRevision, InsightRouting, InsightStatus

ORDERINGS = {
    "estimated_value": "estimated_value",
    "-estimated_value": "-estimated_value",
    "updated_at": "updated_at",
    "-updated_at": "-updated_at",
    "published_at": "published_at",
    "-published_at": "-published_at",
    "title": "title",
    "-title": "-title",
}


# The columns a list shows; everything else (long text, frozen JSON) stays out of its query.
LIST_COLUMNS = (
    "title",
    "category",
    "estimated_value",
    "currency",
    "status",
    "has_unpublished_changes",
    "published_at",
    "updated_at",
    "current_revision__number",
    "current_revision__content_hash",
    "current_revision__title",
    "current_revision__category",
    "current_revision__estimated_value",
    "current_revision__currency",
    "current_revision__evidence_count",
)


def reads_drafts(user: User) -> bool:
    """True for the people who read working copies (center staff); the rest read published revisions."""
    return allowed(user, Action.VIEW_DRAFTS)


def _visible(user: User) -> QuerySet[Insight]:
    if reads_drafts(user):
        return Insight.objects.all()
    if not (allowed(user, Action.VIEW_EXECUTIVE) or visible_department_ids(user)):
        return Insight.objects.none()
    published = Insight.objects.filter(status=InsightStatus.PUBLISHED, current_revision__isnull=False)
    department_ids = visible_department_ids(user)
    if department_ids is None:
        return published
    routed = InsightRevision.departments.through.objects.filter(
        insightrevision_id=OuterRef("current_revision_id"), department_id__in=department_ids
    )
    return published.filter(Exists(routed))


def _search(queryset: QuerySet[Insight], q: str, prefix: str) -> QuerySet[Insight]:
    vector = SearchVector(f"{prefix}title", weight="A", config="english") + SearchVector(
        f"{prefix}summary", weight="B", config="english"
    )
    return queryset.annotate(search=vector).filter(search=SearchQuery(q, search_type="websearch", config="english"))


def insight_list(
    *,
    user: User,
    status: str | None = None,
    department: str | None = None,
    category: str | None = None,
    q: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Insight]:
    """The insights `user` may see, filtered and ordered; a constant number of queries whatever the size."""
    drafts = reads_drafts(user)
    prefix = "" if drafts else "current_revision__"
    queryset = _visible(user)
    if status:
        if status not in InsightStatus.values:
            raise ValidationError({"status": [f"Choose one of: {', '.join(InsightStatus.values)}."]})
        queryset = queryset.filter(status=status)
    if department:
        through = Insight.departments.through if drafts else InsightRevision.departments.through
        owner = "insight_id" if drafts else "insightrevision_id"
        outer = "pk" if drafts else "current_revision_id"
        queryset = queryset.filter(
            Exists(through.objects.filter(**{owner: OuterRef(outer)}, department__slug=department))
        )
    if category:
        queryset = queryset.filter(**{f"{prefix}category": category})
    if q and q.strip():
        queryset = _search(queryset, q.strip(), prefix)
    key = ordering or "-updated_at"
    if key not in ORDERINGS:
        raise ValidationError({"ordering": [f"Order by one of: {', '.join(ORDERINGS)}."]})
    field = ORDERINGS[key].lstrip("-")
    if field in {"estimated_value", "title"}:
        field = f"{prefix}{field}"
    expression = F(field).desc(nulls_last=True) if key.startswith("-") else F(field).asc(nulls_last=True)
    evidence_count = (
        InsightEvidence.objects.filter(insight=OuterRef("pk"))
        .order_by()
        .values("insight")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        queryset.select_related("current_revision")
        .only(*LIST_COLUMNS)
        .annotate(evidence_count=Coalesce(Subquery(evidence_count, output_field=IntegerField()), 0))
        .order_by(expression, "-pk")
    )


def insight_page_departments(*, insights: list[Insight], drafts: bool) -> list[Insight]:
    """Attach `routed_departments` (by name) to one page of a list, in one query.

    (Django's M2M prefetch clones a queryset per row; on a 50-row page that cost more than the query.)
    """
    if drafts:
        through, owner, keys = Insight.departments.through, "insight_id", {i.pk: i.pk for i in insights}
    else:
        through, owner = InsightRevision.departments.through, "insightrevision_id"
        keys = {i.pk: i.current_revision_id for i in insights if i.current_revision_id}
    by_owner: dict[int, list[Department]] = {}
    links = through.objects.filter(**{f"{owner}__in": set(keys.values())}).select_related("department")
    for link in links.order_by("department__name"):
        by_owner.setdefault(getattr(link, owner), []).append(link.department)
    for insight in insights:
        insight.routed_departments = by_owner.get(keys.get(insight.pk), [])
    return insights


def _readable_revisions(user: User) -> QuerySet[InsightRevision]:
    """The revisions the user may read: all for center staff and executives, else those routed to their
    departments (an earlier revision routed only to another department stays hidden)."""
    queryset = InsightRevision.objects.select_related("published_by").order_by("-number")
    department_ids = revision_department_ids(user)
    if department_ids is None:
        return queryset
    routed = InsightRevision.departments.through.objects.filter(
        insightrevision_id=OuterRef("pk"), department_id__in=department_ids
    )
    return queryset.filter(Exists(routed))


def insight_get(*, user: User, insight_id: int) -> Insight:
    """One insight the user may see, with what its detail page needs; 404 when it is not theirs to see."""
    drafts = reads_drafts(user)
    queryset = _visible(user).select_related("current_revision", "created_by", "emerging_issue")
    queryset = queryset.prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("name")),
        Prefetch("current_revision__departments", queryset=Department.objects.order_by("name")),
        Prefetch("revisions", queryset=_readable_revisions(user)),
    )
    if drafts:
        queryset = queryset.prefetch_related(
            Prefetch("evidence", queryset=InsightEvidence.objects.select_related("contact").order_by("id"))
        )
    insight = queryset.filter(pk=insight_id).first()
    if insight is None:
        raise Http404("No such insight.")
    return insight


def insight_revision_list(*, user: User, insight_id: int) -> list[InsightRevision]:
    """The published revisions of an insight the user may see, newest first."""
    insight = insight_get(user=user, insight_id=insight_id)
    return list(insight.revisions.all())


def contact_evidence_list(
    *,
    reason_code: str | None = None,
    channel: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Contact]:
    """Contacts to pick evidence from, newest first (the caller checks the user may see contacts)."""
    queryset = Contact.objects.all()
    if reason_code:
        queryset = queryset.filter(reason_code=reason_code)
    if channel:
        queryset = queryset.filter(channel=channel)
    if start:
        queryset = queryset.filter(started_at__gte=start)
    if end:
        queryset = queryset.filter(started_at__lt=end)
    return queryset.order_by("-started_at", "-pk")


def query_moment(value: str | None, field: str, *, end: bool = False) -> datetime | None:
    """An ISO date or date-time from the query string; a bare date means its start (or, for `end`, the next day)."""
    if not value:
        return None
    refusal = ValidationError({field: ["Give an ISO date (2025-03-01) or date-time (2025-03-01T09:00:00Z)."]})
    try:  # a well-formed but impossible day (2026-02-30) raises rather than answering None
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise refusal
            moment = datetime.combine(day, time.min)
            if end:
                moment = moment + timedelta(days=1)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
    except (ValueError, OverflowError) as exc:
        raise refusal from exc
    return moment


def insight_routes(*, insight: Insight) -> QuerySet[InsightRouting]:
    """The working copy's routed departments, by name, each with the reason it is routed for (center staff's read)."""
    return InsightRouting.objects.filter(insight=insight).select_related("department").order_by("department__name")
