"""Writes for users, departments and memberships."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from knox.models import AuthToken

from accounts.models import CENTER_ROLES, DEPARTMENT_ROLES, ORGANISATION_ROLES, Department, Membership, Role, User
from accounts.policy import forget_grants
from core.errors import NotFound


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    """Create a user who logs in with `email`; e-mails are unique regardless of case."""
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": ["A user with this e-mail address already exists."]})
    user = User(email=email, full_name=(full_name or "").strip())
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def department_create(
    *, name: str, slug: str | None = None, is_contact_center: bool = False, executive_sponsor: User | None = None
) -> Department:
    """Create a department; there can be only one contact center."""
    department = Department(
        name=(name or "").strip(),
        slug=slug or slugify(name or ""),
        is_contact_center=is_contact_center,
        executive_sponsor=executive_sponsor,
    )
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def membership_grant(*, user: User, role: str, department: Department | None = None) -> Membership:
    """Give `user` a role; center roles need the contact center, department roles another department."""
    role = Role(role)
    if role in ORGANISATION_ROLES:
        if department is not None:
            raise ValidationError({"department": [f"The {role.label} role is organisation-wide; give no department."]})
    elif department is None:
        raise ValidationError({"department": [f"The {role.label} role needs a department."]})
    elif role in CENTER_ROLES and not department.is_contact_center:
        raise ValidationError({"department": [f"{role.label} is a contact-center role; {department} is not it."]})
    elif role in DEPARTMENT_ROLES and department.is_contact_center:
        raise ValidationError({"department": [f"{role.label} is for the departments the center serves."]})
    membership, _ = Membership.objects.get_or_create(user=user, department=department, role=role)
    forget_grants(user)
    return membership


@transaction.atomic
def membership_revoke(*, user: User, role: str, department: Department | None = None) -> int:
    """Take a role away; returns how many memberships were removed (0 when the user did not hold it)."""
    deleted, _ = Membership.objects.filter(user=user, department=department, role=role).delete()
    forget_grants(user)
    return deleted


def api_token_create(*, user: User) -> tuple[AuthToken, str]:
    """Issue a token expiring after API_TOKEN_TTL_HOURS; only its digest is stored, the key is returned once."""
    return AuthToken.objects.create(user=user, expiry=timedelta(hours=settings.API_TOKEN_TTL_HOURS))


@transaction.atomic
def api_token_revoke(*, user: User, token_id: str) -> None:
    """Delete one of `user`'s own tokens; someone else's token is as unknown as a missing one."""
    deleted, _ = AuthToken.objects.filter(user=user, digest=token_id).delete()
    if not deleted:
        raise NotFound("No such token among yours.", field="id")


def api_tokens_revoke(*, user: User) -> int:
    """Delete every API token `user` holds (a changed password ends them all); returns how many."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
