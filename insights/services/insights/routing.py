"""Which departments an insight is routed to: the departments the center serves, never the center itself."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from accounts.models import Department


def departments_resolve(slugs: Iterable[str | Department]) -> list[Department]:
    """The departments named by slug (or given), in the order given, once each; refuses unknown slugs and the center."""
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


def departments_publish_errors(departments: list[Department]) -> list[str]:
    """Why these departments cannot receive a published insight (none, or the center among them)."""
    if not departments:
        return ["Route the insight to at least one department before publishing."]
    if any(d.is_contact_center for d in departments):
        return ["An insight cannot be routed to the contact center itself."]
    return []


def departments_payload(departments: Iterable[Department]) -> list[dict]:
    """The departments as frozen in a revision and sent in events: id, slug and name."""
    return [{"id": d.pk, "slug": d.slug, "name": d.name} for d in departments]
