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


# ---- ledger tests (issue 7): insights, revisions and sign-off rows made directly


def _hex(n: int) -> str:
    import hashlib

    return hashlib.sha256(str(n).encode()).hexdigest()


class InsightFactory(factory.django.DjangoModelFactory):
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


class InsightRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "insights.InsightRevision"

    insight = factory.SubFactory(InsightFactory)
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

    revision = factory.SubFactory(InsightRevisionFactory)
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
