"""verify_signoffs: prints the chain's figures with its anchors, and fails naming what does not match."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from attribution.services.anchors import chain_anchor_write
from tests.attribution.factories import SignoffRecordFactory


def test_prints_the_records_and_the_latest_anchor(org, capsys):
    record = SignoffRecordFactory()
    chain_anchor_write()
    call_command("verify_signoffs")
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is True and printed["records"] == 1 and printed["anchors"] == 1
    assert printed["latest_anchor"]["record_hash"] == record.record_hash


def test_fails_when_the_anchored_record_was_deleted(org):
    record = SignoffRecordFactory()
    chain_anchor_write()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE attribution_signoffrecord DISABLE TRIGGER ALL")
        cursor.execute("DELETE FROM attribution_signoffrecord WHERE id = %s", [record.pk])
        cursor.execute("ALTER TABLE attribution_signoffrecord ENABLE TRIGGER ALL")
    with pytest.raises(CommandError, match=f"#{record.sequence}\\): record #{record.sequence} was anchored"):
        call_command("verify_signoffs")
