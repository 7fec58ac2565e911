from decimal import Decimal

import pytest

from accounts.models import Role
from attribution.models import ActionCommitment, SignoffRecord
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import signoff_requests_open_for_event
from tests.accounts.factories import TEST_PASSWORD
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _bodies(req):
    terms = credit_agreement_for_signing(department=req.department)
    return {
        "sign": {
            "typed_name": req.department.memberships.get(role=Role.SIGNATORY).user.full_name,
            "consent": True,
            "password": TEST_PASSWORD,
            "content_hash": req.revision.content_hash,
            "terms_hash": terms.terms_hash,
        },
        "pinky-swear": {"content_hash": req.revision.content_hash},
        "decline": {"reason": "Not ours"},
        "actions": {"description": "Fix it", "owner": None, "due_on": "2030-01-01"},
    }


# role -> (can read, may sign/decline, may pinky-swear/commit)
ROLES = {
    "analyst": (True, False, False),
    "lead": (True, False, False),
    "executive": (True, False, False),
    "admin": (False, False, False),
    "signatory": (True, True, True),
    "member": (True, False, True),
    "outsider": (False, False, False),
    "other_department": (False, False, False),
}


def _user(org, role):
    return org.sales_signatory if role == "other_department" else org.by_role()[role]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_endpoint_for_every_role(org, req, api_as, role):
    can_read, can_sign, can_member = ROLES[role]
    client = api_as(_user(org, role))
    base = f"/api/signoff-requests/{req.pk}/"
    listed = client.get("/api/signoff-requests/").json()["results"]
    assert (req.pk in [r["id"] for r in listed]) == can_read
    detail = client.get(base)
    assert detail.status_code == (200 if can_read else 404)
    if can_read:
        assert detail.json()["content_hash"] == req.revision.content_hash and detail.json()["terms_hash"]
    bodies = _bodies(req)
    bodies["actions"]["owner"] = org.marketing_member.pk
    expected = {"sign": can_sign, "decline": can_sign, "pinky-swear": can_member, "actions": can_member}
    for endpoint in ("actions", "pinky-swear", "sign", "decline"):
        response = client.post(base + endpoint + "/", bodies[endpoint], format="json")
        if not can_read:
            assert response.status_code == 404, endpoint
        elif not expected[endpoint]:
            assert response.status_code == 403, endpoint
        elif endpoint == "decline" and can_sign:
            assert response.status_code == 400 and "request" in response.json()  # already signed
        else:
            assert response.status_code == 201, (endpoint, response.json())
    verify = client.get("/api/signoffs/verify/")
    assert verify.status_code == (200 if role in ("analyst", "lead", "executive", "admin") else 403)
    if can_member:
        record = SignoffRecord.objects.order_by("sequence").first()
        r = client.get(f"/api/signoff-records/{record.pk}/")
        assert r.status_code == 200
        pdf = client.get(f"/api/signoff-records/{record.pk}/certificate.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert client.get("/api/signoffs/verify/").status_code == 403
    written = SignoffRecord.objects.count() + ActionCommitment.objects.count()
    assert written == (3 if can_sign else 2 if can_member else 0)


def test_bad_input_names_the_field_and_writes_nothing(org, req, api_as):
    client = api_as(org.marketing_signatory)
    base = f"/api/signoff-requests/{req.pk}/"
    good = _bodies(req)["sign"]
    for field, value in (("consent", False), ("typed_name", ""), ("content_hash", "x"), ("terms_hash", "y")):
        response = client.post(base + "sign/", {**good, field: value}, format="json")
        assert response.status_code == 400 and field in response.json(), field
    response = client.post(base + "decline/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert SignoffRecord.objects.count() == 0
    first = client.post(base + "sign/", good, format="json").json()
    again = client.post(base + "sign/", good, format="json")
    assert again.json()["id"] == first["id"] and SignoffRecord.objects.count() == 1
    assert client.get("/api/signoffs/verify/").status_code == 403
    assert api_as(org.lead).get("/api/signoffs/verify/").json() == {
        "ok": True,
        "records": 1,
        "anchors": 0,
        "latest_anchor": None,
    }


def test_superseded_request_refuses_answers(org, req, api_as):
    _, event = publish(org, org.marketing, insight=req.insight)
    signoff_requests_open_for_event(event=event)
    response = api_as(org.marketing_signatory).post(
        f"/api/signoff-requests/{req.pk}/sign/", _bodies(req)["sign"], format="json"
    )
    assert response.status_code == 400 and "request" in response.json()


def test_pinky_swear_is_shown_as_informal(org, req, api_as):
    r = api_as(org.marketing_member).post(
        f"/api/signoff-requests/{req.pk}/pinky-swear/", _bodies(req)["pinky-swear"], format="json"
    )
    assert r.json()["informal"] == "informal — not a signed agreement"


def test_list_query_count_is_pinned(org, api_as, django_assert_max_num_queries):
    for _ in range(5):
        _, event = publish(org, org.marketing, org.sales)
        signoff_requests_open_for_event(event=event)
    client = api_as(org.lead)
    client.get("/api/signoff-requests/")
    with django_assert_max_num_queries(6):
        assert client.get("/api/signoff-requests/?status=pending&department=marketing").json()["count"] == 5


def test_lead_sets_negotiated_terms_new_version_each_time(org, api_as):
    client = api_as(org.lead)
    a = client.post("/api/credit-agreements/", {"department": "marketing", "share": "0.25"}, format="json")
    b = client.post("/api/credit-agreements/", {"department": "marketing", "share": "0.30"}, format="json")
    assert (a.status_code, b.status_code) == (201, 201) and b.json()["version"] == a.json()["version"] + 1
    assert client.post("/api/credit-agreements/", {"share": "1.5"}, format="json").status_code == 400
    assert api_as(org.executive).post("/api/credit-agreements/", {"share": "0.2"}, format="json").status_code == 403


def test_pages_render_for_their_people(org, req, client):
    client.force_login(org.marketing_signatory)
    inbox = client.get("/signoffs/")
    assert req.insight.title in inbox.content.decode()
    page = client.get(f"/signoffs/requests/{req.pk}/")
    assert page.status_code == 200 and "I agree to sign this record electronically" in page.content.decode()
    bad = client.post(f"/signoffs/requests/{req.pk}/decline/", {"reason": ""})
    assert bad.status_code == 400
    client.force_login(org.sales_signatory)
    assert client.get(f"/signoffs/requests/{req.pk}/").status_code == 404
    client.force_login(org.lead)
    assert req.insight.title in client.get("/signoffs/overview/").content.decode()
    assert client.get("/signoffs/agreements/").status_code == 200


def test_sign_page_escapes_content_signs_via_form_and_nav_shows_sections(org, client):
    _, event = publish(org, org.marketing, summary="<script>alert(1)</script>\nSecond line")
    req = signoff_requests_open_for_event(event=event)[0]
    client.force_login(org.marketing_signatory)
    page = client.get(f"/signoffs/requests/{req.pk}/").content.decode()
    # The summary is markdown, rendered as on the insight page: sanitised, so the script never reaches the page.
    assert "<script>alert(1)</script>" not in page and "Second line" in page
    assert 'href="/signoffs/"' in page and "Sign-off overview" not in page
    terms = credit_agreement_for_signing(department=org.marketing)
    form = {
        "content_hash": req.revision.content_hash,
        "terms_hash": terms.terms_hash,
        "typed_name": org.marketing_signatory.full_name,
    }
    assert client.post(f"/signoffs/requests/{req.pk}/", form).status_code == 400  # no consent ticked
    done = client.post(f"/signoffs/requests/{req.pk}/", {**form, "consent": "on", "confirmed": "yes"})
    assert done.status_code == 302 and SignoffRecord.objects.filter(kind="signature").count() == 1
    client.force_login(org.executive)
    assert "Sign-off overview" in client.get("/signoffs/overview/").content.decode()


def _republished_with(org, req, **fields):
    """Change the insight's shown parts and publish revision n+1; the new request to Marketing."""
    from insights.services.insights import insight_publish, insight_update

    insight_update(insight=req.insight, editor=org.lead, **fields)
    insight_publish(insight=req.insight, publisher=org.lead)
    req.insight.refresh_from_db()
    event = OutboxEventModel.objects.filter(kind="insight.published", insight=req.insight).latest("pk")
    return signoff_requests_open_for_event(event=event)[0]


from core.models import OutboxEvent as OutboxEventModel  # noqa: E402


@pytest.mark.parametrize(
    "fields",
    [
        {"estimated_value": Decimal("250000.00")},
        {"value_assumptions": "Half the accounts churn, not 5%."},
        {"customer_voice": ["The second bill was a surprise."]},
    ],
    ids=["value", "assumptions", "quotes"],
)
def test_request_detail_and_sign_page_show_the_revision_whole_and_the_hash_moves_with_it(
    org, req, api_as, client, fields
):
    body = api_as(org.marketing_signatory).get(f"/api/signoff-requests/{req.pk}/").json()
    shown = body["shown"]
    assert shown["estimated_value"] == "125000.00" and shown["value_assumptions"].startswith("2,000 affected")
    assert shown["evidence"]["contacts"] == 1 and "unhappy_percent" in shown["evidence"]
    assert shown["credit"]["value_if_realised"] == "25000.00" and shown["content_hash"] == body["content_hash"]
    client.force_login(org.marketing_signatory)
    page = client.get(f"/signoffs/requests/{req.pk}/").content.decode()
    for text in ("125,000.00", "2,000 affected accounts", "20% of it is credited to the contact center", "25,000.00"):
        assert text in page
    newer = _republished_with(org, req, **fields)
    again = api_as(org.marketing_signatory).get(f"/api/signoff-requests/{newer.pk}/").json()
    assert again["content_hash"] != body["content_hash"]
    newer_page = client.get(f"/signoffs/requests/{newer.pk}/").content.decode()
    expected = {
        "estimated_value": "250,000.00",
        "value_assumptions": "Half the accounts churn, not 5%.",
        "customer_voice": "The second bill was a surprise.",
    }[next(iter(fields))]
    assert expected in newer_page and again["content_hash"] in newer_page
