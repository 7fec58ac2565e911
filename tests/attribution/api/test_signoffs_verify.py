"""GET /api/signoffs/verify/: who may verify, and the chain checked against every anchor."""

import pytest
from django.db import connection

from attribution.services.anchors import chain_anchor_write
from tests.attribution.factories import SignoffRecordFactory

ALLOWED = {"analyst", "lead", "executive", "admin"}


@pytest.mark.parametrize("role", ["analyst", "lead", "executive", "admin", "signatory", "member", "outsider"])
def test_lead_admin_and_executive_may_verify_department_people_may_not(org, api_as, role):
    response = api_as(org.by_role()[role]).get("/api/signoffs/verify/")
    assert response.status_code == (200 if role in ALLOWED else 403)


def test_verify_lists_the_anchors_and_finds_the_newest_record_deleted_after_one(org, api_as):
    SignoffRecordFactory()
    newest = SignoffRecordFactory()
    anchor = chain_anchor_write()
    body = api_as(org.lead).get("/api/signoffs/verify/").json()
    assert body["ok"] is True and body["records"] == 2 and body["anchors"] == 1
    assert body["latest_anchor"]["sequence"] == anchor.sequence
    assert body["latest_anchor"]["record_hash"] == anchor.record_hash
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire the deferred ledger checks before ALTER TABLE
        cursor.execute("ALTER TABLE attribution_signoffrecord DISABLE TRIGGER ALL")
        cursor.execute("DELETE FROM attribution_signoffrecord WHERE id = %s", [newest.pk])
        cursor.execute("ALTER TABLE attribution_signoffrecord ENABLE TRIGGER ALL")
    body = api_as(org.executive).get("/api/signoffs/verify/").json()
    assert body["ok"] is False and body["sequence"] == newest.sequence and "missing" in body["problem"]
