"""Reads for users and departments."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Department, Membership, User


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
