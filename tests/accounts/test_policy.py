"""The permission policy, role by role."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.policy import Action, allowed, department_scope, require, visible_department_ids

# (role fixture name, action, department key or None, expected)
CASES = [
    # analysts: contacts and drafts, never publish
    ("analyst", Action.IMPORT_CONTACTS, None, True),
    ("analyst", Action.DRAFT_INSIGHT, None, True),
    ("analyst", Action.PUBLISH_INSIGHT, None, False),
    ("analyst", Action.SIGN, "marketing", False),
    ("analyst", Action.VIEW_EXECUTIVE, None, True),
    # leads: publish, agreements, outcomes, periods
    ("lead", Action.PUBLISH_INSIGHT, None, True),
    ("lead", Action.MANAGE_AGREEMENTS, None, True),
    ("lead", Action.RECORD_OUTCOME, "marketing", True),
    ("lead", Action.CLOSE_PERIOD, None, True),
    ("lead", Action.SIGN, "marketing", False),
    # signatories: sign and decline for their own department only
    ("signatory", Action.SIGN, "marketing", True),
    ("signatory", Action.DECLINE, "marketing", True),
    ("signatory", Action.PINKY_SWEAR, "marketing", True),
    ("signatory", Action.SIGN, "sales", False),
    ("signatory", Action.VIEW_PUBLISHED_INSIGHT, "marketing", True),
    ("signatory", Action.VIEW_PUBLISHED_INSIGHT, "sales", False),
    ("signatory", Action.DRAFT_INSIGHT, None, False),
    ("signatory", Action.VIEW_DRAFTS, None, False),
    # members: pinky swear and actions, never a formal signature
    ("member", Action.PINKY_SWEAR, "marketing", True),
    ("member", Action.COMMIT_ACTION, "marketing", True),
    ("member", Action.SIGN, "marketing", False),
    ("member", Action.DECLINE, "marketing", False),
    ("member", Action.RECORD_OUTCOME, "marketing", True),
    ("member", Action.RECORD_OUTCOME, "sales", False),
    # executives read everything and change nothing
    ("executive", Action.VIEW_EXECUTIVE, None, True),
    ("executive", Action.VIEW_PUBLISHED_INSIGHT, "sales", True),
    ("executive", Action.VIEW_LEDGER, None, True),
    ("executive", Action.PUBLISH_INSIGHT, None, False),
    ("executive", Action.SIGN, "marketing", False),
    ("executive", Action.RECORD_OUTCOME, "marketing", False),
    ("executive", Action.DRAFT_INSIGHT, None, False),
    ("executive", Action.CLOSE_PERIOD, None, False),
    ("executive", Action.PLAY_GAME, None, True),
    # administrators manage people, not content
    ("admin", Action.MANAGE_USERS, None, True),
    ("admin", Action.CLOSE_PERIOD, None, True),
    ("admin", Action.PUBLISH_INSIGHT, None, False),
    ("admin", Action.SIGN, "marketing", False),
    # the ledger: center staff, executives and administrators read every department's; department people
    # read their own department's (so the pages are open to them), never another's
    ("analyst", Action.VIEW_LEDGER, None, True),
    ("lead", Action.VIEW_LEDGER, "sales", True),
    ("admin", Action.VIEW_LEDGER, None, True),
    ("admin", Action.BROWSE_LEDGER, None, True),
    ("executive", Action.BROWSE_LEDGER, None, True),
    ("member", Action.VIEW_LEDGER, "marketing", True),
    ("member", Action.VIEW_LEDGER, "sales", False),
    ("member", Action.VIEW_LEDGER, None, False),
    ("member", Action.BROWSE_LEDGER, None, True),
    ("signatory", Action.VIEW_LEDGER, "marketing", True),
    ("signatory", Action.VIEW_LEDGER, "sales", False),
    ("signatory", Action.VIEW_LEDGER, None, False),
    ("signatory", Action.BROWSE_LEDGER, None, True),
    ("outsider", Action.VIEW_LEDGER, "marketing", False),
    ("outsider", Action.BROWSE_LEDGER, None, False),
    # actions: everyone who reads sign-offs opens the actions pages; only the department's people change them
    ("member", Action.BROWSE_ACTIONS, None, True),
    ("signatory", Action.BROWSE_ACTIONS, None, True),
    ("executive", Action.BROWSE_ACTIONS, None, True),
    ("analyst", Action.BROWSE_ACTIONS, None, True),
    ("admin", Action.BROWSE_ACTIONS, None, False),
    ("outsider", Action.BROWSE_ACTIONS, None, False),
    ("signatory", Action.COMMIT_ACTION, "marketing", True),
    ("member", Action.COMMIT_ACTION, "sales", False),
    ("executive", Action.COMMIT_ACTION, "marketing", False),
    ("lead", Action.COMMIT_ACTION, "marketing", False),
    # someone with no role can do nothing
    ("outsider", Action.VIEW_PUBLISHED_INSIGHT, "marketing", False),
    ("outsider", Action.VIEW_EXECUTIVE, None, False),
    ("outsider", Action.PLAY_GAME, None, False),
]


@pytest.mark.parametrize(("role", "action", "department", "expected"), CASES)
def test_policy_decides_each_role(org, role, action, department, expected):
    user = org.by_role()[role]
    target = getattr(org, department) if department else None
    assert allowed(user, action, target) is expected


def test_non_lead_cannot_manage_users(org):
    for role, user in org.by_role().items():
        assert allowed(user, Action.MANAGE_USERS) is (role == "admin")


def test_require_raises_permission_denied_naming_the_action(org):
    with pytest.raises(PermissionDenied) as error:
        require(org.marketing_member, Action.SIGN, org.marketing)
    assert "sign" in str(error.value)
    assert "Marketing" in str(error.value)


def test_inactive_users_are_allowed_nothing(org):
    org.lead.is_active = False
    assert allowed(org.lead, Action.PUBLISH_INSIGHT) is False


def test_anonymous_users_are_allowed_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert allowed(AnonymousUser(), Action.VIEW_EXECUTIVE) is False


def test_visible_departments(org):
    assert visible_department_ids(org.executive) is None
    assert visible_department_ids(org.analyst) is None
    assert visible_department_ids(org.marketing_member) == {org.marketing.pk}
    assert visible_department_ids(org.outsider) == set()


def test_ledger_scope_is_every_department_for_whole_ledger_readers_and_their_own_for_department_people(org):
    scopes = {role: department_scope(user, Action.VIEW_LEDGER) for role, user in org.by_role().items()}
    assert scopes == {
        "analyst": None,
        "lead": None,
        "executive": None,
        "admin": None,
        "signatory": {org.marketing.pk},
        "member": {org.marketing.pk},
        "outsider": set(),
    }


def test_department_scope_agrees_with_visible_departments_for_published_insights(org):
    for user in org.by_role().values():
        assert department_scope(user, Action.VIEW_PUBLISHED_INSIGHT) == visible_department_ids(user)
