"""The administration API: the People and departments page's services, audited alike, for administrators only."""

from django.core import mail

from accounts.models import AuditEntry


def test_an_administrator_invites_gives_a_role_and_reads_the_audit_log(org, api_as):
    client = api_as(org.admin)
    created = client.post(
        "/api/people/",
        {"email": "api@example.test", "full_name": "Api Person", "role": "member", "department": "sales"},
    )
    assert created.status_code == 201, created.json()
    person = created.json()
    assert person["invited"] and person["memberships"][0]["role"] == "member" and len(mail.outbox) == 1
    granted = client.post(f"/api/people/{person['id']}/roles/", {"role": "signatory", "department": "sales"})
    assert sorted(m["role"] for m in granted.json()["memberships"]) == ["member", "signatory"]
    revoked = client.post(f"/api/people/{person['id']}/roles/revoke/", {"role": "member", "department": "sales"})
    assert [m["role"] for m in revoked.json()["memberships"]] == ["signatory"]
    assert (
        client.patch(f"/api/people/{person['id']}/", {"is_active": False}, format="json").json()["is_active"] is False
    )
    log = client.get("/api/audit-log/").json()["results"]
    assert [e["action"] for e in log] == ["user.deactivated", "role.revoked", "role.granted", "user.invited"]
    assert log[0]["actor"] == org.admin.email and log[0]["user"] == "api@example.test"


def test_a_role_that_does_not_fit_is_a_400_naming_the_field_and_writes_nothing(org, api_as):
    response = api_as(org.admin).post(f"/api/people/{org.outsider.pk}/roles/", {"role": "lead", "department": "sales"})
    assert response.status_code == 400 and "department" in response.json()
    assert not AuditEntry.objects.exists()


def test_people_other_than_administrators_are_refused(org, api_as):
    for someone in (org.lead, org.executive, org.marketing_signatory):
        client = api_as(someone)
        assert client.get("/api/people/").status_code == 403
        assert client.get("/api/audit-log/").status_code == 403
        assert client.post(f"/api/people/{org.outsider.pk}/roles/", {"role": "executive"}).status_code == 403
    assert api_as(org.admin).get("/api/people/").json()["count"] == 9


def test_the_people_list_reads_in_constant_queries(org, api_as, django_assert_max_num_queries):
    from tests.accounts.factories import UserFactory

    UserFactory.create_batch(10, role="member", role__department=org.sales)
    client = api_as(org.admin)
    with django_assert_max_num_queries(6):
        assert client.get("/api/people/").json()["count"] == 19
