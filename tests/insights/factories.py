"""Factories for insights: contacts, and insights published through `insight_publish` (never a hand-written
revision or outbox event)."""

import csv
import itertools
from datetime import timedelta
from decimal import Decimal

import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import Role
from accounts.policy import Action, allowed
from insights.models import Category, Contact, Insight, InsightEvidence, InsightStatus
from insights.services.insights import insight_publish
from tests.accounts.factories import DepartmentFactory, UserFactory, person_with_role


class ContactFactory(factory.django.DjangoModelFactory):
    """A handled call; `evidence=True` makes it an unhappy, valuable customer's call (material for insights)."""

    class Meta:
        model = Contact

    class Params:
        evidence = factory.Trait(
            source="tests",
            external_id=factory.Sequence(lambda n: f"c-{n}"),
            started_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2)),
            queue="",
            wait_seconds=30,
            reason_code="billing-dispute",
            csat=2,
            sentiment=Decimal("-0.400"),
            text="I was charged twice for the same month.",
            customer_ref=factory.Sequence(lambda n: f"cust-{n}"),
            account_value=Decimal("1200.00"),
        )

    source = "test"
    external_id = factory.Sequence(lambda n: f"contact-{n}")
    channel = "call"
    started_at = factory.LazyFunction(timezone.now)
    queue = "general"
    wait_seconds = 10
    handle_seconds = 300
    abandoned = False
    reason_code = "general_question"


class InsightFactory(factory.django.DjangoModelFactory):
    """A draft insight: `departments=[...]` routes it and `evidence=[contacts]` links them. `published=True`
    publishes it through `insight_publish` (as `published__publisher=`, else a center lead), routed to a new department
    and with one evidence contact unless given, so its revision and outbox event are the real ones."""

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

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):  # noqa: N805
        if not (create and extracted):
            return
        if not obj.departments.exists():
            obj.departments.set([DepartmentFactory()])
        if not obj.evidence.exists():
            InsightEvidence.objects.create(insight=obj, contact=ContactFactory(evidence=True), note="Evidence")
        publisher = kwargs.get("publisher") or obj.created_by
        if not allowed(publisher, Action.PUBLISH_INSIGHT):
            publisher = person_with_role(Role.LEAD, DepartmentFactory(contact_center=True))
        insight_publish(insight=obj, publisher=publisher)
        obj.refresh_from_db()


def insight_published_as_is(*, insight: Insight, departments, category: str = Category.FINANCIAL_GROWTH) -> None:
    """Publish a bare draft through `insight_publish`, routed to `departments`, filling only what publishing
    requires and the draft lacks (evidence, category, estimated value, assumptions)."""
    fields = {
        "category": insight.category or category,
        "estimated_value": insight.estimated_value if insight.estimated_value is not None else Decimal("0.00"),
        "value_assumptions": insight.value_assumptions or "Estimated by the tests.",
    }
    Insight.objects.filter(pk=insight.pk).update(**fields)
    insight.departments.set(departments)
    if not insight.evidence.exists():
        InsightEvidence.objects.create(insight=insight, contact=ContactFactory(evidence=True), note="Evidence")
    insight_publish(insight=insight, publisher=person_with_role(Role.LEAD, DepartmentFactory(contact_center=True)))
    insight.refresh_from_db()


_import_files = itertools.count()


def contacts_imported(directory, *contacts: dict, source: str = "test", copy: bool | None = None):
    """Import contacts, given as dicts of interchange columns (values as in a file, or dates and datetimes),
    through `contacts_import` as a file would arrive (`copy=False`: batched inserts instead of COPY);
    returns the finished job."""
    from insights.services.imports import ROW_FIELDS, contacts_import

    path = directory / f"contacts-{next(_import_files)}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=ROW_FIELDS)
        writer.writeheader()
        for n, contact in enumerate(contacts):
            row = {"external_id": f"{path.stem}-{n}", "channel": "call", **contact}
            writer.writerow({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()})
    return contacts_import(path=path, source=source, copy=copy)


def emerging_windows(reason: str, signal: str = "volume", *, hours: int = 1, end=None, observed=30, expected=5):
    """Flagged windows of one problem, an hour each, ending at `end` (default: the last whole hour); the rows the
    detector writes (its own tests prove when it writes them)."""
    from insights.models import EmergingIssue

    end = end or timezone.now().replace(minute=0, second=0, microsecond=0)
    return [
        EmergingIssue.objects.create(
            reason_code=reason,
            signal=signal,
            window_start=end - timedelta(hours=hours - i),
            window_end=end - timedelta(hours=hours - i - 1),
            observed=Decimal(observed + i),
            expected=Decimal(expected),
            score=Decimal("6.5"),
        )
        for i in range(hours)
    ]
