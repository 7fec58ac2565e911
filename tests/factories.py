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


# --- Insights and revisions (added by issue 6 for sign-off tests; absent before) -------------------------
import hashlib as _hashlib  # noqa: E402
import json as _json  # noqa: E402

from insights.models import Insight, InsightRevision  # noqa: E402


def canonical_content_hash(content: dict) -> tuple[str, str]:
    """(canonical_json, sha256) of content: sorted keys, no spaces, UTF-8."""
    canonical = _json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, _hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    title = factory.Sequence(lambda n: f"Insight {n}")
    summary = "Customers call twice about the same bill."
    status = "published"
    created_by = factory.SubFactory(UserFactory)


class InsightRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsightRevision

    insight = factory.SubFactory(InsightFactory)
    number = factory.Sequence(lambda n: n + 1)
    content = factory.LazyAttribute(lambda o: {"title": o.insight.title, "summary": o.insight.summary})
    canonical_json = factory.LazyAttribute(lambda o: canonical_content_hash(o.content)[0])
    content_hash = factory.LazyAttribute(lambda o: canonical_content_hash(o.content)[1])
    published_by = factory.LazyAttribute(lambda o: o.insight.created_by)
