import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from accounts.models import Department, Role
from accounts.services import department_create, membership_grant
from tests.accounts.factories import UserFactory


def test_a_second_contact_center_is_refused_by_the_service(org):
    with pytest.raises(ValidationError) as error:
        department_create(name="Second Center", is_contact_center=True)
    assert "only one" in str(error.value)
    assert Department.objects.filter(is_contact_center=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_contact_center_is_refused_by_the_database_even_with_raw_sql():
    Department.objects.create(name="Center", slug="center", is_contact_center=True)
    with pytest.raises(IntegrityError) as error, connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_department (name, slug, is_contact_center) VALUES ('Other', 'other', true)"
        )
    assert "department_one_contact_center" in str(error.value)


def test_center_roles_need_the_contact_center(org):
    with pytest.raises(ValidationError) as error:
        membership_grant(user=UserFactory(), role=Role.ANALYST, department=org.marketing)
    assert "department" in error.value.message_dict


def test_signatory_role_is_for_other_departments(org):
    with pytest.raises(ValidationError) as error:
        membership_grant(user=UserFactory(), role=Role.SIGNATORY, department=org.center)
    assert "department" in error.value.message_dict


def test_executive_role_is_organisation_wide(org):
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), role=Role.EXECUTIVE, department=org.sales)


def test_membership_constraint_refuses_an_executive_tied_to_a_department(org):
    from accounts.models import Membership

    with pytest.raises(IntegrityError) as error:
        Membership.objects.create(user=UserFactory(), role=Role.EXECUTIVE, department=org.sales)
    assert "membership_department_matches_role" in str(error.value)


def test_granting_twice_is_idempotent(org):
    user = UserFactory()
    first = membership_grant(user=user, role=Role.MEMBER, department=org.sales)
    again = membership_grant(user=user, role=Role.MEMBER, department=org.sales)
    assert first.pk == again.pk
