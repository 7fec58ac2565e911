"""Reads of emerging issues for the analyst's list and the API."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from insights.models import Contact, EmergingIssue


def emerging_issue_list(*, signal: str | None = None, reason_code: str | None = None) -> QuerySet[EmergingIssue]:
    """Emerging issues, most recent window first, with their sample contacts loaded."""
    issues = EmergingIssue.objects.prefetch_related(
        Prefetch("sample_contacts", queryset=Contact.objects.order_by("-started_at"))
    ).order_by("-window_start", "-score", "id")
    if signal:
        issues = issues.filter(signal=signal)
    if reason_code:
        issues = issues.filter(reason_code=reason_code)
    return issues


def emerging_issue_summary(issue: EmergingIssue) -> str:
    """One plain sentence saying what was unusual."""
    start, end = timezone.localtime(issue.window_start), timezone.localtime(issue.window_end)
    window = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({settings.TIME_ZONE})"
    if issue.signal == EmergingIssue.Signal.VOLUME:
        return (
            f"{issue.observed:.0f} contacts about “{issue.reason_code}” in {window}, "
            f"where about {issue.expected:.1f} were expected from the same hours in earlier weeks."
        )
    return (
        f"{issue.observed * 100:.0f}% of rated contacts about “{issue.reason_code}” were unhappy in {window}, "
        f"against {issue.expected * 100:.0f}% usually."
    )


def emerging_issue_draft_material(issue: EmergingIssue) -> dict:
    """What a draft insight made from this issue starts with: title, summary, evidence and statistics."""
    label = issue.reason_code.replace("_", " ")
    what = "more contacts than usual" if issue.signal == EmergingIssue.Signal.VOLUME else "more unhappy customers"
    return {
        "title": f"Emerging: {label} — {what}",
        "summary": emerging_issue_summary(issue),
        "contact_ids": [c.pk for c in issue.sample_contacts.all()],
        "statistics": {
            "emerging_issue": issue.pk,
            "reason_code": issue.reason_code,
            "signal": issue.signal,
            "window_start": issue.window_start.isoformat(),
            "window_end": issue.window_end.isoformat(),
            "observed": float(issue.observed),
            "expected": float(issue.expected),
            "score": float(issue.score),
        },
    }
