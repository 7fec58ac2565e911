"""accounts.policy's answers for executive education: listen-in guests, quiz groups, executives."""

import pytest

from accounts.policy import Action, allowed, executive_ids, group_members


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("executive", True),
        ("member", True),
        ("signatory", True),
        ("analyst", False),
        ("lead", False),
        ("admin", False),
        ("outsider", False),
    ],
)
def test_only_executives_and_department_people_attend_listen_ins(org, role, expected):
    assert allowed(org.by_role()[role], Action.ATTEND_LISTEN_IN) is expected


def test_an_inactive_executive_attends_nothing(org):
    org.executive.is_active = False
    org.executive.save(update_fields=["is_active"])
    assert not allowed(org.executive, Action.ATTEND_LISTEN_IN)


def test_executive_ids_are_the_organisation_wide_executives(org):
    assert executive_ids() == {org.executive.pk}


def test_group_members_are_the_executives_and_the_departments_people(org):
    members = set(group_members(executives=True, department_ids=[org.marketing.pk]))
    assert members == {org.executive, org.marketing_member, org.marketing_signatory}


def test_an_empty_group_has_no_members(org):
    assert not group_members(executives=False, department_ids=[]).exists()
