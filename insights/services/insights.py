"""Writes for insights: drafts, evidence and its statistics, publishing frozen revisions, withdrawal."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import Action, require
from core.hashing import canonical_json as core_canonical_json
from core.hashing import sha256_hex
from core.outbox import outbox_event_record
from insights.models import (
    Category,
    Contact,
    EmergingIssue,
    Insight,
    InsightEvidence,
    InsightRevision,
    InsightStatus,
    OutboxEvent,
)

_UNSET: Any = object()
EDITABLE_FIELDS = (
    "title",
    "summary",
    "customer_voice",
    "category",
    "estimated_value",
    "currency",
    "value_assumptions",
    "departments",
    "evidence",
)
TREND_THRESHOLD = Decimal("0.10")  # a change of more than 10% against the previous window is a trend


def _q(value: Decimal | float | None, places: str) -> str | None:
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


# --- validation of the parts of an insight ---------------------------------------------------


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["Give the insight a title."]})
    if len(title) > 200:
        raise ValidationError({"title": ["Keep the title to 200 characters or fewer."]})
    return title


def _clean_category(category: str | None) -> str:
    category = (category or "").strip()
    if category and category not in Category.values:
        raise ValidationError({"category": [f"Choose one of: {', '.join(Category.values)}."]})
    return category


def _clean_value(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"estimated_value": [f"Enter the value as a plain number in {settings.CURRENCY}, e.g. 125000.00."]}
        ) from None
    if not amount.is_finite():
        raise ValidationError({"estimated_value": ["Enter a finite amount."]})
    if amount < 0:
        raise ValidationError({"estimated_value": ["The value at stake cannot be negative."]})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"estimated_value": ["Use at most two decimal places."]})
    if amount >= Decimal("1e16"):
        raise ValidationError({"estimated_value": ["That amount is too large."]})
    return amount


def _clean_currency(currency: str | None) -> str:
    currency = (currency or settings.CURRENCY).strip().upper()
    if currency != settings.CURRENCY:
        raise ValidationError(
            {"currency": [f"Values are kept in the organisation's currency, {settings.CURRENCY}; convert it first."]}
        )
    return currency


def _clean_voice(voice: Any) -> list[str]:
    if voice is None:
        return []
    if not isinstance(voice, list | tuple) or not all(isinstance(v, str) for v in voice):
        raise ValidationError({"customer_voice": ["Give the customers' quotes as a list of texts."]})
    return [v.strip() for v in voice if v.strip()]


def _resolve_departments(slugs: Iterable[Any]) -> list[Department]:
    wanted: list[str] = []
    for item in slugs or []:
        slug = item.slug if isinstance(item, Department) else str(item).strip()
        if slug and slug not in wanted:
            wanted.append(slug)
    found = {d.slug: d for d in Department.objects.filter(slug__in=wanted)}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ValidationError({"departments": [f"No department with slug {', '.join(missing)}."]})
    center = [s for s in wanted if found[s].is_contact_center]
    if center:
        raise ValidationError(
            {"departments": ["An insight is routed to the departments the center serves, not to the center itself."]}
        )
    return [found[s] for s in wanted]


def _resolve_evidence(evidence: Iterable[Any]) -> list[tuple[int, str]]:
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
        note = (note or "").strip()
        if len(note) > 500:
            raise ValidationError({"evidence": [f"Row {index + 1}: keep the note to 500 characters."]})
        if contact_id in seen:
            continue
        seen.add(contact_id)
        rows.append((contact_id, note))
    existing = set(Contact.objects.filter(pk__in=seen).values_list("pk", flat=True))
    missing = [str(cid) for cid, _ in rows if cid not in existing]
    if missing:
        raise ValidationError({"evidence": [f"No contact with id {', '.join(missing)}."]})
    return rows


# --- statistics --------------------------------------------------------------------------------


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
    summary = evidence.aggregate(
        count=Count("id"), first=Min("started_at"), last=Max("started_at"), csat=Avg("csat"), sentiment=Avg("sentiment")
    )
    if not summary["count"]:
        return {"evidence_count": 0}
    if window_start is None or window_end is None:
        day = timedelta(days=1)
        first = timezone.localtime(summary["first"]).replace(hour=0, minute=0, second=0, microsecond=0)
        last = timezone.localtime(summary["last"]).replace(hour=0, minute=0, second=0, microsecond=0)
        window_start, window_end = first, last + day
    reason_codes = sorted({code for code in evidence.values_list("reason_code", flat=True) if code})
    in_window = Contact.objects.filter(started_at__gte=window_start, started_at__lt=window_end)
    length = window_end - window_start
    previous = Contact.objects.filter(started_at__gte=window_start - length, started_at__lt=window_start)
    matching_filter = Q(reason_code__in=reason_codes) if reason_codes else Q(pk__in=list(contact_ids))
    window = in_window.aggregate(
        volume=Count("id"),
        matching=Count("id", filter=matching_filter),
        csat=Avg("csat"),
        sentiment=Avg("sentiment"),
    )
    previous_matching = previous.filter(matching_filter).count()
    matching = window["matching"] or 0
    if previous_matching:
        change = (Decimal(matching) - previous_matching) / Decimal(previous_matching)
        trend = "rising" if change > TREND_THRESHOLD else "falling" if change < -TREND_THRESHOLD else "flat"
    else:
        change = None
        trend = "new" if matching else "flat"
    # Each customer's account counted once, however many of their contacts are evidence.
    by_customer: dict[str, Decimal] = {}
    for pk, ref, value in evidence.values_list("pk", "customer_ref", "account_value"):
        if value is not None:
            key = ref or f"contact:{pk}"
            by_customer[key] = max(by_customer.get(key, Decimal(0)), value)
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
        "trend": trend,
        "trend_change": _q(change, "0.0001"),
        "customers": len(by_customer),
        "account_value_total": _q(sum(by_customer.values(), Decimal(0)), "0.01"),
        "currency": settings.CURRENCY,
    }


def _evidence_replace(insight: Insight, rows: list[tuple[int, str]]) -> None:
    insight.evidence.all().delete()
    InsightEvidence.objects.bulk_create(
        [InsightEvidence(insight=insight, contact_id=cid, note=note) for cid, note in rows]
    )


def _statistics_refresh(insight: Insight) -> None:
    issue = insight.emerging_issue
    ids = list(insight.evidence.values_list("contact_id", flat=True))
    insight.statistics = insight_statistics_compute(
        contact_ids=ids,
        window_start=issue.window_start if issue else None,
        window_end=issue.window_end if issue else None,
    )


# --- drafts ------------------------------------------------------------------------------------


@transaction.atomic
def insight_create(
    *,
    author: User,
    title: str,
    summary: str = "",
    category: str = "",
    estimated_value: Decimal | str | None = None,
    value_assumptions: str = "",
    departments: Iterable[Any] = (),
    evidence: Iterable[Any] = (),
    customer_voice: list[str] | None = None,
    currency: str | None = None,
    emerging_issue: EmergingIssue | None = None,
) -> Insight:
    """Create a draft insight with its evidence and statistics; only center staff draft."""
    require(author, Action.DRAFT_INSIGHT)
    now = timezone.now()
    insight = Insight(
        title=_clean_title(title),
        summary=summary or "",
        customer_voice=_clean_voice(customer_voice),
        category=_clean_category(category),
        estimated_value=_clean_value(estimated_value),
        currency=_clean_currency(currency),
        value_assumptions=value_assumptions or "",
        emerging_issue=emerging_issue,
        created_by=author,
        created_at=now,
        updated_at=now,
        status=InsightStatus.DRAFT,
        has_unpublished_changes=True,
    )
    department_list = _resolve_departments(departments)
    rows = _resolve_evidence(evidence)
    insight.full_clean(exclude=["departments", "current_revision"])
    insight.save()
    insight.departments.set(department_list)
    _evidence_replace(insight, rows)
    _statistics_refresh(insight)
    insight.save(update_fields=["statistics"])
    return insight


@transaction.atomic
def insight_update(
    *,
    insight: Insight,
    editor: User,
    title: str = _UNSET,
    summary: str = _UNSET,
    customer_voice: list[str] = _UNSET,
    category: str = _UNSET,
    estimated_value: Decimal | str | None = _UNSET,
    currency: str = _UNSET,
    value_assumptions: str = _UNSET,
    departments: Iterable[Any] = _UNSET,
    evidence: Iterable[Any] = _UNSET,
) -> Insight:
    """Change a draft, or start a new draft revision of a published insight; withdrawn ones stay as they are."""
    require(editor, Action.DRAFT_INSIGHT)
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        raise ValidationError({"status": ["This insight was withdrawn; draft a new one instead."]})
    changed: list[str] = []
    if title is not _UNSET:
        insight.title = _clean_title(title)
        changed.append("title")
    if summary is not _UNSET:
        insight.summary = summary or ""
        changed.append("summary")
    if customer_voice is not _UNSET:
        insight.customer_voice = _clean_voice(customer_voice)
        changed.append("customer_voice")
    if category is not _UNSET:
        insight.category = _clean_category(category)
        changed.append("category")
    if estimated_value is not _UNSET:
        insight.estimated_value = _clean_value(estimated_value)
        changed.append("estimated_value")
    if currency is not _UNSET:
        insight.currency = _clean_currency(currency)
        changed.append("currency")
    if value_assumptions is not _UNSET:
        insight.value_assumptions = value_assumptions or ""
        changed.append("value_assumptions")
    if departments is not _UNSET:
        insight.departments.set(_resolve_departments(departments))
    if evidence is not _UNSET:
        _evidence_replace(insight, _resolve_evidence(evidence))
        _statistics_refresh(insight)
        changed.append("statistics")
    insight.has_unpublished_changes = True
    insight.updated_at = timezone.now()
    insight.full_clean(exclude=["departments", "current_revision"])
    insight.save(update_fields=[*changed, "has_unpublished_changes", "updated_at"])
    return insight


@transaction.atomic
def insight_draft_from_emerging_issue(*, issue: EmergingIssue, author: User) -> Insight:
    """A draft pre-filled from an emerging issue (title, evidence from its sample contacts, statistics);
    the existing draft for the issue when there is one, so a double click makes one draft."""
    require(author, Action.DRAFT_INSIGHT)
    existing = Insight.objects.filter(emerging_issue=issue, status=InsightStatus.DRAFT).order_by("pk").first()
    if existing is not None:
        return existing
    code = issue.reason_code or "uncoded contacts"
    if issue.signal == EmergingIssue.Signal.DISSATISFACTION:
        title = f"Customers contacting us about “{code}” are unusually dissatisfied"
        measure = "dissatisfaction"
    else:
        title = f"Sudden rise in contacts about “{code}”"
        measure = "contacts"
    samples = list(issue.sample_contacts.order_by("started_at", "pk")[:50])
    window = f"{timezone.localtime(issue.window_start):%Y-%m-%d %H:%M} – {timezone.localtime(issue.window_end):%H:%M}"
    summary = (
        f"Between {window} we saw {issue.observed} {measure} about **{code}** where we would expect "
        f"about {issue.expected} (a score of {issue.score} against its own recent baseline).\n\n"
        "What customers are telling us: …\n\nWhat we suggest: …"
    )
    voice = [c.text.strip()[:300] for c in samples if c.text.strip()][:3]
    return insight_create(
        author=author,
        title=title[:200],
        summary=summary,
        customer_voice=voice,
        evidence=[
            {"contact": c.pk, "note": f"Sample from the emerging issue ({c.get_channel_display().lower()})"}
            for c in samples
        ],
        emerging_issue=issue,
    )


# --- publishing --------------------------------------------------------------------------------


def canonical_json(content: dict) -> str:
    """The exact text hashed: sorted keys, compact separators, non-ASCII kept (UTF-8 when encoded)."""
    return core_canonical_json(content).decode("utf-8")


def content_hash(canonical: str) -> str:
    return sha256_hex(canonical.encode("utf-8"))


def _publish_errors(insight: Insight, departments: list[Department], evidence_count: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not evidence_count:
        errors["evidence"] = ["Link at least one contact as evidence before publishing."]
    if not departments:
        errors["departments"] = ["Route the insight to at least one department before publishing."]
    elif any(d.is_contact_center for d in departments):
        errors["departments"] = ["An insight cannot be routed to the contact center itself."]
    if not insight.category:
        errors["category"] = ["Choose the senior-level category the insight serves."]
    if insight.estimated_value is None:
        errors["estimated_value"] = [f"Estimate the value at stake in {settings.CURRENCY}."]
    elif insight.estimated_value < 0:
        errors["estimated_value"] = ["The value at stake cannot be negative."]
    if insight.currency != settings.CURRENCY:
        errors["currency"] = [f"Values are kept in {settings.CURRENCY}; this one is in {insight.currency}."]
    if not insight.value_assumptions.strip():
        errors["value_assumptions"] = ["Say how the value was estimated: the assumptions and the method."]
    return errors


def insight_content(*, insight: Insight, number: int, departments: list[Department]) -> dict:
    """The full content a revision freezes; what departments read and sign."""
    evidence = insight.evidence.select_related("contact").order_by("contact__started_at", "contact_id")
    return {
        "insight_id": insight.pk,
        "revision": number,
        "title": insight.title,
        "summary": insight.summary,
        "customer_voice": list(insight.customer_voice or []),
        "category": insight.category,
        "estimated_value": str(insight.estimated_value),
        "currency": insight.currency,
        "value_assumptions": insight.value_assumptions,
        "statistics": insight.statistics,
        "departments": [{"id": d.pk, "slug": d.slug, "name": d.name} for d in departments],
        "evidence": [
            {
                "contact_id": e.contact_id,
                "note": e.note,
                "channel": e.contact.channel,
                "started_at": e.contact.started_at.isoformat(),
                "reason_code": e.contact.reason_code,
                "csat": e.contact.csat,
                "sentiment": None if e.contact.sentiment is None else str(e.contact.sentiment),
                "text": e.contact.text,
            }
            for e in evidence
        ],
    }


@transaction.atomic
def insight_publish(*, insight: Insight, publisher: User) -> InsightRevision:
    """Freeze the insight as revision n+1 (canonical JSON, SHA-256) and record `insight.published` in the outbox,
    all in one transaction. Publishing an unchanged published insight returns its current revision."""
    require(publisher, Action.PUBLISH_INSIGHT)
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        raise ValidationError({"status": ["This insight was withdrawn and cannot be published again."]})
    previous = insight.current_revision
    if insight.status == InsightStatus.PUBLISHED and not insight.has_unpublished_changes and previous:
        return previous
    departments = list(insight.departments.order_by("slug"))
    errors = _publish_errors(insight, departments, insight.evidence.count())
    if errors:
        raise ValidationError(errors)
    _statistics_refresh(insight)
    number = (insight.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    content = insight_content(insight=insight, number=number, departments=departments)
    canonical = canonical_json(content)
    now = timezone.now()
    revision = InsightRevision.objects.create(
        insight=insight,
        number=number,
        content=content,
        canonical_json=canonical,
        content_hash=content_hash(canonical),
        published_at=now,
        published_by=publisher,
        title=insight.title,
        summary=insight.summary,
        category=insight.category,
        estimated_value=insight.estimated_value,
        currency=insight.currency,
        evidence_count=len(content["evidence"]),
    )
    revision.departments.set(departments)
    insight.status = InsightStatus.PUBLISHED
    insight.has_unpublished_changes = False
    insight.published_at = now
    insight.current_revision = revision
    insight.save(update_fields=["statistics", "status", "has_unpublished_changes", "published_at", "current_revision"])
    outbox_event_record(
        kind=OutboxEvent.Kind.INSIGHT_PUBLISHED,
        insight=insight,
        revision=revision,
        payload={
            "insight_id": insight.pk,
            "revision_id": revision.pk,
            "revision_number": number,
            "content_hash": revision.content_hash,
            "previous_revision_id": previous.pk if previous else None,
            "previous_revision_number": previous.number if previous else None,
            "title": insight.title,
            "summary": insight.summary,
            "category": insight.category,
            "estimated_value": str(insight.estimated_value),
            "currency": insight.currency,
            "departments": [{"id": d.pk, "slug": d.slug, "name": d.name} for d in departments],
            "department_ids": [d.pk for d in departments],
            "department_slugs": [d.slug for d in departments],
            "published_by_id": publisher.pk,
            "published_at": now.isoformat(),
        },
    )
    return revision


@transaction.atomic
def insight_withdraw(*, insight: Insight, lead: User, reason: str = "") -> Insight:
    """Withdraw a published insight (lead only) and record `insight.withdrawn` in the outbox."""
    require(lead, Action.PUBLISH_INSIGHT)
    insight = Insight.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        return insight
    if insight.status != InsightStatus.PUBLISHED or insight.current_revision is None:
        raise ValidationError({"status": ["Only a published insight can be withdrawn; a draft can simply be left."]})
    revision = insight.current_revision
    departments = list(revision.departments.order_by("slug"))
    insight.status = InsightStatus.WITHDRAWN
    insight.updated_at = timezone.now()
    insight.save(update_fields=["status", "updated_at"])
    outbox_event_record(
        kind=OutboxEvent.Kind.INSIGHT_WITHDRAWN,
        insight=insight,
        revision=revision,
        payload={
            "insight_id": insight.pk,
            "revision_id": revision.pk,
            "revision_number": revision.number,
            "content_hash": revision.content_hash,
            "title": revision.title,
            "reason": (reason or "").strip(),
            "departments": [{"id": d.pk, "slug": d.slug, "name": d.name} for d in departments],
            "department_ids": [d.pk for d in departments],
            "department_slugs": [d.slug for d in departments],
            "withdrawn_by_id": lead.pk,
            "withdrawn_at": insight.updated_at.isoformat(),
        },
    )
    return insight
