"""A new problem (a reason and a signal not flagged lately) is announced once, however many windows it lasts.

The detector calls `emerging_problem_announce` for each window it flags, in the transaction that stores it. A
window starts a new problem when no other window of the same reason and signal was flagged within
EMERGING_PROBLEM_QUIET_HOURS of it; only then is an outbox event written, which core.notifications turns into
one e-mail to the contact center's leads. The event commits with the window or not at all, so the e-mail is sent
once per problem; a problem that returns after a quiet spell is announced again.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from core.models import OutboxEvent
from core.outbox import outbox_event_record
from insights.models import EmergingIssue
from insights.selectors.emerging import emerging_issue_summary


def emerging_problem_is_new(*, issue: EmergingIssue) -> bool:
    """True when no other window of this reason and signal was flagged within the quiet period around it."""
    quiet = timedelta(hours=settings.EMERGING_PROBLEM_QUIET_HOURS)
    return (
        not EmergingIssue.objects.filter(
            reason_code=issue.reason_code,
            signal=issue.signal,
            window_end__gte=issue.window_start - quiet,
            window_start__lte=issue.window_end + quiet,
        )
        .exclude(pk=issue.pk)
        .exists()
    )


@transaction.atomic
def emerging_problem_announce(*, issue: EmergingIssue) -> OutboxEvent | None:
    """Write the 'new problem' event for a just-flagged window that starts a problem; None when it continues one."""
    if not emerging_problem_is_new(issue=issue):
        return None
    return outbox_event_record(
        kind=OutboxEvent.Kind.EMERGING_PROBLEM_FLAGGED,
        payload={
            "emerging_issue_id": issue.pk,
            "reason_code": issue.reason_code,
            "signal": issue.signal,
            "window_start": issue.window_start.isoformat(),
            "window_end": issue.window_end.isoformat(),
            "summary": emerging_issue_summary(issue),
        },
    )
