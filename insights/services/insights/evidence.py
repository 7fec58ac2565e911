"""An insight's evidence: the contacts linked to it, and the statistics computed from them against their window."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import timezone

from core.typed_text import scrub
from insights.models import Contact, Insight, InsightEvidence

TREND_THRESHOLD = Decimal("0.10")  # a change of more than 10% against the previous window is a trend
NOTE_MAX_CHARS = 500


def _q(value: Decimal | float | None, places: str) -> str | None:
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def evidence_resolve(evidence: Iterable[Any]) -> list[tuple[int, str]]:
    """(contact id, note) per distinct contact, from contacts, ids or {"contact", "note"} rows; refuses unknown ids."""
    rows: list[tuple[int, str]] = []
    seen: set[int] = set()
    for index, item in enumerate(evidence or []):
        if isinstance(item, dict):
            contact, note = item.get("contact"), item.get("note", "")
        else:
            contact, note = item, ""
        if isinstance(contact, Contact):
            contact = contact.pk
        try:
            contact_id = int(contact)
        except (TypeError, ValueError):
            raise ValidationError({"evidence": [f"Row {index + 1}: give the contact's id."]}) from None
        note = scrub((note or "").strip())
        if len(note) > NOTE_MAX_CHARS:
            raise ValidationError({"evidence": [f"Row {index + 1}: keep the note to {NOTE_MAX_CHARS} characters."]})
        if contact_id in seen:
            continue
        seen.add(contact_id)
        rows.append((contact_id, note))
    existing = set(Contact.objects.filter(pk__in=seen).values_list("pk", flat=True))
    missing = [str(cid) for cid, _ in rows if cid not in existing]
    if missing:
        raise ValidationError({"evidence": [f"No contact with id {', '.join(missing)}."]})
    return rows


def _evidence_figures() -> dict:
    return {
        "count": Count("id"),
        "first": Min("started_at"),
        "last": Max("started_at"),
        "csat": Avg("csat"),
        "sentiment": Avg("sentiment"),
        "angry": Count("id", filter=Q(profane=True)),
    }


def _window_figures(matching: Q) -> dict:
    return {
        "volume": Count("id"),
        "matching": Count("id", filter=matching),
        "csat": Avg("csat"),
        "sentiment": Avg("sentiment"),
        "angry": Count("id", filter=Q(profane=True)),
    }


def _angry(evidence: dict, window: dict) -> dict:
    """Angry customers (contacts whose words held profanity) in the evidence, against everyone in the window."""
    volume = window["volume"] or 0
    return {
        "angry_count": evidence["angry"],
        "angry_share": _q(Decimal(evidence["angry"]) / evidence["count"], "0.0001"),
        "angry_share_baseline": _q(Decimal(window["angry"] or 0) / volume, "0.0001") if volume else None,
    }


def insight_statistics_compute(
    *, contact_ids: Sequence[int], window_start: datetime | None = None, window_end: datetime | None = None
) -> dict:
    """Statistics of the evidence against its window: volume and share, CSAT and sentiment vs baseline, trend,
    and the account value of the customers involved. Decimals are kept as strings.

    The window is the given one (an emerging issue's) or the whole days the evidence spans. "Matching"
    contacts are all contacts in the window with the evidence's reason codes: the size of what the
    evidence samples. The trend compares that count with the same-length window just before.
    """
    evidence = Contact.objects.filter(pk__in=list(contact_ids))
    summary = evidence.aggregate(**_evidence_figures())
    if not summary["count"]:
        return {"evidence_count": 0}
    if window_start is None or window_end is None:
        window_start, window_end = _whole_days(summary["first"], summary["last"])
    reason_codes = sorted({code for code in evidence.values_list("reason_code", flat=True) if code})
    matching_filter = Q(reason_code__in=reason_codes) if reason_codes else Q(pk__in=list(contact_ids))
    window = Contact.objects.filter(started_at__gte=window_start, started_at__lt=window_end).aggregate(
        **_window_figures(matching_filter)
    )
    length = window_end - window_start
    previous_matching = (
        Contact.objects.filter(started_at__gte=window_start - length, started_at__lt=window_start)
        .filter(matching_filter)
        .count()
    )
    matching = window["matching"] or 0
    change, trend = _trend(matching, previous_matching)
    by_customer = _account_values(evidence)
    volume = window["volume"] or 0
    return {
        "evidence_count": summary["count"],
        "window_start": window_start.isoformat(),
        "window_end": window_end.isoformat(),
        "reason_codes": reason_codes,
        "matching_count": matching,
        "window_volume": volume,
        "share_of_volume": _q(Decimal(matching) / volume, "0.0001") if volume else None,
        "csat_average": _q(summary["csat"], "0.01"),
        "csat_baseline": _q(window["csat"], "0.01"),
        "sentiment_average": _q(summary["sentiment"], "0.001"),
        "sentiment_baseline": _q(window["sentiment"], "0.001"),
        "previous_window_count": previous_matching,
        **_angry(summary, window),
        "trend": trend,
        "trend_change": _q(change, "0.0001"),
        "customers": len(by_customer),
        "account_value_total": _q(sum(by_customer.values(), Decimal(0)), "0.01"),
        "currency": settings.CURRENCY,
    }


def _whole_days(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    """The local whole days from the first to the last moment."""
    start = timezone.localtime(first).replace(hour=0, minute=0, second=0, microsecond=0)
    end = timezone.localtime(last).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, end + timedelta(days=1)


def _trend(matching: int, previous_matching: int) -> tuple[Decimal | None, str]:
    if not previous_matching:
        return None, "new" if matching else "flat"
    change = (Decimal(matching) - previous_matching) / Decimal(previous_matching)
    trend = "rising" if change > TREND_THRESHOLD else "falling" if change < -TREND_THRESHOLD else "flat"
    return change, trend


def _account_values(evidence: QuerySet[Contact]) -> dict[str, Decimal]:
    """Each customer's account counted once, however many of their contacts are evidence."""
    by_customer: dict[str, Decimal] = {}
    for pk, ref, value in evidence.values_list("pk", "customer_ref", "account_value"):
        if value is not None:
            key = ref or f"contact:{pk}"
            by_customer[key] = max(by_customer.get(key, Decimal(0)), value)
    return by_customer


def evidence_replace(insight: Insight, rows: list[tuple[int, str]]) -> None:
    """Link exactly these contacts (with their notes) as the insight's evidence."""
    insight.evidence.all().delete()
    InsightEvidence.objects.bulk_create(
        [InsightEvidence(insight=insight, contact_id=cid, note=note) for cid, note in rows]
    )


def statistics_refresh(insight: Insight) -> None:
    """Recompute the insight's statistics from its evidence, over its emerging issue's window when it has one."""
    issue = insight.emerging_issue
    ids = list(insight.evidence.values_list("contact_id", flat=True))
    insight.statistics = insight_statistics_compute(
        contact_ids=ids,
        window_start=issue.window_start if issue else None,
        window_end=issue.window_end if issue else None,
    )
