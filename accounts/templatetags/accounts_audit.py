"""An audit entry's before/after state in words: one line per thing recorded."""

from django import template

from accounts.models import Role

register = template.Library()

LABELS = {"email": "E-mail", "full_name": "Name"}


def _role(held: dict) -> str:
    label = Role(held["role"]).label if held.get("role") in Role.values else str(held.get("role"))
    return f"{label} in {held['department']}" if held.get("department") else label


@register.simple_tag
def audit_state_lines(state: dict) -> list[str]:
    """['Roles: Signatory in Marketing', 'Active: no', ...] for one before/after dict."""
    lines = []
    for key, value in (state or {}).items():
        if key == "roles":
            lines.append("Roles: " + (", ".join(_role(r) for r in value) or "none"))
        elif key == "is_active":
            lines.append(f"Active: {'yes' if value else 'no'}")
        else:
            lines.append(f"{LABELS.get(key, key.replace('_', ' ').capitalize())}: {value}")
    return lines
