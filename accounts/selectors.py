"""Reads for users and departments."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import AuditEntry, Department, Membership, Role, User


def department_list() -> QuerySet[Department]:
    return Department.objects.select_related("executive_sponsor").order_by("-is_contact_center", "name")


def contact_center() -> Department | None:
    return Department.objects.filter(is_contact_center=True).first()


def department_members(*, department: Department, roles: list[str] | None = None) -> QuerySet[User]:
    """Active users holding any of `roles` (every role when None) in `department`."""
    memberships = Membership.objects.filter(department=department)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return User.objects.filter(is_active=True, memberships__in=memberships).distinct()


def user_memberships(*, user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("department").order_by("department__name", "role"))


def api_tokens_of(*, user: User) -> QuerySet[AuthToken]:
    """`user`'s API tokens that still work, newest first."""
    alive = Q(expiry__isnull=True) | Q(expiry__gt=timezone.now())
    return AuthToken.objects.filter(alive, user=user).order_by("-created")


# --- Administration (issue 18) -----------------------------------------------------------------------------------


def people_list(*, department: Department | None = None, role: str | None = None) -> QuerySet[User]:
    """Everyone, active first, with their roles loaded (one more query however many people)."""
    people = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("department").order_by("role"))
    ).order_by("-is_active", "full_name", "email")
    if department is not None:
        people = people.filter(memberships__department=department)
    if role:
        people = people.filter(memberships__role=role)
    return people.distinct() if department is not None or role else people


def who_signs_for_whom() -> list[tuple[Department, list[User], User | None]]:
    """Each department the center serves, with the active people who sign for it and its executive sponsor."""
    signatories = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Role.SIGNATORY, user__is_active=True).select_related("user"),
        to_attr="signing",
    )
    departments = department_list().filter(is_contact_center=False).prefetch_related(signatories)
    return [(d, [m.user for m in d.signing], d.executive_sponsor) for d in departments]


def audit_entries() -> QuerySet[AuditEntry]:
    """The audit log, newest first, with who did it and to whom."""
    return AuditEntry.objects.select_related("actor", "user", "department").order_by("-at", "-id")
