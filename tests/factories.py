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
