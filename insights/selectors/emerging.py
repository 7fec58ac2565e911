"""Reads of emerging issues for the analyst's list and the API."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from insights.models import Contact, EmergingIssue, Insight


def emerging_issue_list(
    *, signal: str | None = None, reason_code: str | None = None, reason_codes: Iterable[str] | None = None
) -> QuerySet[EmergingIssue]:
    """Emerging issues, most recent window first, with their sample contacts loaded; `reason_codes` None means
    every reason."""
    issues = EmergingIssue.objects.prefetch_related(
        Prefetch("sample_contacts", queryset=Contact.objects.order_by("-started_at"))
    ).order_by("-window_start", "-score", "id")
    if signal:
        issues = issues.filter(signal=signal)
    if reason_code:
        issues = issues.filter(reason_code=reason_code)
    if reason_codes is not None:
        issues = issues.filter(reason_code__in=list(reason_codes))
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


# --- One row per problem (issue 18) ----------------------------------------------------------------------------
# A problem is one reason code and one signal; each window it was flagged in is one EmergingIssue row. Lists for
# people show problems, each with its windows (newest last) for a sparkline; the per-window list stays for the API.

PLAIN_SIGNALS = {"volume": "More contacts than usual", "dissatisfaction": "More unhappy customers than usual"}
SPARKLINE_WINDOWS = 48  # the most recent flagged windows a problem's sparkline shows


@dataclass(frozen=True)
class FlaggedWindow:
    issue_id: int
    window_start: datetime
    window_end: datetime
    observed: Decimal
    expected: Decimal
    score: Decimal


@dataclass(frozen=True)
class EmergingProblem:
    """One reason and signal, with how many windows it was flagged in and the latest of them."""

    reason_code: str
    signal: str
    first_window_start: datetime
    last_window_end: datetime
    first_detected_at: datetime
    last_detected_at: datetime
    window_count: int
    peak_score: Decimal
    latest_issue_id: int
    windows: tuple[FlaggedWindow, ...]  # the latest SPARKLINE_WINDOWS, oldest first

    @property
    def latest(self) -> FlaggedWindow:
        return self.windows[-1]

    @property
    def reason_label(self) -> str:
        return self.reason_code.replace("_", " ").capitalize()

    @property
    def signal_label(self) -> str:
        """The signal in plain words (a signal added later falls back to its own label)."""
        if self.signal in PLAIN_SIGNALS:
            return PLAIN_SIGNALS[self.signal]
        return dict(EmergingIssue.Signal.choices).get(self.signal, self.signal)


def reason_codes_routed_to(*, department_ids: Iterable[int]) -> set[str]:
    """The reason codes the center has told these departments about: the reasons of the emerging issues that
    published insights routed to them were drafted from, and of the contacts those insights cite as evidence.
    Only published revisions count (a draft's routing is not yet the department's business)."""
    routed = Insight.objects.filter(revisions__departments__in=list(department_ids)).values("pk")
    from_issues = EmergingIssue.objects.filter(insights__in=routed).values_list("reason_code", flat=True)
    from_evidence = Contact.objects.filter(evidence_links__insight__in=routed).values_list("reason_code", flat=True)
    return {code for code in (*from_issues, *from_evidence) if code}


def emerging_problem_rows(*, signal: str | None = None, reason_codes: Iterable[str] | None = None):
    """Problems as rows of figures (a values() queryset to paginate), the most recently flagged first;
    `reason_codes` None means every reason."""
    issues = EmergingIssue.objects.all()
    if signal:
        issues = issues.filter(signal=signal)
    if reason_codes is not None:
        issues = issues.filter(reason_code__in=list(reason_codes))
    return (
        issues.values("reason_code", "signal")
        .annotate(
            first_window_start=Min("window_start"),
            last_window_end=Max("window_end"),
            first_detected_at=Min("detected_at"),
            last_detected_at=Max("detected_at"),
            window_count=Count("id"),
            peak_score=Max("score"),
        )
        .order_by("-last_window_end", "reason_code", "signal")
    )


def emerging_problems(rows) -> list[EmergingProblem]:
    """The problems of `rows` (a page of `emerging_problem_rows`) with their latest windows: one more query."""
    rows = list(rows)
    if not rows:
        return []
    keys = Q(pk__in=[])
    for row in rows:
        keys |= Q(reason_code=row["reason_code"], signal=row["signal"])
    recent = (
        EmergingIssue.objects.filter(keys)
        .annotate(
            recency=Window(RowNumber(), partition_by=[F("reason_code"), F("signal")], order_by=F("window_start").desc())
        )
        .filter(recency__lte=SPARKLINE_WINDOWS)
        .order_by("window_start")
        .values_list("reason_code", "signal", "pk", "window_start", "window_end", "observed", "expected", "score")
    )
    windows: dict[tuple[str, str], list[FlaggedWindow]] = {}
    for reason, signal, *figures in recent:
        windows.setdefault((reason, signal), []).append(FlaggedWindow(*figures))
    problems = []
    for row in rows:
        found = tuple(windows.get((row["reason_code"], row["signal"]), ()))
        problems.append(EmergingProblem(**row, latest_issue_id=found[-1].issue_id, windows=found))
    return problems


def emerging_problem_summary(problem: EmergingProblem) -> str:
    """One plain sentence: what the latest flagged window saw, and for how long the problem has been flagged."""
    latest = problem.latest
    label = problem.reason_code.replace("_", " ")
    if problem.signal == EmergingIssue.Signal.VOLUME:
        what = f"{latest.observed:.0f} contacts about “{label}” where about {latest.expected:.0f} were expected"
    else:
        what = (
            f"{latest.observed * 100:.0f}% of rated contacts about “{label}” were unhappy, "
            f"against {latest.expected * 100:.0f}% usually"
        )
    if problem.window_count == 1:
        return f"{what}."
    return f"{what} in the latest window; flagged in {problem.window_count} windows so far."


def emerging_reasons_visible(*, user) -> set[str] | None:
    """The reason codes whose emerging issues `user` may read; None means every reason (accounts.policy decides
    the departments, `reason_codes_routed_to` their reasons)."""
    from accounts.policy import emerging_issue_department_ids

    departments = emerging_issue_department_ids(user)
    return None if departments is None else reason_codes_routed_to(department_ids=departments)
