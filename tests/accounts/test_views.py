"""The administration pages: People and departments, one person, the audit log; administrators only."""

from django.core import mail
from django.test import Client

from accounts.models import AuditEntry, Role, User


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_administrators_open_the_pages(org):
    for path in ("/people/", "/people/audit-log/", f"/people/{org.lead.pk}/"):
        assert _client(org.admin).get(path).status_code == 200
        assert _client(org.lead).get(path).status_code == 403
        assert _client(org.executive).get(path).status_code == 403


def test_the_people_page_shows_roles_and_who_signs_for_whom(org):
    page = _client(org.admin).get("/people/").content.decode()
    assert org.marketing_signatory.full_name in page and "Who signs for whom" in page
    filtered = _client(org.admin).get("/people/?role=signatory").content.decode()
    assert org.lead.email not in filtered and org.sales_signatory.email in filtered


def test_a_wrong_invitation_keeps_what_was_typed_and_names_the_field(org):
    response = _client(org.admin).post(
        "/people/", {"email": "a@example.test", "full_name": "Ann", "role": "lead", "department": org.sales.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="a@example.test"' in page and "contact-center role" in page
    assert not User.objects.filter(email="a@example.test").exists()


def test_inviting_then_giving_a_role_is_in_the_audit_log(org):
    admin = _client(org.admin)
    response = admin.post("/people/", {"email": "b@example.test", "full_name": "Bo", "role": "", "department": ""})
    user = User.objects.get(email="b@example.test")
    assert response["Location"] == f"/people/{user.pk}/" and len(mail.outbox) == 1
    admin.post(f"/people/{user.pk}/", {"role": Role.SIGNATORY, "department": org.marketing.pk})
    log = admin.get("/people/audit-log/").content.decode()
    assert "Invited" in log and "Role given" in log and "Signatory in Marketing" in log
    assert AuditEntry.objects.count() == 2


def test_buttons_take_a_role_away_and_deactivate(org):
    admin = _client(org.admin)
    person = org.marketing_member
    admin.post(f"/people/{person.pk}/revoke/", {"role": "member", "department": org.marketing.pk})
    admin.post(f"/people/{person.pk}/deactivate/")
    person.refresh_from_db()
    assert not person.is_active and not person.memberships.exists()
    refused = admin.post(f"/people/{org.admin.pk}/deactivate/")
    assert refused.status_code == 400 and "cannot deactivate yourself" in refused.content.decode()
    assert admin.post(f"/people/{person.pk}/anything/").status_code == 404


def test_the_administrators_home_leads_to_the_pages_and_the_django_admin(org):
    page = _client(org.admin).get("/").content.decode()
    assert "You hold no role yet" not in page
    assert 'href="/people/"' in page and 'href="/people/audit-log/"' in page and 'href="/admin/"' in page


def test_the_django_admin_lists_roles_and_filters_by_them(org):
    org.admin.is_staff = org.admin.is_superuser = True
    org.admin.save()
    page = _client(org.admin).get("/admin/accounts/user/?role=signatory&department=marketing").content.decode()
    assert "Signatory (Marketing)" in page and org.sales_signatory.email not in page


def test_the_administrators_home_shows_the_latest_changes(org):
    from accounts.services import user_role_grant

    user_role_grant(by=org.admin, user=org.outsider, role=Role.EXECUTIVE)
    page = _client(org.admin).get("/").content.decode()
    assert "Latest changes to people and roles" in page and "Role given" in page
    assert "Latest changes" not in _client(org.lead).get("/").content.decode()
