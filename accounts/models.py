"""Users, departments and the roles people hold in them."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May log in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Department(models.Model):
    """A part of the organisation. Exactly one is the contact center; the others act on its insights."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    is_contact_center = models.BooleanField(default=False)
    executive_sponsor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_departments",
        help_text="The executive unanswered sign-off requests are escalated to.",
    )
    webhook_url = models.URLField(blank=True, db_default="", help_text="Where published insights are POSTed, signed.")
    webhook_secret = models.CharField(
        max_length=128,
        blank=True,
        db_default="",
        help_text="The HMAC-SHA256 key webhooks to this department are signed with.",
    )

    class Meta:
        ordering = ["-is_contact_center", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_contact_center"],
                condition=Q(is_contact_center=True),
                name="department_one_contact_center",
                violation_error_message="There is already a contact-center department; there can be only one.",
            ),
            models.CheckConstraint(
                condition=Q(webhook_url="") | ~Q(webhook_secret=""),
                name="department_webhook_needs_secret",
                violation_error_message="A webhook URL needs a secret to sign with.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ANALYST = "analyst", "Analyst (contact center)"
    LEAD = "lead", "Lead (contact center)"
    MEMBER = "member", "Member"
    SIGNATORY = "signatory", "Signatory"
    EXECUTIVE = "executive", "Executive"
    ADMIN = "admin", "Administrator"


CENTER_ROLES = (Role.ANALYST, Role.LEAD)
DEPARTMENT_ROLES = (Role.MEMBER, Role.SIGNATORY)
ORGANISATION_ROLES = (Role.EXECUTIVE, Role.ADMIN)


class Membership(models.Model):
    """A role a user holds: in a department, or organisation-wide (executive, admin) with no department."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "department", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "role"],
                condition=Q(department__isnull=False),
                name="membership_unique_department_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(department__isnull=True),
                name="membership_unique_organisation_role",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in ORGANISATION_ROLES], department__isnull=True)
                    | (~Q(role__in=[r.value for r in ORGANISATION_ROLES]) & Q(department__isnull=False))
                ),
                name="membership_department_matches_role",
                violation_error_message="Executives and administrators hold their role organisation-wide; "
                "every other role belongs to a department.",
            ),
        ]

    def __str__(self) -> str:
        where = self.department.name if self.department_id else "organisation"
        return f"{self.user} — {self.get_role_display()} ({where})"


class AuditEntry(models.Model):
    """One change an administrator made to people, roles or departments: who, when, what, before and after.

    Append-only: a PostgreSQL trigger refuses UPDATE and DELETE (migration 0004), and TRUNCATE is refused by
    core's `refuse_truncate()`. Users and departments it names are protected from deletion (deactivate instead)."""

    class Action(models.TextChoices):
        USER_INVITED = "user.invited", "Invited"
        INVITATION_RESENT = "user.invitation_resent", "Invitation sent again"
        ROLE_GRANTED = "role.granted", "Role given"
        ROLE_REVOKED = "role.revoked", "Role taken away"
        USER_DEACTIVATED = "user.deactivated", "Deactivated"
        USER_REACTIVATED = "user.reactivated", "Reactivated"

    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", help_text="Who made the change.")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40, choices=Action.choices)
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
        help_text="Whom it was about.",
    )
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["-at", "-id"], name="audit_entry_recent_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.user or ''}".strip()
