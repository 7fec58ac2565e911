"""accounts/policy.py's questions beyond one action: the answers pages and services used to work out from roles."""

from accounts.policy import (
    action_owners,
    department_signatories,
    forget_grants,
    is_department_person,
    roles_held,
    signoff_inbox_department_ids,
    starts_at_executive_view,
)
from accounts.services import membership_grant


def test_roles_held_gathers_organisation_and_department_roles(org):
    membership_grant(user=org.executive, role="member", department=org.sales)
    forget_grants(org.executive)
    assert roles_held(org.executive) == {"executive", "member"}
    assert roles_held(org.outsider) == frozenset()


def test_only_an_executive_with_no_other_role_starts_at_the_executive_view(org):
    starts = {role for role, user in org.by_role().items() if starts_at_executive_view(user)}
    assert starts == {"executive"}
    membership_grant(user=org.executive, role="member", department=org.sales)
    forget_grants(org.executive)
    assert starts_at_executive_view(org.executive) is False


def test_department_people_are_members_and_signatories_only(org):
    people = {role for role, user in org.by_role().items() if is_department_person(user)}
    assert people == {"signatory", "member"}


def test_signoff_inbox_lists_every_department_where_the_user_holds_a_role(org):
    assert signoff_inbox_department_ids(org.marketing_member) == {org.marketing.pk}
    assert signoff_inbox_department_ids(org.analyst) == {org.center.pk}
    assert signoff_inbox_department_ids(org.executive) == set()


def test_department_signatories_are_its_active_signatories(org):
    assert list(department_signatories(department=org.marketing)) == [org.marketing_signatory]
    org.marketing_signatory.is_active = False
    org.marketing_signatory.save(update_fields=["is_active"])
    assert list(department_signatories(department=org.marketing)) == []


def test_action_owners_are_the_active_people_of_the_department(org):
    assert set(action_owners(department=org.marketing)) == {org.marketing_signatory, org.marketing_member}
    assert org.sales_member not in action_owners(department=org.marketing)
