"""Which departments an insight is routed to, and why: the departments the center serves, never the center itself."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import Department
from core.typed_text import scrub
from insights.models import Insight, InsightRouting
from insights.models.insights import ROUTING_REASON_MAX_LENGTH

# A department and the reason it is routed for; None leaves a routed department's reason as it is.
Route = tuple[Department, str | None]


def departments_resolve(slugs: Iterable[str | Department], *, field: str = "departments") -> list[Department]:
    """The departments named by slug (or given), in the order given, once each; refuses unknown slugs and the center."""
    wanted: list[str] = []
    for item in slugs or []:
        slug = item.slug if isinstance(item, Department) else str(item).strip()
        if slug and slug not in wanted:
            wanted.append(slug)
    found = {d.slug: d for d in Department.objects.filter(slug__in=wanted)}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ValidationError({field: [f"No department with slug {', '.join(missing)}."]})
    center = [s for s in wanted if found[s].is_contact_center]
    if center:
        raise ValidationError(
            {field: ["An insight is routed to the departments the center serves, not to the center itself."]}
        )
    return [found[s] for s in wanted]


def _reason_clean(reason: Any) -> str:
    """The reason as typed, trimmed, bounded and redacted of personal data (it is frozen, e-mailed and shown)."""
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise ValidationError({"routing": ["Give each department's routing reason as text."]})
    reason = scrub(reason.strip())
    if len(reason) > ROUTING_REASON_MAX_LENGTH:
        raise ValidationError(
            {"routing": [f"Keep each routing reason to {ROUTING_REASON_MAX_LENGTH} characters or fewer."]}
        )
    return reason


def routes_resolve(*, departments: Iterable[str | Department] = (), routing: Iterable[Mapping] = ()) -> list[Route]:
    """The departments named in `departments` (reason kept, or empty when new) and in `routing` (each a
    `{"department": slug, "reason": text}`, reason as given), in that order, once each; a department in both takes
    the reason from `routing`."""
    items = list(routing or [])
    if not all(isinstance(item, Mapping) and item.get("department") for item in items):
        raise ValidationError({"routing": ['Give each route as {"department": slug, "reason": text}.']})
    reasons = [_reason_clean(item.get("reason")) for item in items]
    given = departments_resolve([item["department"] for item in items], field="routing")
    if len(given) != len(items):
        raise ValidationError({"routing": ["Name each department once in routing."]})
    routes: dict[int, Route] = {d.pk: (d, None) for d in departments_resolve(departments)}
    for department, reason in zip(given, reasons, strict=True):
        routes[department.pk] = (department, reason)
    return list(routes.values())


def routes_set(insight: Insight, routes: list[Route]) -> None:
    """Route `insight` to exactly these departments, with their reasons; callers hold the insight's row lock."""
    keep = {department.pk for department, _ in routes}
    InsightRouting.objects.filter(insight=insight).exclude(department_id__in=keep).delete()
    existing = {row.department_id: row for row in InsightRouting.objects.filter(insight=insight)}
    for department, reason in routes:
        row = existing.get(department.pk)
        if row is None:
            InsightRouting.objects.create(insight=insight, department=department, reason=reason or "")
        elif reason is not None and row.reason != reason:
            row.reason = reason
            row.save(update_fields=["reason"])


def departments_publish_errors(departments: list[Department]) -> list[str]:
    """Why these departments cannot receive a published insight (none, or the center among them)."""
    if not departments:
        return ["Route the insight to at least one department before publishing."]
    if any(d.is_contact_center for d in departments):
        return ["An insight cannot be routed to the contact center itself."]
    return []


def departments_payload(departments: Iterable[Department]) -> list[dict]:
    """The departments as sent in events: id, slug and name."""
    return [{"id": d.pk, "slug": d.slug, "name": d.name} for d in departments]


def routes_payload(routes: Iterable[InsightRouting]) -> list[dict]:
    """The departments as frozen in a revision: id, slug, name and the reason each was routed for."""
    return [{**departments_payload([r.department])[0], "reason": r.reason} for r in routes]
