"""Writes for users, departments and memberships."""

from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from knox.models import AuthToken

from accounts.models import (
    CENTER_ROLES,
    DEPARTMENT_ROLES,
    ORGANISATION_ROLES,
    AuditEntry,
    Department,
    Membership,
    Role,
    User,
)
from accounts.policy import Action, forget_grants, require
from core.errors import DomainError, NotFound


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


# --- Administration inside the product (issue 18): every change an administrator makes is audited ---------------


def _roles_of(user: User) -> list[dict]:
    """The user's roles as the audit log keeps them: plain names, so the entry reads the same years later."""
    return [
        {"role": m.role, "department": m.department.name if m.department_id else None}
        for m in Membership.objects.filter(user=user).select_related("department").order_by("department__name", "role")
    ]


def _audit(*, actor: User, action: str, user: User | None = None, department=None, before=None, after=None):
    return AuditEntry.objects.create(
        actor=actor, action=action, user=user, department=department, before=before or {}, after=after or {}
    )


def invitation_send(*, user: User) -> None:
    """E-mail `user` a link to choose a password (Django's password-reset token: single use, PASSWORD_RESET_TIMEOUT)."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "password-set", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    )
    body = (
        f"Hello {user.get_short_name()},\n\nYou have been invited to Center Stage. Choose your password here "
        f"(the link works once, for {settings.PASSWORD_RESET_TIMEOUT // 86400} days):\n\n{link}\n\n"
        f"Then sign in with this e-mail address: {user.email}\n"
    )
    try:
        send_mail("Your Center Stage account", body, None, [user.email])
    except (OSError, SMTPException) as exc:  # the mail server said no: nothing is kept, the admin can try again
        raise DomainError(f"The invitation could not be e-mailed ({exc}); try again.", field="email") from exc


@transaction.atomic
def user_invite(
    *, by: User, email: str, full_name: str, role: str | None = None, department: Department | None = None
) -> User:
    """Create a user with no password yet, give them a role, e-mail them a set-password link; audited."""
    require(by, Action.MANAGE_USERS)
    user = user_create(email=email, full_name=full_name)
    if role:
        membership_grant(user=user, role=role, department=department)
    elif department is not None:
        raise ValidationError({"role": ["Choose the role they hold in that department."]})
    after = {"email": user.email, "full_name": user.full_name, "roles": _roles_of(user)}
    _audit(actor=by, action=AuditEntry.Action.USER_INVITED, user=user, department=department, after=after)
    invitation_send(user=user)
    return user


@transaction.atomic
def invitation_resend(*, by: User, user: User) -> None:
    """Send the set-password link again to someone who has not chosen a password yet; audited."""
    require(by, Action.MANAGE_USERS)
    if user.has_usable_password():
        raise ValidationError({"user": [f"{user} has already chosen a password."]})
    _audit(actor=by, action=AuditEntry.Action.INVITATION_RESENT, user=user, after={"email": user.email})
    invitation_send(user=user)


@transaction.atomic
def user_role_grant(*, by: User, user: User, role: str, department: Department | None = None) -> AuditEntry | None:
    """Give `user` a role (where it fits, as `membership_grant` checks); audited. None when they held it already."""
    require(by, Action.MANAGE_USERS)
    if not role or role not in Role.values:
        raise ValidationError({"role": ["Choose a role."]})
    before = _roles_of(user)
    membership_grant(user=user, role=role, department=department)
    after = _roles_of(user)
    if after == before:
        return None
    action = AuditEntry.Action.ROLE_GRANTED
    return _audit(
        actor=by, action=action, user=user, department=department, before={"roles": before}, after={"roles": after}
    )


@transaction.atomic
def user_role_revoke(*, by: User, user: User, role: str, department: Department | None = None) -> AuditEntry | None:
    """Take a role away; audited. An administrator cannot take away their own administrator role (lock-out)."""
    require(by, Action.MANAGE_USERS)
    if user.pk == by.pk and role == Role.ADMIN:
        raise ValidationError(
            {"role": ["You cannot take away your own administrator role; ask another administrator."]}
        )
    before = _roles_of(user)
    if not membership_revoke(user=user, role=role, department=department):
        return None
    action = AuditEntry.Action.ROLE_REVOKED
    after = {"roles": _roles_of(user)}
    return _audit(actor=by, action=action, user=user, department=department, before={"roles": before}, after=after)


@transaction.atomic
def user_active_set(*, by: User, user: User, active: bool) -> AuditEntry | None:
    """Deactivate (they can no longer sign in; their API tokens end) or reactivate a user; audited."""
    require(by, Action.MANAGE_USERS)
    if user.pk == by.pk and not active:
        raise ValidationError({"user": ["You cannot deactivate yourself; ask another administrator."]})
    if user.is_active == active:
        return None
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        api_tokens_revoke(user=user)
    forget_grants(user)
    action = AuditEntry.Action.USER_REACTIVATED if active else AuditEntry.Action.USER_DEACTIVATED
    return _audit(actor=by, action=action, user=user, before={"is_active": not active}, after={"is_active": active})
