"""Celery task behind the periodic (beat) and post-import emerging-issue checks."""

from celery import shared_task


@shared_task(name="insights.emerging_issues_detect")
def emerging_issues_detect_task(since: str | None = None) -> list[int]:
    """Flag new spikes in the windows since `since` (ISO 8601; default the previous window); idempotent."""
    from datetime import datetime

    from insights.services.emerging import emerging_issues_detect

    start = datetime.fromisoformat(since) if since else None
    return [issue.pk for issue in emerging_issues_detect(since=start)]
