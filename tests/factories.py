"""factory_boy factories shared by the whole suite."""

import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import Department, Membership, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-0")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    is_contact_center = False


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = Role.MEMBER


TEST_PASSWORD = "pw-for-tests-0"  # noqa: S105
assert settings  # settings must be configured before factories are used


class ContactFactory(factory.django.DjangoModelFactory):
    """A handled call; override any field."""

    class Meta:
        model = "insights.Contact"

    source = "test"
    external_id = factory.Sequence(lambda n: f"contact-{n}")
    channel = "call"
    started_at = factory.LazyFunction(timezone.now)
    queue = "general"
    wait_seconds = 10
    handle_seconds = 300
    abandoned = False
    reason_code = "general_question"


# --- insights (issue 5) ------------------------------------------------------------------------
from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from insights.models import Category, Contact, Insight, InsightEvidence, InsightStatus  # noqa: E402


class EvidenceContactFactory(factory.django.DjangoModelFactory):
    """An unhappy, valuable customer's call: evidence material for insights."""

    class Meta:
        model = Contact

    source = "tests"
    external_id = factory.Sequence(lambda n: f"c-{n}")
    channel = "call"
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    wait_seconds = 30
    handle_seconds = 300
    reason_code = "billing-dispute"
    csat = 2
    sentiment = Decimal("-0.400")
    text = "I was charged twice for the same month."
    customer_ref = factory.Sequence(lambda n: f"cust-{n}")
    account_value = Decimal("1200.00")


class InsightFactory(factory.django.DjangoModelFactory):
    """A draft insight ready to publish: pass departments=[...] and evidence=[contacts] to link them."""

    class Meta:
        model = Insight
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Customers are charged twice ({n})")
    summary = "Customers tell us they are **charged twice** after changing plans."
    category = Category.FINANCIAL_GROWTH
    estimated_value = Decimal("125000.00")
    currency = factory.LazyFunction(lambda: settings.CURRENCY)
    value_assumptions = "2,000 affected accounts a year × 5% churn avoided × 1,250 average annual revenue."
    status = InsightStatus.DRAFT
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.departments.set(extracted)

    @factory.post_generation
    def evidence(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            InsightEvidence.objects.bulk_create(
                InsightEvidence(insight=obj, contact=c, note="Evidence from the factory") for c in extracted
            )


# --- Insights and revisions (added by issue 6 for sign-off tests; absent before) -------------------------
import hashlib as _hashlib  # noqa: E402
import json as _json  # noqa: E402

from insights.models import Insight, InsightRevision  # noqa: E402


def canonical_content_hash(content: dict) -> tuple[str, str]:
    """(canonical_json, sha256) of content: sorted keys, no spaces, UTF-8."""
    canonical = _json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, _hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class PublishedInsightFactory(factory.django.DjangoModelFactory):
    """A published insight with no evidence, for sign-off and ledger tests that need only its revision."""

    class Meta:
        model = Insight

    title = factory.Sequence(lambda n: f"Insight {n}")
    summary = "Customers call twice about the same bill."
    status = "published"
    created_by = factory.SubFactory(UserFactory)


class InsightRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsightRevision

    insight = factory.SubFactory(PublishedInsightFactory)
    number = factory.Sequence(lambda n: n + 1)
    content = factory.LazyAttribute(lambda o: {"title": o.insight.title, "summary": o.insight.summary})
    canonical_json = factory.LazyAttribute(lambda o: canonical_content_hash(o.content)[0])
    content_hash = factory.LazyAttribute(lambda o: canonical_content_hash(o.content)[1])
    published_by = factory.LazyAttribute(lambda o: o.insight.created_by)


def exec_credit(
    *, department, account="center:secured", amount="100.00", day=None, category="financial_growth", insight=None
):
    """A balanced reclassification-style credit to the center and its rollups, written straight to the models
    (stand-in for issue 7's posting service, for the executive tests)."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction

    from attribution.models import LedgerTransaction

    day = day or dt.date(2026, 11, 15)
    month = day.replace(day=1)
    amount = Decimal(amount)
    with transaction.atomic():  # the database checks each transaction balances at commit
        return _exec_credit_lines(
            LedgerTransaction.objects.create(kind="reclassification", effective_on=day),
            account,
            amount,
            department,
            insight,
            category,
            month,
        )


def _exec_credit_lines(txn, account, amount, department, insight, category, month):
    from attribution.models import LedgerBalance, LedgerEntry

    lines = [("value_realised:new_revenue", -amount), (account, amount)]
    for acct, amt in lines:
        LedgerEntry.objects.create(
            transaction=txn,
            account=acct,
            amount=amt,
            currency=settings.CURRENCY,
            department=department,
            insight=insight,
            category=category,
            outcome_kind="new_revenue",
            month=month,
        )
        bal, _ = LedgerBalance.objects.get_or_create(
            month=month,
            account=acct,
            department=department,
            category=category,
            insight_key=insight.pk if insight else 0,
            currency=settings.CURRENCY,
        )
        bal.amount += amt
        bal.entry_count += 1
        bal.save()
    return txn


def exec_signoff_request(*, department, status="pending", days=None, created=None):
    """A published insight and one sign-off request to `department` (straight to the models)."""
    import datetime as dt

    from django.utils import timezone

    from attribution.models import SignoffRequest
    from insights.models import Insight, InsightRevision

    author = UserFactory()
    created = created or timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    insight = Insight.objects.create(
        title="Customers cannot find the refund form",
        category="financial_growth",
        status="published",
        created_by=author,
        published_at=created,
    )
    revision = InsightRevision.objects.create(
        insight=insight,
        number=1,
        content={},
        canonical_json="{}",
        content_hash="0" * 64,
        published_by=author,
        published_at=created,
    )
    return SignoffRequest.objects.create(
        insight=insight,
        revision=revision,
        department=department,
        status=status,
        created_at=created,
        due_on=(created + dt.timedelta(days=14)).date(),
        answered_at=created + dt.timedelta(days=days) if days is not None else None,
    )


# ---- ledger tests (issue 7): insights, revisions and sign-off rows made directly


def _hex(n: int) -> str:
    import hashlib

    return hashlib.sha256(str(n).encode()).hexdigest()


class LedgerInsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "insights.Insight"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Insight {n}")
    category = "financial_growth"
    status = "published"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.departments.set(extracted)


class LedgerInsightRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "insights.InsightRevision"

    insight = factory.SubFactory(LedgerInsightFactory)
    number = factory.Sequence(lambda n: n + 1)
    content = factory.LazyAttribute(lambda o: {"title": o.insight.title})
    canonical_json = "{}"
    content_hash = factory.Sequence(_hex)
    published_by = factory.SelfAttribute("insight.created_by")


class CreditAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attribution.CreditAgreement"

    department = None
    version = factory.Sequence(lambda n: n + 1)
    terms = "The department credits the center."
    terms_hash = factory.Sequence(_hex)
    share = "0.2000"


class SignoffRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attribution.SignoffRequest"

    revision = factory.SubFactory(LedgerInsightRevisionFactory)
    insight = factory.SelfAttribute("revision.insight")
    department = factory.SubFactory(DepartmentFactory)
    due_on = factory.Faker("future_date")


class SignoffRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "attribution.SignoffRecord"

    kind = "signature"
    request = factory.SubFactory(SignoffRequestFactory)
    revision = factory.SelfAttribute("request.revision")
    content_hash = factory.Sequence(_hex)
    department = factory.SelfAttribute("request.department")
    signer = factory.SubFactory(UserFactory)
    agreement = factory.SubFactory(CreditAgreementFactory)
    terms_text = "terms"
    terms_hash = factory.Sequence(lambda n: _hex(n + 10**6))
    credit_share = "0.2000"
    reason = factory.LazyAttribute(lambda o: "We disagree." if o.kind == "decline" else "")
    sequence = factory.Sequence(lambda n: n + 1)
    previous_hash = "0" * 64
    record_hash = factory.Sequence(lambda n: _hex(n + 2 * 10**6))


# --- contacts through the real import (the daily metrics rollup comes with them) ----------------
import csv  # noqa: E402
import itertools  # noqa: E402

_import_files = itertools.count()


def contacts_imported(directory, *contacts: dict, source: str = "test", copy: bool | None = None):
    """Import contacts, given as dicts of interchange columns (values as in a file, or dates and datetimes),
    through `contacts_import` as a file would arrive (`copy=False`: batched inserts instead of COPY);
    returns the finished job."""
    from insights.services.imports import COLUMNS, contacts_import

    path = directory / f"contacts-{next(_import_files)}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for n, contact in enumerate(contacts):
            row = {"external_id": f"{path.stem}-{n}", "channel": "call", **contact}
            writer.writerow({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()})
    return contacts_import(path=path, source=source, copy=copy)
