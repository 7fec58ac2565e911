"""Reads of recommendations and the executives' answers to them."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from attribution.models import Recommendation, RecommendationDecision


def recommendations_with_decisions() -> QuerySet[Recommendation]:
    """Every recommendation, newest first, with its answers (newest first) and who gave them: two queries."""
    decisions = RecommendationDecision.objects.select_related("decided_by").order_by("-decided_at", "-id")
    return Recommendation.objects.select_related("created_by").prefetch_related(
        Prefetch("decisions", queryset=decisions)
    )


def recommendation_status(recommendation: Recommendation) -> tuple[str, RecommendationDecision | None]:
    """("awaiting" | "approve" | "decline" | "more", the latest answer) from the prefetched answers."""
    decisions = list(recommendation.decisions.all())
    latest = decisions[0] if decisions else None
    return (latest.answer if latest else "awaiting"), latest


@dataclass(frozen=True)
class RecommendationFigure:
    """One recommendation as the executive view lists it, with its latest answer (None: awaiting one)."""

    id: int
    title: str
    investment: str
    category: str
    expected_value: Decimal
    currency: str
    case: str
    status: str  # awaiting, approve, decline, more
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str


def recommendation_figures() -> tuple[RecommendationFigure, ...]:
    """Awaiting an answer (or asked for more) first, then approved and declined; two queries."""
    figures = []
    for rec in recommendations_with_decisions():
        status, latest = recommendation_status(rec)
        figures.append(
            RecommendationFigure(
                id=rec.pk,
                title=rec.title,
                investment=rec.get_investment_display(),
                category=rec.category,
                expected_value=rec.expected_value,
                currency=rec.currency,
                case=rec.case,
                status=status,
                decided_by=str(latest.decided_by) if latest else None,
                decided_at=latest.decided_at if latest else None,
                reason=latest.reason if latest else "",
            )
        )
    order = {"awaiting": 0, "more": 1, "approve": 2, "decline": 3}
    return tuple(sorted(figures, key=lambda f: order[f.status]))
