"""The roles one user holds, read once and cached on the user: what `accounts.policy`'s rules are asked about.

Only `accounts` reads these (ruff's banned-API rule): everything else asks `accounts.policy` a named question.
"""

from dataclasses import dataclass

from accounts.models import Department, Membership, Role, User


@dataclass(frozen=True)
class Grants:
    """The roles one user holds, loaded once per request or service call."""

    organisation: frozenset[str]
    by_department: dict[int, frozenset[str]]
    center_id: int | None

    def in_department(self, department_id: int | None, *roles: str) -> bool:
        if department_id is None:
            return False
        held = self.by_department.get(department_id, frozenset())
        return bool(held.intersection(roles))

    def in_center(self, *roles: str) -> bool:
        return self.in_department(self.center_id, *roles)

    @property
    def is_executive(self) -> bool:
        return Role.EXECUTIVE in self.organisation

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.organisation

    def departments(self, *roles: str) -> set[int]:
        """Ids of the departments where the user holds any of `roles` (any role when none given)."""
        return {d for d, held in self.by_department.items() if not roles or held.intersection(roles)}


def grants_for(user: User) -> Grants:
    """The user's roles, cached on the user object for the life of the request."""
    cached = getattr(user, "_center_stage_grants", None)
    if cached is not None:
        return cached
    organisation: set[str] = set()
    by_department: dict[int, set[str]] = {}
    center_id = None
    if user is not None and user.is_authenticated and user.is_active:
        rows = Membership.objects.filter(user=user).values_list(
            "department_id", "role", "department__is_contact_center"
        )
        for department_id, role, is_center in rows:
            if department_id is None:
                organisation.add(role)
            else:
                by_department.setdefault(department_id, set()).add(role)
                if is_center:
                    center_id = department_id
        if center_id is None:
            center_id = Department.objects.filter(is_contact_center=True).values_list("id", flat=True).first()
    grants = Grants(
        organisation=frozenset(organisation),
        by_department={k: frozenset(v) for k, v in by_department.items()},
        center_id=center_id,
    )
    if user is not None:
        user._center_stage_grants = grants
    return grants


def forget_grants(user: User) -> None:
    """Drop the cached roles (after memberships change within one request or test)."""
    if hasattr(user, "_center_stage_grants"):
        del user._center_stage_grants
