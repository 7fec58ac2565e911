"""Drafting insights: a new draft, changes to a draft (or a new draft revision of a published one), and a draft
pre-filled from an emerging issue."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import Action, require
from core import formats
from core.typed_text import scrub, scrub_all
from insights.models import Category, EmergingIssue, Insight, InsightStatus
from insights.services.insights.evidence import evidence_replace, evidence_resolve, statistics_refresh
from insights.services.insights.routing import routes_resolve, routes_set

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
    "routing",
    "evidence",
)


def _clean_title(title: str) -> str:
    title = scrub((title or "").strip())
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
    return scrub_all(v.strip() for v in voice if v.strip())


@transaction.atomic
def insight_create(
    *,
    author: User,
    title: str,
    summary: str = "",
    category: str = "",
    estimated_value: Decimal | None = None,
    value_assumptions: str = "",
    departments: Iterable[str | Department] = (),
    routing: Iterable[Mapping] = (),
    evidence: Iterable[Any] = (),
    customer_voice: list[str] | None = None,
    currency: str | None = None,
    emerging_issue: EmergingIssue | None = None,
) -> Insight:
    """Create a draft insight with its evidence and statistics; only center staff draft.

    `estimated_value` arrives parsed (`core.money`, at the API or the page); the model's constraint keeps it
    non-negative. `routing` gives departments with the reason each is routed for; `departments`, without one."""
    require(author, Action.DRAFT_INSIGHT)
    now = timezone.now()
    insight = Insight(
        title=_clean_title(title),
        summary=scrub(summary),
        customer_voice=_clean_voice(customer_voice),
        category=_clean_category(category),
        estimated_value=estimated_value,
        currency=_clean_currency(currency),
        value_assumptions=scrub(value_assumptions),
        emerging_issue=emerging_issue,
        created_by=author,
        created_at=now,
        updated_at=now,
        status=InsightStatus.DRAFT,
        has_unpublished_changes=True,
    )
    routes = routes_resolve(departments=departments, routing=routing)
    rows = evidence_resolve(evidence)
    insight.full_clean(exclude=["departments", "current_revision"])
    insight.save()
    routes_set(insight, routes)
    evidence_replace(insight, rows)
    statistics_refresh(insight)
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
    estimated_value: Decimal | None = _UNSET,
    currency: str = _UNSET,
    value_assumptions: str = _UNSET,
    departments: Iterable[str | Department] = _UNSET,
    routing: Iterable[Mapping] = _UNSET,
    evidence: Iterable[Any] = _UNSET,
) -> Insight:
    """Change a draft, or start a new draft revision of a published insight; withdrawn ones stay as they are.

    Given `departments` and/or `routing`, the insight is routed to the departments of both (a department kept
    keeps its reason unless `routing` gives one)."""
    require(editor, Action.DRAFT_INSIGHT)
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        raise ValidationError({"status": ["This insight was withdrawn; draft a new one instead."]})
    changed: list[str] = []
    if title is not _UNSET:
        insight.title = _clean_title(title)
        changed.append("title")
    if summary is not _UNSET:
        insight.summary = scrub(summary)
        changed.append("summary")
    if customer_voice is not _UNSET:
        insight.customer_voice = _clean_voice(customer_voice)
        changed.append("customer_voice")
    if category is not _UNSET:
        insight.category = _clean_category(category)
        changed.append("category")
    if estimated_value is not _UNSET:
        insight.estimated_value = estimated_value  # parsed at the edge
        changed.append("estimated_value")
    if currency is not _UNSET:
        insight.currency = _clean_currency(currency)
        changed.append("currency")
    if value_assumptions is not _UNSET:
        insight.value_assumptions = scrub(value_assumptions)
        changed.append("value_assumptions")
    if departments is not _UNSET or routing is not _UNSET:
        routes = routes_resolve(
            departments=() if departments is _UNSET else departments, routing=() if routing is _UNSET else routing
        )
        routes_set(insight, routes)
    if evidence is not _UNSET:
        evidence_replace(insight, evidence_resolve(evidence))
        statistics_refresh(insight)
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
    code = formats.code_label(issue.reason_code) if issue.reason_code else "uncoded contacts"
    if issue.signal == EmergingIssue.Signal.DISSATISFACTION:
        title = f"Customers contacting us about “{code}” are unusually dissatisfied"
        seen = (
            f"{formats.percent(issue.observed)} of the rated contacts about **{code}** were unhappy, where about "
            f"{formats.percent(issue.expected)} would be usual"
        )
    elif issue.signal == EmergingIssue.Signal.ANGER:
        title = f"More angry customers than usual about “{code}”"
        seen = (
            f"{formats.percent(issue.observed)} of the contacts about **{code}** were angry (they swore), where about "
            f"{formats.percent(issue.expected)} would be usual"
        )
    else:
        title = f"Sudden rise in contacts about “{code}”"
        usual = f"about {formats.number(issue.expected, 0)}" if issue.expected >= 1 else "hardly any"
        seen = f"we had {formats.number(issue.observed, 0)} contacts about **{code}**, where {usual} would be usual"
    samples = list(issue.sample_contacts.order_by("started_at", "pk")[:50])
    start, end = timezone.localtime(issue.window_start), timezone.localtime(issue.window_end)
    window = f"{formats.date(start)}, {start:%H:%M}–{end:%H:%M} {formats.time_zone_name(start)}"
    summary = (
        f"On {window}, {seen}: {'far ' if issue.score >= 5 else ''}more than its own recent level.\n\n"
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
