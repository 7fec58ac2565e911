"""Administration inside the product: invite, give and take roles, deactivate; every change audited."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEntry, Role, User
from accounts.policy import Action, allowed
from accounts.services import (
    invitation_resend,
    user_active_set,
    user_invite,
    user_role_grant,
    user_role_revoke,
)


def test_an_invited_person_has_no_password_and_is_emailed_a_link(org):
    user = user_invite(by=org.admin, email="New.Person@Example.test", full_name="New Person")
    assert user.email == "new.person@example.test" and not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["new.person@example.test"]
    assert re.search(r"/accounts/set-password/[\w-]+/[\w-]+/", message.body)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.user) == (org.admin, "user.invited", user)


def test_an_invitation_can_carry_a_role(org):
    user = user_invite(by=org.admin, email="s@example.test", full_name="S", role=Role.SIGNATORY, department=org.sales)
    assert allowed(user, Action.SIGN, org.sales)
    assert AuditEntry.objects.get().after["roles"] == [{"role": "signatory", "department": "Sales"}]


def test_a_role_that_does_not_fit_the_department_invites_nobody(org):
    with pytest.raises(ValidationError) as refused:
        user_invite(by=org.admin, email="x@example.test", full_name="X", role=Role.LEAD, department=org.sales)
    assert "department" in refused.value.message_dict
    assert not User.objects.filter(email="x@example.test").exists()
    assert not AuditEntry.objects.exists() and not mail.outbox


def test_only_administrators_manage_people(org):
    for someone in (org.lead, org.executive, org.marketing_signatory):
        with pytest.raises(PermissionDenied):
            user_invite(by=someone, email="y@example.test", full_name="Y")
        with pytest.raises(PermissionDenied):
            user_role_grant(by=someone, user=org.outsider, role=Role.EXECUTIVE)


def test_giving_and_taking_a_role_are_audited_with_before_and_after(org):
    entry = user_role_grant(by=org.admin, user=org.outsider, role=Role.MEMBER, department=org.marketing)
    assert (entry.before, entry.after) == (
        {"roles": []},
        {"roles": [{"role": "member", "department": "Marketing"}]},
    )
    assert user_role_grant(by=org.admin, user=org.outsider, role=Role.MEMBER, department=org.marketing) is None
    revoked = user_role_revoke(by=org.admin, user=org.outsider, role=Role.MEMBER, department=org.marketing)
    assert revoked.action == "role.revoked" and revoked.after == {"roles": []}
    assert AuditEntry.objects.count() == 2


def test_an_administrator_cannot_lock_themselves_out(org):
    with pytest.raises(ValidationError):
        user_role_revoke(by=org.admin, user=org.admin, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        user_active_set(by=org.admin, user=org.admin, active=False)


def test_a_deactivated_person_loses_access_and_it_is_audited(org):
    entry = user_active_set(by=org.admin, user=org.marketing_member, active=False)
    org.marketing_member.refresh_from_db()
    assert not org.marketing_member.is_active
    assert (entry.before, entry.after) == ({"is_active": True}, {"is_active": False})
    assert not allowed(org.marketing_member, Action.BROWSE_INSIGHTS)
    assert user_active_set(by=org.admin, user=org.marketing_member, active=True).action == "user.reactivated"


def test_the_invitation_is_resent_only_before_a_password_is_chosen(org):
    user = user_invite(by=org.admin, email="z@example.test", full_name="Z")
    invitation_resend(by=org.admin, user=user)
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        invitation_resend(by=org.admin, user=org.lead)
