"""The demo data, seeded once per test module inside a transaction that is rolled back, and every URL of the
project with real ids from it: the ground the hostile-input and schema tests walk over."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import models, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.demo import seed_accounts
from accounts.models import User
from attribution.demo_ledger import seed_ledger
from attribution.demo_signoffs import seed_signoffs
from attribution.models import ActionCommitment, LedgerTransaction, Outcome, SignoffRecord, SignoffRequest
from core.models import DemoMail
from education.demo import seed_education
from education.models import ListenInSession, QuizGame, QuizQuestion
from insights.demo import seed_contacts
from insights.demo_insights import seed_insights
from insights.models import EmergingIssue, ImportJob, Insight

# Which model a URL's id names, by the URL name's first words (the longest match wins).
MODEL_OF_URL: dict[str, type[models.Model]] = {
    "api-import": ImportJob,
    "import-job": ImportJob,
    "api-emerging-issue": EmergingIssue,
    "insight-from-emerging-issue": EmergingIssue,
    "api-quiz-next-question": QuizGame,
    "api-quiz-answer": QuizQuestion,
    "quiz": QuizGame,
    "api-listen-in": ListenInSession,
    "listen-in": ListenInSession,
    "api-signoff-request": SignoffRequest,
    "api-signoff-sign": SignoffRequest,
    "api-signoff-pinky-swear": SignoffRequest,
    "api-signoff-decline": SignoffRequest,
    "api-signoff-actions": SignoffRequest,
    "signoff-sign": SignoffRequest,
    "signoff-action-commit": SignoffRequest,
    "signoff-decline": SignoffRequest,
    "api-signoff-record": SignoffRecord,
    "api-signoff-pdf": SignoffRecord,
    "signoff-certificate": SignoffRecord,
    "api-action-status": ActionCommitment,
    "action-status": ActionCommitment,
    "api-outcome-reverse": Outcome,
    "outcome-detail": Outcome,
    "outcome-reverse": Outcome,
    "ledger-transaction": LedgerTransaction,
    "api-person": User,
    "demo-mail-detail": DemoMail,
}
ROLE_LOGINS = {
    "lead": "lead@demo.local",
    "member": "marketing.member@demo.local",
    "executive": "exec@demo.local",
    "signatory": "marketing.signatory@demo.local",
    "analyst": "analyst@demo.local",
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    path: str  # with real ids filled in
    kwargs: dict

    @property
    def openapi_path(self) -> str:
        """The path as the schema spells it: `/api/insights/{insight_id}/`, `{id}` for a `pk`."""
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{" + ("id" if m[1] == "pk" else m[1]) + "}", self.pattern)

    @property
    def openapi_kwargs(self) -> dict:
        return {("id" if key == "pk" else key): value for key, value in self.kwargs.items()}


def demo_seed() -> None:
    """What `seed_demo` does, with fewer contacts so a test module pays seconds, not a minute."""
    seed_accounts()
    seed_contacts(count=4_000)
    seed_insights()
    seed_education()
    seed_signoffs()
    seed_ledger()


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker) -> Iterator[dict[str, User]]:
    """The demo data for this module's tests; yields the demo user of each role."""
    # The suite hashes passwords with MD5 (tests/conftest.py); seed with it too, so the demo logins work.
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        demo_seed()
        yield {role: User.objects.get(email=email) for role, email in ROLE_LOGINS.items()}
        transaction.set_rollback(True)


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _model_for(name: str) -> type[models.Model] | None:
    prefixes = sorted((p for p in MODEL_OF_URL if name.startswith(p)), key=len, reverse=True)
    return MODEL_OF_URL[prefixes[0]] if prefixes else None


def _first_pk(model: type[models.Model] | None) -> int:
    obj = model.objects.order_by("pk").first() if model else None
    return obj.pk if obj else 1


def _kwargs_for(name: str, pattern: URLPattern) -> dict:
    today = dt.date.today()
    kwargs = {}
    for key in pattern.pattern.regex.groupindex:
        if key in {"pk", "insight_id", "issue_id"}:
            model = Insight if key == "insight_id" else EmergingIssue if key == "issue_id" else _model_for(name)
            kwargs[key] = _first_pk(model)
        elif key == "user_id":
            kwargs[key] = _first_pk(User)
        elif key == "change":
            kwargs[key] = "resend-invitation"
        elif key == "uidb64":
            kwargs[key] = "MQ"  # user 1, base64: the link's token is checked before anything is shown
        elif key == "question_id":
            kwargs[key] = _first_pk(QuizQuestion)
        elif key == "token":
            session = ListenInSession.objects.first()
            kwargs[key] = session.response_token if session else "x"
        elif key == "year":
            kwargs[key] = today.year
        elif key == "quarter":
            kwargs[key] = (today.month - 1) // 3 + 1
        elif key == "token_id":  # the stored digest of an API token: a well-formed one nobody holds
            kwargs[key] = "0" * 128
        elif key == "table":
            kwargs[key] = "ledger"
        elif key == "fmt":
            kwargs[key] = "csv"
        elif key == "month":  # an accounting month that has ended
            kwargs[key] = f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}"
        else:
            raise AssertionError(f"{name}: no demo value for the URL argument {key!r}")
    return kwargs


def routes() -> list[Route]:
    """Every URL of the project but the admin and logout, with real ids from the demo data."""
    from django.urls import reverse

    found = []
    for pattern_text, pattern in _walk(get_resolver().url_patterns):
        if pattern_text.startswith("admin/") or pattern.name in {None, "logout"}:
            continue
        kwargs = _kwargs_for(pattern.name, pattern)
        found.append(Route(pattern.name, pattern_text, reverse(pattern.name, kwargs=kwargs), kwargs))
    return found
