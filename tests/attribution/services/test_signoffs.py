import subprocess
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, connections
from django.urls import reverse
from django.utils import timezone

from attribution.models import ActionCommitment, CreditAgreement, SignoffRecord, SignoffReminder, SignoffRequest
from attribution.selectors.agreements import credit_agreement_current
from attribution.selectors.signoffs import department_scorecards
from attribution.services.agreements import credit_agreement_create, credit_agreement_for_signing
from attribution.services.reminders import signoff_reminders_send
from attribution.services.signoffs import (
    CONSENT_TEXT,
    signoff_chain_verify,
    signoff_decline,
    signoff_pinky_swear,
    signoff_requests_open_for_event,
    signoff_sign,
)
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def opened(org):
    revision, event = publish(org, org.marketing, org.sales)
    requests = signoff_requests_open_for_event(event=event)
    return {r.department.slug: r for r in requests}


def _sign(org, req, **kw):
    terms = credit_agreement_for_signing(department=req.department)
    args = {
        "user": org.marketing_signatory,
        "request_id": req.pk,
        "typed_name": org.marketing_signatory.full_name,
        "consent": True,
        "content_hash": req.revision.content_hash,
        "terms_hash": terms.terms_hash,
        "ip_address": "203.0.113.9",
        "user_agent": "pytest",
        "authenticated_at": timezone.now(),
    }
    args.update(kw)
    return signoff_sign(**args)


def test_publish_event_opens_one_request_per_department_idempotently_and_republish_supersedes(org):
    revision, event = publish(org, org.marketing, org.sales)
    first = signoff_requests_open_for_event(event=event)
    again = signoff_requests_open_for_event(event=event)
    assert {r.department.slug for r in first} == {"marketing", "sales"}
    assert [r.pk for r in first] == [r.pk for r in again]
    assert SignoffRequest.objects.count() == 2
    _, event2 = publish(org, org.marketing, org.sales, insight=revision.insight)
    second = signoff_requests_open_for_event(event=event2)
    old = SignoffRequest.objects.filter(revision=revision)
    assert set(old.values_list("status", flat=True)) == {"superseded"}
    assert {r.status for r in second} == {"pending"}


def test_sign_records_everything_and_chains(org, opened):
    req = opened["marketing"]
    record = _sign(org, req)
    assert record.kind == "signature" and record.sequence == 1 and record.previous_hash == "0" * 64
    assert record.consent_text == CONSENT_TEXT and record.typed_name == org.marketing_signatory.full_name
    assert record.credit_share == credit_agreement_current(department=org.marketing).share
    req.refresh_from_db()
    assert req.status == "signed"
    decline = signoff_decline(user=org.sales_signatory, request_id=opened["sales"].pk, reason="Not ours")
    assert decline.sequence == 2 and decline.previous_hash == record.record_hash
    assert signoff_chain_verify() == {"ok": True, "records": 2, "anchors": 0, "latest_anchor": None}


def test_replay_returns_first_record_and_writes_nothing(org, opened):
    first = _sign(org, opened["marketing"])
    again = _sign(org, opened["marketing"])
    assert again.pk == first.pk and SignoffRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"typed_name": "  "}, "typed_name"),
        ({"content_hash": "0" * 64}, "content_hash"),
        ({"terms_hash": "f" * 64}, "terms_hash"),
    ],
)
def test_bad_sign_input_names_the_field_and_writes_nothing(org, opened, change, field):
    with pytest.raises(ValidationError) as exc:
        _sign(org, opened["marketing"], **change)
    assert field in exc.value.message_dict
    assert SignoffRecord.objects.count() == 0


def test_stale_terms_refused(org, opened):
    req = opened["marketing"]
    shown = credit_agreement_for_signing(department=org.marketing).terms_hash
    credit_agreement_create(user=org.lead, department=org.marketing, share="0.3", terms="New terms")
    with pytest.raises(ValidationError) as exc:
        _sign(org, req, terms_hash=shown)
    assert "changed since you read them" in str(exc.value)


def test_pinky_swear_then_formal_signature_and_permissions(org, opened):
    req = opened["marketing"]
    with pytest.raises(PermissionDenied):
        _sign(org, req, user=org.marketing_member)
    with pytest.raises(PermissionDenied):
        signoff_pinky_swear(user=org.sales_member, request_id=req.pk, content_hash=req.revision.content_hash)
    pinky = signoff_pinky_swear(user=org.marketing_member, request_id=req.pk, content_hash=req.revision.content_hash)
    assert pinky.kind == "pinky_swear"
    req.refresh_from_db()
    assert req.status == "pinky_sworn"
    record = _sign(org, req)
    assert record.kind == "signature"
    with pytest.raises(ValidationError) as exc:
        signoff_decline(user=org.marketing_signatory, request_id=req.pk, reason="changed my mind")
    assert "request" in exc.value.message_dict


def test_decline_requires_reason(org, opened):
    with pytest.raises(ValidationError) as exc:
        signoff_decline(user=org.marketing_signatory, request_id=opened["marketing"].pk, reason=" ")
    assert "reason" in exc.value.message_dict


def test_records_and_used_agreements_are_immutable_in_postgres(org, opened):
    record = _sign(org, opened["marketing"])
    for sql in (
        "UPDATE attribution_signoffrecord SET typed_name = 'X' WHERE id = %s",
        "DELETE FROM attribution_signoffrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="immutable|cannot change"), connection.cursor() as c:
            c.execute("SAVEPOINT s")
            try:
                c.execute(sql, [record.pk])
            finally:
                c.execute("ROLLBACK TO SAVEPOINT s")
    with pytest.raises(DatabaseError, match="immutable|cannot change"), connection.cursor() as c:
        c.execute("SAVEPOINT s")
        try:
            c.execute("UPDATE attribution_creditagreement SET share = 0.5 WHERE id = %s", [record.agreement_id])
        finally:
            c.execute("ROLLBACK TO SAVEPOINT s")
    unused = credit_agreement_create(user=org.lead, department=org.sales, share="0.25")
    CreditAgreement.objects.filter(pk=unused.pk).update(share="0.26")  # unused versions may still change


def test_tampering_is_found_by_verify(org, opened):
    _sign(org, opened["marketing"])
    bad = signoff_decline(user=org.sales_signatory, request_id=opened["sales"].pk, reason="No")
    with connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute("ALTER TABLE attribution_signoffrecord DISABLE TRIGGER signoff_record_immutable")
        c.execute("UPDATE attribution_signoffrecord SET reason = 'Yes' WHERE id = %s", [bad.pk])
        c.execute("ALTER TABLE attribution_signoffrecord ENABLE TRIGGER signoff_record_immutable")
    result = signoff_chain_verify()
    assert result["ok"] is False and result["record"] == bad.pk and result["sequence"] == 2
    with pytest.raises(Exception, match="broken at record"):
        call_command("verify_signoffs")


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_signs_leave_exactly_one_record(org):
    _, event = publish(org, org.marketing)
    req = signoff_requests_open_for_event(event=event)[0]
    terms_hash = credit_agreement_for_signing(department=org.marketing).terms_hash
    results, errors = [], []
    barrier = threading.Barrier(50)

    def attempt():
        try:
            barrier.wait()
            r = signoff_sign(
                user=org.marketing_signatory,
                request_id=req.pk,
                typed_name=org.marketing_signatory.full_name,
                consent=True,
                content_hash=req.revision.content_hash,
                terms_hash=terms_hash,
                authenticated_at=timezone.now(),
            )
            results.append(r.pk)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SignoffRecord.objects.count() == 1
    assert set(results) == {SignoffRecord.objects.get().pk}


def test_actions_and_scorecards(org, opened):
    _sign(org, opened["marketing"])
    a = ActionCommitment.objects.create(
        request=opened["marketing"],
        department=org.marketing,
        description="Fix the bill",
        owner=org.marketing_member,
        due_on=timezone.localdate() - timedelta(days=1),
        created_by=org.marketing_signatory,
    )
    assert a.is_overdue
    cards = {c["slug"]: c for c in department_scorecards()}
    assert set(cards) == {"marketing", "sales"}
    assert cards["marketing"]["signed"] == 1 and cards["sales"]["pending"] == 1
    assert cards["marketing"]["actions_overdue"] == 1


def test_scorecards_query_count_is_constant(org, opened, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        department_scorecards()


def test_reminders_and_escalation_sent_once_and_never_after_answer(org, opened, settings):
    SignoffRequest.objects.update(created_at=timezone.now() - timedelta(days=8))
    first = signoff_reminders_send()
    assert first == {"reminder": 2, "escalation": 2}
    assert signoff_reminders_send() == {"reminder": 0, "escalation": 0}
    assert SignoffReminder.objects.count() == 4 and len(mail.outbox) == 4
    assert org.executive.email in mail.outbox[-1].to


def test_no_reminder_once_answered(org, opened):
    _sign(org, opened["marketing"])
    SignoffRequest.objects.update(created_at=timezone.now() - timedelta(days=4))
    assert signoff_reminders_send() == {"reminder": 1, "escalation": 0}
    assert not SignoffReminder.objects.filter(request=opened["marketing"]).exists()


def test_certificate_pdf_holds_record_hash(org, opened, client, tmp_path):
    record = _sign(org, opened["marketing"])
    client.force_login(org.marketing_member)
    page = client.get(reverse("signoff-certificate", args=[record.pk]))
    assert record.record_hash in page.content.decode()
    pdf = client.get(reverse("signoff-certificate-pdf", args=[record.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert record.record_hash in text.replace("\n", "").replace(" ", "")
    client.force_login(org.sales_member)
    assert client.get(reverse("signoff-certificate", args=[record.pk])).status_code == 404


def test_seed_demo_adds_every_kind_of_sign_off_and_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(SignoffRequest.objects.values_list("status", flat=True))
    assert {"signed", "pinky_sworn", "declined", "pending"} <= statuses
    assert ActionCommitment.objects.exists()
    count = SignoffRecord.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SignoffRecord.objects.count() == count
    assert signoff_chain_verify() == {"ok": True, "records": count, "anchors": 0, "latest_anchor": None}


def test_action_done_on_time_or_dropped_with_reason(org, opened):
    from attribution.services.signoffs import action_commitment_create, action_commitment_set_status

    req = opened["marketing"]
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        action_commitment_create(
            user=org.marketing_member, request_id=req.pk, description="x", owner_id=org.sales_member.pk, due_on=due
        )
    assert "owner" in exc.value.message_dict
    a = action_commitment_create(
        user=org.marketing_member, request_id=req.pk, description="x", owner_id=org.marketing_member.pk, due_on=due
    )
    done = action_commitment_set_status(user=org.marketing_member, action_id=a.pk, status="done")
    assert done.done_on_time is True
    b = action_commitment_create(
        user=org.marketing_member, request_id=req.pk, description="y", owner_id=org.marketing_member.pk, due_on=due
    )
    with pytest.raises(ValidationError) as exc:
        action_commitment_set_status(user=org.marketing_member, action_id=b.pk, status="dropped")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        action_commitment_set_status(user=org.executive, action_id=b.pk, status="dropped", reason="r")


@pytest.mark.django_db(transaction=True)
def test_concurrent_reminder_runs_send_each_step_once(org):
    _, event = publish(org, org.marketing)
    signoff_requests_open_for_event(event=event)
    SignoffRequest.objects.update(created_at=timezone.now() - timedelta(days=8))
    totals = []
    barrier = threading.Barrier(6)

    def run():
        try:
            barrier.wait()
            totals.append(signoff_reminders_send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(t["reminder"] for t in totals) == 1 and sum(t["escalation"] for t in totals) == 1
    assert SignoffReminder.objects.count() == 2


def test_beat_task_runs_the_service(org, opened):
    from attribution.tasks.signoffs import signoff_reminders_send as task

    SignoffRequest.objects.update(created_at=timezone.now() - timedelta(days=4))
    assert task.delay().get() == {"reminder": 2, "escalation": 0}
