"""Demo departments and one login per role (idempotent)."""

from django.conf import settings
from django.db import transaction

from accounts.models import Department, Role, User
from accounts.services import membership_grant

DEPARTMENTS = [
    ("Contact Center", "contact-center", True),
    ("Marketing", "marketing", False),
    ("Sales", "sales", False),
    ("Product Development", "product-development", False),
    ("Billing", "billing", False),
]

PEOPLE = {
    "analyst@demo.local": "Ana Lyst",
    "lead@demo.local": "Lee Adams",
    "exec@demo.local": "Eve Xu",
    "admin@demo.local": "Ada Min",
    "marketing.signatory@demo.local": "Mara Keting",
    "marketing.member@demo.local": "Mo Market",
    "sales.signatory@demo.local": "Sal Esposito",
    "sales.member@demo.local": "Sam Seller",
    "product-development.signatory@demo.local": "Priya Devan",
    "product-development.member@demo.local": "Pat Builder",
    "billing.signatory@demo.local": "Bill Ingram",
    "billing.member@demo.local": "Bea Ledger",
}


def _user(email: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": PEOPLE[email]})
    if created or not user.check_password(settings.DEMO_PASSWORD):
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_accounts() -> list[tuple[str, str]]:
    """Create the demo departments and people; returns (login, what they do) pairs to print."""
    departments = {}
    for name, slug, is_center in DEPARTMENTS:
        departments[slug], _ = Department.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_contact_center": is_center}
        )
    center = departments["contact-center"]
    executive = _user("exec@demo.local")
    membership_grant(user=_user("analyst@demo.local"), role=Role.ANALYST, department=center)
    membership_grant(user=_user("lead@demo.local"), role=Role.LEAD, department=center)
    membership_grant(user=executive, role=Role.EXECUTIVE)
    admin = _user("admin@demo.local")
    membership_grant(user=admin, role=Role.ADMIN)
    if not admin.is_staff or not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    logins = [
        ("analyst@demo.local", "contact-center analyst: imports contacts, drafts insights"),
        ("lead@demo.local", "contact-center lead: publishes insights, records outcomes"),
        ("exec@demo.local", "executive: reads the dashboard (sponsor of every department)"),
        ("admin@demo.local", "administrator: users and departments (also /admin/)"),
    ]
    for slug, department in departments.items():
        if department.is_contact_center:
            continue
        Department.objects.filter(pk=department.pk).update(executive_sponsor=executive)
        membership_grant(user=_user(f"{slug}.signatory@demo.local"), role=Role.SIGNATORY, department=department)
        membership_grant(user=_user(f"{slug}.member@demo.local"), role=Role.MEMBER, department=department)
        logins.append((f"{slug}.signatory@demo.local", f"{department.name} signatory"))
        logins.append((f"{slug}.member@demo.local", f"{department.name} member"))
    return logins


def demo_is_seeded() -> bool:
    """True outside production mode once the demo's people exist: the login page then introduces them."""
    return not settings.PRODUCTION_MODE and User.objects.filter(email="admin@demo.local").exists()
