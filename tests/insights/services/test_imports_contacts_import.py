"""contacts_import: one service for the command, the API and the page; idempotent, row-level rejection, redaction."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from insights.models import Contact, ImportJob
from insights.services import imports
from insights.services.imports import COLUMNS, contacts_import, import_job_run

HEADER = ",".join(COLUMNS)


def row(key="c1", **overrides) -> str:
    values = {
        "external_id": key,
        "channel": "call",
        "started_at": "2026-01-05T10:00:00Z",
        "queue": "billing",
        "wait_seconds": "12",
        "handle_seconds": "300",
        "abandoned": "false",
        "reason_code": "billing_dispute",
        "resolved_first_contact": "true",
        "csat": "5",
        "nps": "9",
        "sentiment": "0.5",
        "text": "Charged twice",
        "customer_ref": "CUST-1",
        "account_value": "1200.50",
    }
    values.update(overrides)
    return ",".join(f'"{values[c]}"' if "," in str(values[c]) else str(values[c]) for c in COLUMNS)


def write_csv(tmp_path, *rows, name="contacts.csv", bom=False) -> str:
    path = tmp_path / name
    text = "\n".join([HEADER, *rows]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return str(path)


@pytest.fixture(params=[True, False], ids=["copy", "batched"])
def copy(request):
    """Both write paths: COPY + staging table (PostgreSQL) and the batched inserts asked for with copy=False."""
    return request.param


def test_valid_rows_land_with_every_field(db, tmp_path, copy):
    path = write_csv(tmp_path, row("c1"), row("c2", channel="chat", resolved_first_contact="", csat="", nps=""))
    job = contacts_import(path=path, source="crm", copy=copy)
    assert (job.status, job.rows, job.created, job.duplicates, job.rejected) == ("done", 2, 2, 0, 0)
    assert job.progress == 1
    assert len(job.checksum) == 64
    c1 = Contact.objects.get(source="crm", external_id="c1")
    assert c1.channel == "call"
    assert c1.started_at == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert (c1.queue, c1.wait_seconds, c1.handle_seconds, c1.abandoned) == ("billing", 12, 300, False)
    assert (c1.reason_code, c1.resolved_first_contact, c1.csat, c1.nps) == ("billing_dispute", True, 5, 9)
    assert (c1.sentiment, c1.account_value, c1.customer_ref) == (Decimal("0.500"), Decimal("1200.50"), "CUST-1")
    assert c1.import_job == job
    c2 = Contact.objects.get(source="crm", external_id="c2")
    assert (c2.resolved_first_contact, c2.csat, c2.nps) == (None, None, None)


def test_text_is_redacted_before_it_is_stored(db, tmp_path, copy):
    text = "Write to jo@example.com or call +44 20 7946 0958; card 4111 1111 1111 1111; order 4111111111111112"
    job = contacts_import(path=write_csv(tmp_path, row("c1", text=f'"{text}"')), source="crm", copy=copy)
    assert job.created == 1
    stored = Contact.objects.get().text
    assert stored == "Write to [EMAIL] or call [PHONE]; card [CARD]; order 4111111111111112"


def test_reimporting_the_same_file_creates_no_duplicates(db, tmp_path, copy):
    path = write_csv(tmp_path, row("c1"), row("c2"), row("c3"))
    first = contacts_import(path=path, source="crm", copy=copy)
    again = contacts_import(path=path, source="crm", copy=copy)
    assert (first.created, first.duplicates) == (3, 0)
    assert (again.rows, again.created, again.duplicates) == (3, 0, 3)
    assert first.checksum == again.checksum
    assert Contact.objects.count() == 3


def test_overlapping_files_add_only_the_new_contacts(db, tmp_path, copy):
    contacts_import(path=write_csv(tmp_path, row("c1"), row("c2"), name="a.csv"), source="crm", copy=copy)
    job = contacts_import(path=write_csv(tmp_path, row("c2"), row("c3"), name="b.csv"), source="crm", copy=copy)
    assert (job.created, job.duplicates) == (1, 1)
    assert sorted(Contact.objects.values_list("external_id", flat=True)) == ["c1", "c2", "c3"]


def test_same_external_id_from_another_source_is_another_contact(db, tmp_path, copy):
    path = write_csv(tmp_path, row("c1"))
    contacts_import(path=path, source="crm", copy=copy)
    assert contacts_import(path=path, source="telephony", copy=copy).created == 1
    assert Contact.objects.count() == 2


def test_a_key_repeated_within_the_file_and_across_batches_lands_once(db, tmp_path, copy, monkeypatch):
    monkeypatch.setattr(imports.jobs, "BATCH_ROWS", 3)
    rows = [row(f"c{i}") for i in range(8)] + [row("c1", text="again"), row("c7", text="again")]
    job = contacts_import(path=write_csv(tmp_path, *rows), source="crm", copy=copy)
    assert (job.rows, job.created, job.duplicates, job.rejected) == (10, 8, 2, 0)
    assert not Contact.objects.filter(text="again").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"wait_seconds": "-3"}, "wait_seconds"),
        ({"handle_seconds": "-1"}, "handle_seconds"),
        ({"csat": "7"}, "csat"),
        ({"csat": "0"}, "csat"),
        ({"nps": "11"}, "nps"),
        ({"sentiment": "1.5"}, "sentiment"),
        ({"sentiment": "NaN"}, "sentiment"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"started_at": "2026-02-30T10:00:00"}, "started_at"),
        ({"started_at": ""}, "started_at"),
        ({"wait_seconds": "ten"}, "wait_seconds"),
        ({"handle_seconds": "3.5"}, "handle_seconds"),
        ({"account_value": "lots"}, "account_value"),
        ({"account_value": "-5"}, "account_value"),
        ({"abandoned": "maybe"}, "abandoned"),
        ({"resolved_first_contact": "perhaps"}, "resolved_first_contact"),
        ({"text": "x" * (imports.TEXT_MAX_CHARS + 1)}, "text"),
        ({"queue": "q" * 81}, "queue"),
        ({"external_id": ""}, "external_id"),
        ({"customer_ref": "jo@example.com"}, "customer_ref"),
    ],
)
def test_a_row_with_a_bad_field_is_rejected_whole_and_the_others_land(db, tmp_path, overrides, field):
    path = write_csv(tmp_path, row("good-1"), row("bad", **overrides), row("good-2"))
    job = contacts_import(path=path, source="crm")
    assert (job.rows, job.created, job.rejected) == (3, 2, 1)
    assert sorted(Contact.objects.values_list("external_id", flat=True)) == ["good-1", "good-2"]
    [error] = job.row_errors.all()
    assert (error.row_number, error.field) == (3, field)  # the header is line 1
    assert error.message


def test_every_bad_field_of_a_row_is_reported(db, tmp_path):
    job = contacts_import(path=write_csv(tmp_path, row("bad", channel="fax", csat="9")), source="crm")
    assert sorted(job.row_errors.values_list("field", flat=True)) == ["channel", "csat"]
    assert job.rejected == 1


def test_a_row_with_the_wrong_number_of_values_is_rejected(db, tmp_path):
    job = contacts_import(path=write_csv(tmp_path, row("good"), "x,call"), source="crm")
    assert (job.created, job.rejected) == (1, 1)
    assert job.row_errors.get().field == "row"


def test_booleans_accept_the_documented_spellings(db, tmp_path):
    rows = [row(f"c{i}", abandoned=v, resolved_first_contact=v) for i, v in enumerate(["TRUE", "1", "yes", "No", "0"])]
    contacts_import(path=write_csv(tmp_path, *rows), source="crm")
    assert list(Contact.objects.order_by("external_id").values_list("abandoned", flat=True)) == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_a_time_without_offset_is_read_in_the_configured_time_zone(db, tmp_path, settings):
    settings.TIME_ZONE = "Europe/Paris"
    rows = [row("naive", started_at="2026-01-05T10:00:00"), row("offset", started_at="2026-01-05T10:00:00-05:00")]
    contacts_import(path=write_csv(tmp_path, *rows), source="crm")
    assert Contact.objects.get(external_id="naive").started_at == datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert Contact.objects.get(external_id="offset").started_at == datetime(2026, 1, 5, 15, tzinfo=UTC)


def test_utf8_with_byte_order_mark_is_accepted(db, tmp_path):
    job = contacts_import(path=write_csv(tmp_path, row("c1", text="Ça ne marche pas"), bom=True), source="crm")
    assert job.created == 1
    assert Contact.objects.get().text == "Ça ne marche pas"


def test_json_lines_with_typed_values(db, tmp_path, copy):
    lines = [
        {"external_id": "j1", "channel": "chat", "started_at": "2026-01-05T10:00:00+00:00", "wait_seconds": 4,
         "handle_seconds": 90, "abandoned": False, "csat": 4, "nps": None, "sentiment": -0.25,
         "resolved_first_contact": None, "text": "mail me: a@b.io", "account_value": 99.5},
        {"external_id": "j2", "channel": "survey", "started_at": "2026-01-05T11:00:00Z", "csat": 9},
    ]  # fmt: skip
    path = tmp_path / "contacts.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    job = contacts_import(path=path, source="chat", copy=copy)
    assert (job.rows, job.created, job.rejected) == (2, 1, 1)
    j1 = Contact.objects.get()
    assert (j1.wait_seconds, j1.csat, j1.nps, j1.sentiment) == (4, 4, None, Decimal("-0.250"))
    assert (j1.text, j1.account_value, j1.resolved_first_contact) == ("mail me: [EMAIL]", Decimal("99.50"), None)
    assert job.row_errors.get().row_number == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"external_id,channel\nc1,call\n", "started_at"),
        (b"", "empty"),
        (HEADER.encode() + b"\nc1,call,2026-01-05,,,,,,,,,,caf\xe9,,\n", "UTF-8"),
        (b'[{"external_id": "c1"}]\n', "columns"),
        (b'{"external_id": "c1", "channel": "call"}\n', "started_at"),
    ],
    ids=["missing-column", "empty", "latin-1", "json-array", "jsonl-missing-key"],
)
def test_an_unusable_file_is_refused_with_one_error_and_nothing_written(db, tmp_path, content, message):
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as caught:
        contacts_import(path=path, source="crm")
    [error] = caught.value.message_dict["file"]
    assert message in error
    assert not Contact.objects.exists()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(db, tmp_path, settings):
    path = write_csv(tmp_path, row("c1"), row("c2"))
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="IMPORT_MAX_BYTES"):
        contacts_import(path=path, source="crm")
    assert not Contact.objects.exists()


def test_source_is_required(db, tmp_path):
    with pytest.raises(ValidationError) as caught:
        contacts_import(path=write_csv(tmp_path, row("c1")), source=" ")
    assert "source" in caught.value.message_dict


def test_running_a_finished_job_again_changes_nothing(db, tmp_path):
    job = contacts_import(path=write_csv(tmp_path, row("c1")), source="crm")
    again = import_job_run(job_id=job.pk)
    assert (again.status, again.created, again.duplicates) == ("done", 1, 0)


def test_an_interrupted_job_run_again_reports_exact_counts(db, tmp_path):
    job = contacts_import(path=write_csv(tmp_path, row("c1"), row("c2"), row("bad", csat="9")), source="crm")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)  # as if the worker died
    again = import_job_run(job_id=job.pk)
    assert (again.rows, again.created, again.duplicates, again.rejected) == (3, 2, 0, 1)
    assert again.row_errors.count() == 1
    assert Contact.objects.count() == 2


def test_command_prints_the_counts_and_the_rejected_rows(db, tmp_path, capsys):
    path = write_csv(tmp_path, row("c1"), row("c2", csat="7"))
    call_command("import_contacts", path, "--source", "crm", "--no-progress")
    out = capsys.readouterr().out
    assert "2 rows, 1 created, 0 duplicates, 1 rejected" in out
    assert "row 3, csat" in out


def test_command_exits_1_only_when_the_file_is_unusable(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(CommandError, match="lacks the required columns") as caught:
        call_command("import_contacts", str(path), "--source", "crm", "--no-progress")
    assert caught.value.returncode == 1
    call_command("import_contacts", write_csv(tmp_path, row("bad", csat="7")), "--source", "crm", "--no-progress")


def test_a_path_that_is_not_a_file_is_refused(db, tmp_path):
    with pytest.raises(ValidationError, match="no file"):
        contacts_import(path=tmp_path, source="crm")
