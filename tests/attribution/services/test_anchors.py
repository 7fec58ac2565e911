"""Chain anchors: the head copied out of the records table, and verify checking the chain against every one."""

import pytest
from django.core.management import call_command
from django.db import connection

from attribution.models import ChainAnchor, SignoffRecord
from attribution.services.anchors import chain_anchor_write
from attribution.services.signoffs import signoff_chain_verify, signoff_record_hash
from tests.attribution.factories import SignoffRecordFactory


def _tamper(sql: str, params: list) -> None:
    """Change the records table behind the service's back, as someone with the table owner's rights could."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE attribution_signoffrecord DISABLE TRIGGER ALL")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE attribution_signoffrecord ENABLE TRIGGER ALL")


def test_nothing_to_anchor_before_the_first_record(db):
    assert chain_anchor_write() is None
    assert ChainAnchor.objects.count() == 0


def test_the_head_is_anchored_once_until_it_moves(org):
    first = SignoffRecordFactory()
    anchor = chain_anchor_write()
    assert (anchor.sequence, anchor.record_hash) == (first.sequence, first.record_hash)
    assert chain_anchor_write() is None  # the head has not moved
    second = SignoffRecordFactory()
    assert chain_anchor_write().sequence == second.sequence
    assert list(ChainAnchor.objects.values_list("sequence", flat=True)) == [first.sequence, second.sequence]


def test_verify_reports_the_anchors_and_the_latest_one(org):
    SignoffRecordFactory()
    record = SignoffRecordFactory()
    anchor = chain_anchor_write()
    result = signoff_chain_verify()
    assert result["ok"] is True and result["records"] == 2 and result["anchors"] == 1
    assert result["latest_anchor"] == {
        "sequence": record.sequence,
        "record_hash": record.record_hash,
        "created_at": anchor.created_at.isoformat(),
    }


def test_deleting_the_newest_record_after_an_anchor_is_found(org):
    SignoffRecordFactory()
    newest = SignoffRecordFactory()
    chain_anchor_write()
    _tamper("DELETE FROM attribution_signoffrecord WHERE id = %s", [newest.pk])
    result = signoff_chain_verify()
    assert result["ok"] is False and result["records"] == 1
    assert result["sequence"] == newest.sequence and "missing" in result["problem"]
    with pytest.raises(Exception, match=f"#{newest.sequence}.*anchored but is missing"):
        call_command("verify_signoffs")


def test_rewriting_the_newest_record_with_its_hash_recomputed_is_found(org):
    SignoffRecordFactory()
    newest = SignoffRecordFactory(kind=SignoffRecord.Kind.DECLINE, reason="Not ours")
    chain_anchor_write()
    newest.reason = "We agree after all"
    forged = signoff_record_hash(newest)
    _tamper(
        "UPDATE attribution_signoffrecord SET reason = %s, record_hash = %s WHERE id = %s",
        [newest.reason, forged, newest.pk],
    )
    result = signoff_chain_verify()
    assert result["ok"] is False and result["record"] == newest.pk
    assert "no longer has the hash it was anchored with" in result["problem"]


def test_a_record_after_the_last_anchor_is_not_an_anchor_failure(org):
    SignoffRecordFactory()
    chain_anchor_write()
    SignoffRecordFactory()
    assert signoff_chain_verify()["ok"] is True
