"""Factories for accounts: people, departments and the roles that tie them (granted through the service)."""

import factory

from accounts.models import Department, Membership, Role, User
from accounts.services import membership_grant

TEST_PASSWORD = "pw-for-tests-0"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A person who can sign in with TEST_PASSWORD; `role=` (and `department=`) grants a role through
    `membership_grant`."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            membership_grant(user=obj, role=extracted, department=kwargs.get("department"))


class DepartmentFactory(factory.django.DjangoModelFactory):
    """A department the center serves; `contact_center=True` is the contact center itself."""

    class Meta:
        model = Department
        django_get_or_create = ["slug"]

    class Params:
        contact_center = factory.Trait(name="Contact Center", slug="contact-center", is_contact_center=True)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")
    is_contact_center = False


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role granted through `membership_grant` (which checks the role fits the department)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = Role.MEMBER

    @classmethod
    def _create(cls, model_class, *, user, role, department=None, **kwargs):
        return membership_grant(user=user, role=role, department=department)


def person_with_role(role: str, department: Department | None = None) -> User:
    """Someone who already holds `role` (in `department`), or a new person granted it."""
    holder = User.objects.filter(memberships__role=role, memberships__department=department).order_by("pk").first()
    return holder or UserFactory(role=role, role__department=department)
