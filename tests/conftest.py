"""Fixtures shared by the whole suite: an organisation with one person per role."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Department, Role, User
from accounts.services import membership_grant
from tests.accounts.factories import DepartmentFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The append-only tables refuse TRUNCATE unless the database allows it; only the test database does,
    so Django can flush it after transactional tests (tests that prove the refusal lift this locally)."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} SET centerstage.allow_truncate = on")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Organisation:
    center: Department
    marketing: Department
    sales: Department
    analyst: User
    lead: User
    executive: User
    admin: User
    marketing_signatory: User
    marketing_member: User
    sales_signatory: User
    sales_member: User
    outsider: User  # signed in, no role anywhere

    def by_role(self) -> dict[str, User]:
        return {
            "analyst": self.analyst,
            "lead": self.lead,
            "executive": self.executive,
            "admin": self.admin,
            "signatory": self.marketing_signatory,
            "member": self.marketing_member,
            "outsider": self.outsider,
        }


@pytest.fixture
def org(db) -> Organisation:
    center = DepartmentFactory(name="Contact Center", slug="contact-center", is_contact_center=True)
    marketing = DepartmentFactory(name="Marketing", slug="marketing")
    sales = DepartmentFactory(name="Sales", slug="sales")

    def person(email: str, role: str | None, department: Department | None = None) -> User:
        user = UserFactory(email=email)
        if role:
            membership_grant(user=user, role=role, department=department)
        return user

    executive = person("exec@example.test", Role.EXECUTIVE)
    marketing.executive_sponsor = executive
    marketing.save(update_fields=["executive_sponsor"])
    sales.executive_sponsor = executive
    sales.save(update_fields=["executive_sponsor"])
    return Organisation(
        center=center,
        marketing=marketing,
        sales=sales,
        analyst=person("analyst@example.test", Role.ANALYST, center),
        lead=person("lead@example.test", Role.LEAD, center),
        executive=executive,
        admin=person("admin@example.test", Role.ADMIN),
        marketing_signatory=person("m.signatory@example.test", Role.SIGNATORY, marketing),
        marketing_member=person("m.member@example.test", Role.MEMBER, marketing),
        sales_signatory=person("s.signatory@example.test", Role.SIGNATORY, sales),
        sales_member=person("s.member@example.test", Role.MEMBER, sales),
        outsider=person("outsider@example.test", None),
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api):
    """api_as(user) -> an APIClient authenticated as that user."""

    def _as(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return _as


@pytest.fixture(autouse=True)
def _celery_eager_by_default():
    """Tasks run in-process unless a test asks for a real worker (the `live_worker` fixture)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def live_worker(transactional_db):
    """A real Celery worker, in a thread, consuming from the Redis broker the settings name."""
    import os

    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    if not app.conf.broker_url or not app.conf.broker_url.startswith("redis://"):
        if os.environ.get("CI"):
            pytest.fail("CELERY_BROKER_URL must point at Redis in CI")
        pytest.skip("needs CELERY_BROKER_URL=redis://…")
    app.conf.task_always_eager = False
    # Drop anything an earlier, interrupted run left in the queue.
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


# Shared browser fixtures (headless Chromium through Playwright); see tests/browser.py.
from tests.browser import browser_page, chromium  # noqa: E402,F401
