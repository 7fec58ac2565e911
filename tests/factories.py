"""factory_boy factories shared by the whole suite."""

import factory
from django.conf import settings

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


def exec_credit(
    *, department, account="center:secured", amount="100.00", day=None, category="financial_growth", insight=None
):
    """A balanced reclassification-style credit to the center and its rollups, written straight to the models
    (stand-in for issue 7's posting service, for the executive tests)."""
    import datetime as dt
    from decimal import Decimal

    from attribution.models import LedgerBalance, LedgerEntry, LedgerTransaction

    day = day or dt.date(2026, 11, 15)
    month = day.replace(day=1)
    amount = Decimal(amount)
    txn = LedgerTransaction.objects.create(kind="reclassification", effective_on=day)
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
